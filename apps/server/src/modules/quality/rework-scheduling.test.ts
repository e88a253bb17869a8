/**
 * A rework disposition puts a real operation into the plan, over the API on the demo plant: an
 * order for six cylinder rods is confirmed and released, the lathe operation (010) is under way
 * when two rods fail; the supervisor reworks them on the milling work center. The rework
 * operation handles the NCR's two parts, sits on a machine of the chosen work center after the
 * failed operation and before the job's next one (which shifts when it must), is in the
 * dispatch list in schedule order and on the planning board, stays a normal operation for the
 * progress re-plan, and its booked work reaches the order's actual cost. Bad input is a 422
 * problem+json that writes nothing.
 */
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/database';
import { openTestApp, type TestApp } from '../../testing/test-app';

const DAY = 86_400_000;
const MINUTE = 60_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
let tap = 0;
const eventId = () => `rework-test-${++tap}-${Math.random().toString(36).slice(2)}`;

interface Op {
  id: string;
  number: string;
  workCenterId: string;
  workCenterCode: string;
  machineIndex: number | null;
  setupMinutes: number;
  runMinutes: number;
  plannedSetupStart: string | null;
  plannedStart: string | null;
  plannedEnd: string | null;
  status: string;
  quantity: number;
  rework: boolean;
}
interface WorkCenter {
  id: string;
  code: string;
  machines: number;
  costRates: { setup: number; machine: number; labour: number };
}

let t: TestApp;
let orderId: string;
let job: { id: string; number: string; quantity: number };
let mill: WorkCenter;
let lathe: WorkCenter;
/** the rework operation the first disposition adds */
let rework: Op;

const expectProblem = (response: LightMyRequestResponse, status: number, field: string, rule: string) => {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
};

const jobOps = async (): Promise<Op[]> =>
  (await t.as('planner').get(`/api/jobs/${job.id}`)).json().operations;
const opNumbered = async (number: string) => (await jobOps()).find((o) => o.number === number)!;
const report = async (jobOperationId: string, quantity: number) => {
  const response = await t
    .as('operator')
    .post('/api/non-conformances', { jobOperationId, quantity, description: 'Ø60 undersize after turning' });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
};
const disposition = (ncr: { id: string; version: number }, reworkOperation: Record<string, unknown>) =>
  t.as('supervisor').post(`/api/non-conformances/${ncr.id}/disposition`, {
    disposition: 'rework',
    version: ncr.version,
    reworkOperation,
  });
const bookAt = (operationId: string, kind: 'setup' | 'run' | 'pause' | 'finish', at: Date, good?: number) =>
  t.services.execution.book(
    { id: t.userIds.operator, name: 'Test operator' },
    t.userIds.operator,
    operationId,
    { clientEventId: eventId(), kind, ...(good !== undefined ? { goodQuantity: good } : {}) },
    at,
  );
const ms = (iso: string | null) => Date.parse(iso!);

beforeAll(async () => {
  t = await openTestApp();
  await t.services.demo.seedIfEmpty();
  const [rod] = (await t.as('sales').get('/api/items?q=MP-ROD-060')).json().items;
  const [customer] = (await t.as('sales').get('/api/customers?q=C-0001')).json().items;
  const order = (
    await t.as('sales').post('/api/sales-orders', {
      customerId: customer.id,
      lines: [{ itemId: rod.id, quantity: 6, requestedDate: inDays(30), unitPrice: 60_000 }],
    })
  ).json();
  const confirmed = await t
    .as('sales')
    .post(`/api/sales-orders/${order.id}/confirm`, { version: order.version });
  expect(confirmed.statusCode, confirmed.body).toBe(200);
  orderId = order.id;
  const lineId = confirmed.json().lines[0].id;
  const jobs = (await t.as('planner').get(`/api/jobs?salesOrderLineId=${lineId}`)).json().items;
  const rodJob = jobs.find((j: { itemNumber: string }) => j.itemNumber === 'MP-ROD-060');
  expect((await t.as('planner').post('/api/jobs/release', { horizonDays: 90 })).statusCode).toBe(200);
  job = { id: rodJob.id, number: rodJob.number, quantity: rodJob.quantity };
  expect(job.quantity).toBe(6);
  const centers = (await t.as('planner').get('/api/work-centers?limit=100')).json().items as WorkCenter[];
  mill = centers.find((w) => w.code === 'MILL')!;
  lathe = centers.find((w) => w.code === 'LATHE')!;
  expect(mill.machines).toBe(2);
  // the lathe operation is under way (set up, ran, paused for the break) when the defect shows
  const turning = await opNumbered('010');
  const now = Date.now();
  for (const [kind, minutesAgo] of [
    ['setup', 100],
    ['run', 80],
    ['pause', 60],
  ] as const)
    await bookAt(turning.id, kind, new Date(now - minutesAgo * MINUTE));
}, 180_000);
afterAll(async () => {
  await t.close();
});

describe('a rework disposition', () => {
  it('schedules the NCR’s parts on a machine of the chosen work center, after the failed operation and before the next, pushing it', async () => {
    const before = await jobOps();
    const turning = before.find((o) => o.number === '010')!;
    const grinding = before.find((o) => o.number === '030')!;
    expect(turning.status).toBe('paused');
    expect(grinding.plannedSetupStart).not.toBeNull();
    const ncr = await report(turning.id, 2);
    // long enough that grinding, planned after turning, must wait for the rework
    const gapMinutes = (ms(grinding.plannedSetupStart) - ms(turning.plannedEnd)) / MINUTE;
    const perPiece = Math.ceil(Math.max(gapMinutes, 0) / 2) + 120;

    const response = await disposition(ncr, {
      name: 'Re-turn Ø60 on the mill',
      workCenterId: mill.id,
      setupMinutes: 20,
      runMinutesPerPiece: perPiece,
    });
    expect(response.statusCode, response.body).toBe(200);
    const rates = mill.costRates;
    expect(response.json()).toMatchObject({
      status: 'dispositioned',
      cost: Math.round((20 / 60) * rates.setup + ((2 * perPiece) / 60) * (rates.machine + rates.labour)),
      reworkOperation: { number: '010R1', status: 'released', workCenterCode: 'MILL' },
    });

    const after = await jobOps();
    rework = after.find((o) => o.number === '010R1')!;
    expect(rework).toMatchObject({
      rework: true,
      quantity: 2,
      workCenterCode: 'MILL',
      setupMinutes: 20,
      runMinutes: 2 * perPiece,
    });
    expect(rework.machineIndex).toBeGreaterThanOrEqual(0);
    expect(rework.machineIndex).toBeLessThan(mill.machines);
    for (const field of ['plannedSetupStart', 'plannedStart', 'plannedEnd'] as const)
      expect(rework[field], field).not.toBeNull();
    // after the failed operation (under way: it stays exactly where it was planned), never in the past
    const turned = after.find((o) => o.number === '010')!;
    expect(turned).toMatchObject({
      machineIndex: turning.machineIndex,
      plannedSetupStart: turning.plannedSetupStart,
      plannedEnd: turning.plannedEnd,
      quantity: 6,
    });
    expect(ms(rework.plannedSetupStart)).toBeGreaterThanOrEqual(ms(turning.plannedEnd));
    expect(ms(rework.plannedSetupStart)).toBeGreaterThanOrEqual(Date.now() - 2 * MINUTE);
    // before the job's next operation, which waits for it and moved later to make room
    const ground = after.find((o) => o.number === '030')!;
    expect(ms(ground.plannedSetupStart)).toBeGreaterThanOrEqual(ms(rework.plannedEnd));
    expect(ms(ground.plannedSetupStart)).toBeGreaterThan(ms(grinding.plannedSetupStart));
    const [row] = await queryRows<{ predecessors: string[] }>(
      t.services.db,
      sql`select predecessors from job_operations where id = ${ground.id}`,
    );
    expect(row.predecessors).toEqual(['010', '010R1']);
    // the job's planned end follows its operations
    const detail = (await t.as('planner').get(`/api/jobs/${job.id}`)).json();
    expect(ms(detail.plannedEnd)).toBe(Math.max(...after.map((o) => ms(o.plannedEnd))));
    // and the order line is re-promised in the same transaction: planned no earlier than the job's end
    const [line] = (await t.as('sales').get(`/api/sales-orders/${orderId}`)).json().lines;
    expect(line.promise.explanation).toContain('rework was added to the plan');
    expect(ms(line.promise.plannedAt)).toBeGreaterThanOrEqual(ms(detail.plannedEnd));
    expect(ms(line.promise.p90At)).toBeGreaterThanOrEqual(ms(line.promise.plannedAt));
  });

  it('is in the mill’s dispatch list in schedule order with its own quantity, marked as rework', async () => {
    const list = (await t.as('operator').get(`/api/work-centers/${mill.id}/dispatch-list`)).json();
    const ops = list.operations as (Op & { jobQuantity: number })[];
    const at = ops.findIndex((o) => o.id === rework.id);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(ops[at]).toMatchObject({
      number: '010R1',
      quantity: 2,
      jobQuantity: 6,
      rework: true,
      plannedSetupStart: rework.plannedSetupStart,
      machineCode: `MILL-${rework.machineIndex! + 1}`,
      waitingFor: ['010'],
    });
    const waiting = ops.filter((o) => !['setup', 'running', 'paused'].includes(o.status));
    const starts = waiting.map((o) => ms(o.plannedSetupStart));
    expect(starts.every((s) => !Number.isNaN(s))).toBe(true);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    const detail = (await t.as('operator').get(`/api/job-operations/${rework.id}`)).json();
    expect(detail).toMatchObject({ quantity: 2, jobQuantity: 6, rework: true });
    // the operation after it waits for it at the terminal too
    const ground = await opNumbered('030');
    const next = (await t.as('operator').get(`/api/job-operations/${ground.id}`)).json();
    expect(next.waitingFor).toEqual(['010', '010R1']);
  });

  it('is on the planning board with its own quantity', async () => {
    const from = new Date(ms(rework.plannedSetupStart) - 60 * MINUTE).toISOString();
    const to = new Date(ms(rework.plannedEnd) + 60 * MINUTE).toISOString();
    const response = await t
      .as('planner')
      .get(`/api/planning/board?from=${from}&to=${to}&workCenterIds=${mill.id}`);
    expect(response.statusCode, response.body).toBe(200);
    const [wc] = response.json().workCenters;
    const onMachine = wc.machines[rework.machineIndex!].operations;
    expect(onMachine).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: rework.id,
          operationNumber: '010R1',
          jobNumber: job.number,
          quantity: 2,
          plannedSetupStart: rework.plannedSetupStart,
        }),
      ]),
    );
    // no other operation overlaps it on its machine
    for (const o of onMachine as { id: string; plannedSetupStart: string; plannedEnd: string }[])
      if (o.id !== rework.id)
        expect(
          ms(o.plannedEnd) <= ms(rework.plannedSetupStart) ||
            ms(o.plannedSetupStart) >= ms(rework.plannedEnd),
        ).toBe(true);
  });

  it('stays a normal operation for the progress re-plan: scheduled, after 010, before 030', async () => {
    const replanned = await t.services.progressReplan.replan({ id: t.userIds.planner, name: 'Test planner' });
    expect(replanned.moved).toBeGreaterThanOrEqual(0);
    const ops = await jobOps();
    const again = ops.find((o) => o.id === rework.id)!;
    const turning = ops.find((o) => o.number === '010')!;
    const ground = ops.find((o) => o.number === '030')!;
    expect(again.machineIndex).not.toBeNull();
    expect(again.workCenterCode).toBe('MILL');
    expect(ms(again.plannedSetupStart)).toBeGreaterThanOrEqual(ms(turning.plannedEnd));
    expect(ms(ground.plannedSetupStart)).toBeGreaterThanOrEqual(ms(again.plannedEnd));
    rework = again;
  });

  it('adds the work booked on it to the order’s actual cost', async () => {
    const costBefore = (await t.as('sales').get(`/api/sales-orders/${orderId}/cost`)).json();
    const [workBefore] = (await t.services.production.workCostOfJobs([job.id])).values();
    const now = Date.now();
    await bookAt(rework.id, 'setup', new Date(now - 90 * MINUTE));
    await bookAt(rework.id, 'run', new Date(now - 60 * MINUTE));
    const finished = await bookAt(rework.id, 'finish', new Date(now), 2);
    expect(finished.operation).toMatchObject({ status: 'done', goodQuantity: 2, quantity: 2 });
    const [workAfter] = (await t.services.production.workCostOfJobs([job.id])).values();
    // 30 min setup, 60 min run, the operator clocked on for all 90
    const rates = mill.costRates;
    const booked = (30 / 60) * rates.setup + (60 / 60) * rates.machine + (90 / 60) * rates.labour;
    expect(workAfter.actualCost - workBefore.actualCost).toBeCloseTo(booked, 0);
    const costAfter = (await t.as('sales').get(`/api/sales-orders/${orderId}/cost`)).json();
    expect(Math.abs(costAfter.actual.work - costBefore.actual.work - booked)).toBeLessThanOrEqual(1);
  });

  it('defaults to the failed operation’s work center and run minutes per piece', async () => {
    const turning = await opNumbered('010');
    const ncr = await report(turning.id, 3);
    const response = await disposition(ncr, { name: 'Re-turn on the lathe' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().reworkOperation).toMatchObject({ number: '010R2', workCenterCode: 'LATHE' });
    const added = await opNumbered('010R2');
    expect(added).toMatchObject({ quantity: 3, workCenterId: lathe.id, setupMinutes: 0 });
    expect(added.runMinutes).toBeCloseTo((turning.runMinutes / 6) * 3, 2);
    expect(added.machineIndex).not.toBeNull();
    expect(ms(added.plannedSetupStart)).toBeGreaterThanOrEqual(ms(turning.plannedEnd));
  });
});

describe('a rework disposition with bad input', () => {
  const planSnapshot = () =>
    queryRows<{ ops: string; audits: number }>(
      t.services.db,
      sql`select (select string_agg(concat_ws('|', id, number, machine_index, planned_setup_start, planned_end,
                    array_to_string(predecessors, ',')), ';' order by id) from job_operations) as ops,
                 (select count(*)::int from audit_log) as audits`,
    );

  it('is refused as 422 problem+json naming the field, and writes nothing', async () => {
    const turning = await opNumbered('010');
    const ncr = await report(turning.id, 1);
    const [before] = await planSnapshot();
    expectProblem(
      await disposition(ncr, { name: 'x', workCenterId: '00000000-0000-4000-8000-000000000001' }),
      422,
      'reworkOperation.workCenterId',
      'reference',
    );
    expectProblem(
      await disposition(ncr, { name: 'x', workCenterId: mill.id, runMinutesPerPiece: -5 }),
      422,
      'reworkOperation.runMinutesPerPiece',
      'positive',
    );
    expectProblem(
      await disposition(ncr, { name: 'x', runMinutesPerPiece: 0 }),
      422,
      'reworkOperation.runMinutesPerPiece',
      'positive',
    );
    expectProblem(
      await disposition(ncr, { name: 'x', setupMinutes: -1 }),
      422,
      'reworkOperation.setupMinutes',
      'min',
    );
    const [after] = await planSnapshot();
    expect(after).toEqual(before);
    const still = (await t.as('supervisor').get(`/api/non-conformances/${ncr.id}`)).json();
    expect(still).toMatchObject({
      status: 'open',
      disposition: null,
      version: ncr.version,
      reworkOperation: null,
    });
  });
});
