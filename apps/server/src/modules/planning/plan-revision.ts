/**
 * The plan revision (migration `0010_plan-revision`): a number the database gives a new value, from
 * a sequence, on every write to a table planning reads (items, structures, resources, jobs and
 * their operations, purchases, stock moves, reservations, pegs). Planning keeps what it read under
 * the revision it read it at and reads again only when the revision moved
 * (`planning-service.ts`); values are never given twice, so a state kept under a revision a
 * rolled-back transaction saw is never taken for another.
 *
 * Inside a transaction the revision includes the transaction's own writes (the trigger's update is
 * its own). `lockPlanRevision` holds the revision's row until the transaction ends: no other
 * transaction's write to those tables commits in between, so what the holder writes is all that
 * changes from the revision it locked to the one it leaves.
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from '../../platform/db/database';

/** The plan revision as this connection or transaction sees it. */
export async function planRevision(db: Db | Tx): Promise<number> {
  const [row] = await queryRows<{ value: number }>(db, sql`select value from plan_revision where id = 1`);
  return Number(row.value);
}

/** The plan revision, its row locked until the transaction ends (see the module comment). */
export async function lockPlanRevision(tx: Tx): Promise<number> {
  const [row] = await queryRows<{ value: number }>(
    tx,
    sql`select value from plan_revision where id = 1 for update`,
  );
  return Number(row.value);
}
