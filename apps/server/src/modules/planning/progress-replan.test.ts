/**
 * The plan follows the shop floor: a confirmed order's first operation is started and a
 * quarter of it reported, then the plan is re-scheduled from a moment after its promised date.
 * What is left moves to after that moment, the operation under way keeps its machine and only
 * its remaining work, and the line is re-promised and reported at risk once.
 */

import type { ScheduleProblem } from '@takt/engine';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/audit';
import { queryRows } from '../../platform/db/database';
import { confirmDemoOrder } from '../../testing/demo-order';
import { openTestApp, type TestApp } from '../../testing/test-app';
import { progressedProblem } from './progress-replan';

let t: TestApp;
const DAY = 86_400_000;
let lineId: string;
let orderId: string;
let promisedDate: string;
let firstOp: { id: string; runMinutes: number; machineIndex: number; workCenterId: string };
let jobId: string;

beforeAll(async () => {
  t = await openTestApp();
  await t.services.demo.seedIfEmpty();
  const confirmed = await confirmDemoOrder(t, { itemNumber: 'FG-ROD-060', quantity: 4, requestedInDays: 1 });
  orderId = confirmed.order.id;
  lineId = confirmed.lineId;
  promisedDate = confirmed.order.lines[0].promisedDate;
  await t.services.execution.release(systemActor, { horizonDays: 365 });
  const [job] = (await t.as('planner').get(`/api/jobs?salesOrderLineId=${lineId}`)).json().items;
  jobId = job.id;
  firstOp = (await t.as('planner').get(`/api/jobs/${job.id}`)).json().operations[0];
  const operator = t.userIds.operator;
  await t.services.execution.book(systemActor, operator, firstOp.id, {
    clientEventId: 'replan-run',
    kind: 'run',
  });
  await t.services.execution.book(systemActor, operator, firstOp.id, {
    clientEventId: 'replan-one',
    kind: 'quantity',
    goodQuantity: 1,
  });
}, 120_000);
afterAll(async () => {
  await t.close();
});

describe('re-planning from shop-floor progress', () => {
  it('keeps an operation under way on its machine with only what is left of it', () => {
    const problem: ScheduleProblem = {
      machines: [
        { id: 'm1', workCenterId: 'w' },
        { id: 'm2', workCenterId: 'w' },
      ],
      jobs: [{ id: 'j', orderId: 'o', dueDate: 100 }],
      operations: [
        { id: 'a', jobId: 'j', modes: [{ machineId: 'm1', duration: 80, setup: 20 }] },
        { id: 'b', jobId: 'j', modes: [{ machineId: 'm2', duration: 50 }] },
      ],
      precedences: [{ before: 'a', after: 'b' }],
    };
    const progress = new Map([
      ['a', { status: 'setup' as const, doneShare: 0.25, actualSetupMinutes: 5, actualMachineIndex: 1 }],
    ]);
    const moved = progressedProblem(problem, progress, new Map([['a', 'm2']]), 500);
    expect(moved.operations[0].modes).toEqual([{ machineId: 'm2', duration: 60, setup: 15 }]);
    expect(moved.operations[1]).toBe(problem.operations[1]); // not started: as planned
    expect(moved.jobs[0].releaseDate).toBe(500); // nothing starts before now
  });

  it('moves what is left after now and re-promises the line, at risk once', async () => {
    const now = new Date(Date.parse(`${promisedDate}T12:00:00Z`) + 2 * DAY);
    const first = await t.services.progressReplan.replan(systemActor, now);
    expect(first.moved).toBeGreaterThan(0);
    expect(first.rePromised).toBeGreaterThanOrEqual(1);
    expect(first.atRisk.map((r) => r.lineId)).toContain(lineId);

    const ops = await queryRows<{
      id: string;
      planned_start: Date;
      planned_end: Date;
      run_minutes: string;
      machine_index: number;
      status: string;
    }>(
      t.services.db,
      sql`select id, planned_start, planned_end, run_minutes, machine_index, status from job_operations where job_id = ${jobId} order by number`,
    );
    for (const op of ops)
      expect(new Date(op.planned_start).getTime()).toBeGreaterThanOrEqual(now.getTime() - 60_000);
    expect(ops[0]).toMatchObject({ status: 'running', machine_index: firstOp.machineIndex });

    const order = (await t.as('sales').get(`/api/sales-orders/${orderId}`)).json();
    const line = order.lines[0];
    expect(line.promisedDate).toBe(promisedDate); // the customer's date stays
    expect(Date.parse(line.promise.p90At)).toBeGreaterThan(Date.parse(`${promisedDate}T00:00:00Z`));
    expect(line.promise.explanation).toMatch(/re-promised from shop-floor progress/);
    const summary = (await t.as('sales').get('/api/sales-orders'))
      .json()
      .items.find((o: { id: string }) => o.id === orderId);
    expect(summary.atRisk).toBe(true);

    const again = await t.services.progressReplan.replan(systemActor, new Date(now.getTime() + 60_000));
    expect(again.atRisk).toEqual([]); // already known to be late: no second alert
    const [events] = await queryRows<{ n: number }>(
      t.services.db,
      sql`select count(*)::int as n from integration_events where type = 'order.line.at-risk' and entity_id = ${lineId}`,
    );
    expect(events.n).toBe(1);
  });

  it('is open to planners, not to operators', async () => {
    expect((await t.as('operator').post('/api/planning/replan-from-progress')).statusCode).toBe(403);
    const response = await t.as('planner').post('/api/planning/replan-from-progress');
    expect(response.statusCode, response.body).toBe(200);
  });
});
