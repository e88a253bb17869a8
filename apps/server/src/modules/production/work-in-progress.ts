/**
 * Work in progress and booked time as the plant's KPIs read them: the released, unfinished jobs
 * at given instants (quantity and value at standard cost), and the time operators were booked
 * on operations per work center (an operation's sessions merged, so two operators on one
 * machine count its time once). Read functions of production: set-based, one query each.
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from '../../platform/db/database';

export interface WipAt {
  at: Date;
  jobs: number;
  quantity: number;
  /** minor units at the item's standard cost */
  value: number;
}

/** Jobs released at or before each instant and not finished by then (cancelled jobs never count). */
export async function wipAt(db: Db | Tx, instants: Date[]): Promise<WipAt[]> {
  if (instants.length === 0) return [];
  const rows = await queryRows<{ at: string | Date; jobs: string; quantity: string; value: string }>(
    db,
    sql`select b.at, count(j.id) as jobs, coalesce(sum(j.quantity), 0) as quantity,
               coalesce(sum(j.quantity * i.standard_cost_amount), 0) as value
        from (select jsonb_array_elements_text(${JSON.stringify(instants.map((d) => d.toISOString()))}::jsonb)::timestamptz as at) b
        left join production_jobs j on j.released_at <= b.at and (j.actual_end is null or j.actual_end > b.at)
             and j.status <> 'cancelled'
        left join items i on i.id = j.item_id
        group by b.at order by b.at`,
  );
  return rows.map((r) => ({
    at: new Date(r.at),
    jobs: Number(r.jobs),
    quantity: Number(r.quantity),
    value: Math.round(Number(r.value)),
  }));
}

/** Booked intervals [start, end) in ms per work center overlapping [from, to), sessions of an operation merged. */
export async function bookedIntervalsBetween(
  db: Db | Tx,
  from: Date,
  to: Date,
  now: Date = new Date(),
): Promise<Map<string, { start: number; end: number }[]>> {
  const rows = await queryRows<{
    work_center_id: string;
    job_operation_id: string;
    started_at: string | Date;
    ended_at: string | Date;
  }>(
    db,
    sql`select o.work_center_id, s.job_operation_id, s.started_at, coalesce(s.ended_at, ${now}) as ended_at
        from operator_sessions s join job_operations o on o.id = s.job_operation_id
        where s.started_at < ${to} and coalesce(s.ended_at, ${now}) > ${from}
        order by o.work_center_id, s.job_operation_id, s.started_at`,
  );
  const out = new Map<string, { start: number; end: number }[]>();
  let last: { op: string; interval: { start: number; end: number } } | null = null;
  for (const r of rows) {
    const start = new Date(r.started_at).getTime();
    const end = new Date(r.ended_at).getTime();
    if (last && last.op === r.job_operation_id && start <= last.interval.end) {
      last.interval.end = Math.max(last.interval.end, end);
      continue;
    }
    const interval = { start, end };
    out.set(r.work_center_id, [...(out.get(r.work_center_id) ?? []), interval]);
    last = { op: r.job_operation_id, interval };
  }
  return out;
}
