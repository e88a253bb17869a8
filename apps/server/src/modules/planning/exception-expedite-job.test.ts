/**
 * The one-click expedite of a job, over the API on the demo plant: a confirmed order's job is
 * planned to finish after the order line needs it (its last operation moved late on the board)
 * and its due date was postponed past the need, so MRP says "expedite". The action brings the
 * due date to the need and re-plans the job from progress: it is planned to finish by the need,
 * earlier than before, the line is re-promised, and a fresh read of the exceptions no longer
 * has it. The same click again is stale (409).
 */
import type { ExceptionActionResult, MrpExceptionMessage, MrpExceptions } from '@takt/contracts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/audit';
import { queryRows } from '../../platform/db/database';
import { type ConfirmedDemoOrder, confirmDemoOrder } from '../../testing/demo-order';
import { openTestApp, type TestApp } from '../../testing/test-app';

const DAY = 86_400_000;

let t: TestApp;
let order: ConfirmedDemoOrder;
let jobId: string;

const job = async () => {
  const [row] = await queryRows<{ due: string; planned_end: string; version: number; number: string }>(
    t.services.db,
    sql`select due, planned_end, version, number from production_jobs where id = ${jobId}`,
  );
  return {
    ...row,
    due: new Date(row.due).toISOString(),
    planned_end: new Date(row.planned_end).toISOString(),
  };
};
const expediteOf = async (): Promise<MrpExceptionMessage | undefined> => {
  const res = await t.as('buyer').get('/api/planning/exceptions');
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as MrpExceptions).exceptions.find((e) => e.kind === 'expedite' && e.supplyId === jobId);
};

beforeAll(async () => {
  t = await openTestApp();
  await t.services.demo.seedIfEmpty();
  order = await confirmDemoOrder(t, { itemNumber: 'FG-ROD-060', quantity: 20, requestedInDays: 30 });
  jobId = order.jobs[0].id;
  // the planner pushed the job's last operation to after the promised date (then unpinned it) ...
  const [last] = await queryRows<{ id: string; machine_index: number }>(
    t.services.db,
    sql`select id, machine_index from job_operations where job_id = ${jobId} order by number desc limit 1`,
  );
  const promised = Date.parse(`${order.order.lines[0].promisedDate}T00:00:00Z`);
  const body = {
    operationId: last.id,
    machineIndex: last.machine_index,
    start: new Date(promised + 3 * DAY).toISOString(),
  };
  const preview = (await t.as('planner').post('/api/planning/moves/preview', body)).json();
  const applied = await t.as('planner').post('/api/planning/moves/apply', {
    ...body,
    planFingerprint: preview.planFingerprint,
    previewedAt: preview.previewedAt,
  });
  if (applied.statusCode !== 200) throw new Error(applied.body);
  await t.as('planner').post(`/api/planning/operations/${last.id}/unpin`, {});
  // ... and someone postponed its due date by three weeks
  const { due, version } = await job();
  await t.services.db.transaction((tx) =>
    t.services.production.changeDue(tx, systemActor, {
      jobId,
      due: new Date(Date.parse(due) + 21 * DAY),
      version,
    }),
  );
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('expediting a job from its MRP exception', () => {
  it('lists the job as due after its need, with the expedite action', async () => {
    const exception = (await expediteOf())!;
    expect(exception).toBeDefined();
    const { due, number } = await job();
    expect(exception).toMatchObject({
      supplyKind: 'job',
      supplyNumber: number,
      supplyDueAt: due,
      actions: ['expedite'],
    });
    expect(Date.parse(exception.date)).toBeLessThan(Date.parse(due));
    expect(exception.lines.map((l) => l.lineId)).toEqual([order.lineId]);
  });

  it('brings its due date to the need and re-plans it to finish by then, and the exception is gone', async () => {
    const exception = (await expediteOf())!;
    const before = await job();
    // planned to finish after the need: the move made it late
    expect(Date.parse(before.planned_end)).toBeGreaterThan(Date.parse(exception.date));
    const [promiseBefore] = await queryRows<{ promise: { plannedAt: string } }>(
      t.services.db,
      sql`select promise from sales_order_lines where id = ${order.lineId}`,
    );

    const body = { action: 'expedite', key: exception.key, version: exception.version, date: exception.date };
    const response = await t.as('buyer').post('/api/planning/exceptions/actions', body);
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json() as ExceptionActionResult;
    expect(result.changes).toEqual([
      { document: before.number, field: 'due', from: before.due, to: exception.date },
    ]);
    expect(result.resolved).toBe(true);

    // what the action promises: the due date at the need, the job planned to finish by it
    const after = await job();
    expect(after.due).toBe(exception.date);
    expect(after.version).toBe(before.version + 1);
    expect(Date.parse(after.planned_end)).toBeLessThan(Date.parse(before.planned_end));
    expect(Date.parse(after.planned_end)).toBeLessThanOrEqual(Date.parse(exception.date));
    // the line is re-promised from the new plan, and the answer says so
    const moved = result.promises.find((p) => p.lineId === order.lineId)!;
    expect(moved, JSON.stringify(result.promises)).toBeDefined();
    expect(moved.plannedBefore).toBe(promiseBefore.promise.plannedAt);
    expect(Date.parse(moved.plannedAfter!)).toBeLessThan(Date.parse(moved.plannedBefore!));

    // a fresh read: MRP no longer asks to expedite it
    expect(await expediteOf()).toBeUndefined();
    const again = await t.as('buyer').post('/api/planning/exceptions/actions', body);
    expect(again.statusCode, again.body).toBe(409);
  });
});
