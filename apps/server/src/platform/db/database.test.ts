/**
 * Several reads started at once inside one transaction (a service's `Promise.all`) run one after
 * the other on its connection, in order, with the results each asked for, and pg's warning about
 * queries on a busy client never fires.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../testing/test-database';
import { type Database, queryRows } from './database';

let database: Database;
const warnings: string[] = [];
const onWarning = (warning: Error) => warnings.push(warning.message);

beforeAll(async () => {
  database = await openTestDatabase();
  process.on('warning', onWarning);
});
afterAll(async () => {
  process.off('warning', onWarning);
  await database.close();
});

describe('a transaction', () => {
  it('answers reads started at once, each with its own result, without a busy-client warning', async () => {
    const answers = await database.db.transaction(async (tx) => {
      await tx.execute(sql`create temporary table probe (n int) on commit drop`);
      return Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          queryRows<{ n: number }>(
            tx,
            i % 3 === 0
              ? sql`insert into probe values (${i}) returning n`
              : sql`select ${i}::int as n from pg_sleep(0.005)`,
          ),
        ),
      );
    });
    expect(answers.map((rows) => rows[0].n)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.filter((w) => w.includes('already executing'))).toEqual([]);
  });

  it('still rolls back when one of them fails', async () => {
    await database.db.execute(sql`create table if not exists probe_kept (n int)`);
    await expect(
      database.db.transaction(async (tx) => {
        await Promise.all([
          tx.execute(sql`insert into probe_kept values (1)`),
          tx.execute(sql`select 1 / 0`),
        ]);
      }),
    ).rejects.toThrow();
    const rows = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from probe_kept`);
    expect(rows[0].n).toBe(0);
  });
});
