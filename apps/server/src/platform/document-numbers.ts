/**
 * Human document numbers: SO-000123, JOB-000456. One counter row per series, advanced inside
 * the caller's transaction (rolled back with it, so no gaps; the row lock serializes creators).
 */
import { sql } from 'drizzle-orm';
import type { Db } from './db/database';
import { queryRows } from './db/database';

export type NumberSeries = 'SO' | 'Q' | 'JOB' | 'PO' | 'PR' | 'LOT' | 'NCR' | 'DN' | 'PRJ' | 'ECO';

const format = (series: NumberSeries, n: number) => `${series}-${String(n).padStart(6, '0')}`;

/** `count` consecutive numbers of the series, in order. */
export async function nextDocumentNumbers(db: Db, series: NumberSeries, count: number): Promise<string[]> {
  if (count <= 0) return [];
  const [row] = await queryRows<{ last: number }>(
    db,
    sql`insert into number_series (series, next) values (${series}, ${count + 1})
        on conflict (series) do update set next = number_series.next + ${count}
        returning next - 1 as last`,
  );
  const first = Number(row.last) - count + 1;
  return Array.from({ length: count }, (_, i) => format(series, first + i));
}

export async function nextDocumentNumber(db: Db, series: NumberSeries): Promise<string> {
  const [number] = await nextDocumentNumbers(db, series, 1);
  return number;
}
