/**
 * The design gate of an engineer-to-order line is kept by every re-plan, against the real
 * database: the line's child job (a welded frame made for it) starts after the design's last
 * operation and the customer's approval in the first schedule and after a re-plan from progress
 * (without the projects' designs the same re-plan would pull it ahead of the design); a
 * long-lead part released early for procurement (partial release) is made at once, not held.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/audit';
import { queryRows } from '../../platform/db/database';
import { ok } from '../../testing/responses';
import { openTestApp, type TestApp } from '../../testing/test-app';
import { PerformanceService } from '../performance/service';
import { ProgressReplanService } from '../planning/progress-replan';
import { ProductionService } from '../production/service';
import { SalesOrderService } from '../sales/order-service';

let t: TestApp;
const DAY = 86_400_000;
const APPROVAL_DAYS = 2;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
let machine: string;
let frame: string;
let shaft: string;
let lineId: string;
let projectId: string;
let draft: { id: string; version: number };
let turning: string;

async function madeItem(number: string, strategy: string, workCenterId: string, minutes: number) {
  const admin = t.as('admin');
  const item = await ok(admin.post('/api/items', { number, name: number, kind: 'make', strategy }), 201);
  const routing = await ok(
    admin.post(`/api/items/${item.id}/routings`, {
      operations: [{ number: '010', name: `Make ${number}`, workCenterId, runMinutesPerUnit: minutes }],
    }),
    201,
  );
  await ok(
    admin.post(`/api/routings/${routing.id}/release`, { version: routing.version, validFrom: '2020-01-01' }),
  );
  return item.id as string;
}

/** The line's open job operations with their item and planned times. */
async function plan() {
  const rows = await queryRows<{ item_id: string; number: string; setup_start: string; end: string }>(
    t.services.db,
    sql`select j.item_id, o.number, o.planned_setup_start::text as setup_start, o.planned_end::text as end
        from job_operations o join production_jobs j on j.id = o.job_id
        where j.sales_order_line_id = ${lineId} and j.status <> 'cancelled'
        order by j.number, o.number`,
  );
  const op = (itemId: string, number: string) => {
    const row = rows.find((r) => r.item_id === itemId && r.number === number);
    expect(row, `${itemId} ${number}`).toBeTruthy();
    return { start: Date.parse(row!.setup_start), end: Date.parse(row!.end) };
  };
  return { op, has: (itemId: string) => rows.some((r) => r.item_id === itemId) };
}

beforeAll(async () => {
  t = await openTestApp();
  const admin = t.as('admin');
  const weekdays = [1, 2, 3, 4, 5];
  const calendar = async (name: string, start: string, end: string) =>
    ok(
      admin.post('/api/calendars', {
        name,
        timeZone: 'Europe/Berlin',
        shifts: weekdays.map((weekday) => ({ weekday, start, end })),
      }),
      201,
    );
  const office = await calendar('Engineering office', '08:00', '16:00');
  const shop = await calendar('Shop two shifts', '06:00', '22:00');
  const wc = async (code: string, calendarId: string) =>
    (await ok(admin.post('/api/work-centers', { code, name: code, machines: 1, calendarId }), 201))
      .id as string;
  const assy = await wc('ASSY', shop.id);
  const weld = await wc('WELD', shop.id);
  const turn = await wc('TURN', shop.id);
  turning = turn;
  const eng = await wc('TD-MECH', office.id);
  const customer = await ok(
    t.as('sales').post('/api/customers', { number: 'C-0300', name: 'Hütte West AG' }),
    201,
  );
  machine = await madeItem('SPM-GATE-1', 'ETO', assy, 480);
  frame = await madeItem('FRAME-W-1', 'MTO', weld, 240);
  shaft = await madeItem('SHAFT-LL-1', 'MTO', turn, 600);
  const cover = await ok(
    admin.post('/api/items', { number: 'COVER-1', name: 'Cover', kind: 'buy', leadTimeDays: 3 }),
    201,
  );
  const bom = await ok(
    t.as('engineer').post(`/api/items/${machine}/boms`, {
      lines: [{ position: 10, childItemId: frame, quantityPer: 1, operationNumber: '010' }],
    }),
    201,
  );
  await ok(
    t.as('engineer').post(`/api/boms/${bom.id}/release`, { version: bom.version, validFrom: '2020-01-01' }),
  );
  // the design as it grows: the long-lead shaft and a cover not designed to the end yet
  draft = await ok(
    t.as('engineer').post(`/api/items/${machine}/boms`, {
      lines: [
        { position: 10, childItemId: frame, quantityPer: 1, operationNumber: '010' },
        { position: 20, childItemId: shaft, quantityPer: 1, operationNumber: '010' },
        { position: 30, childItemId: cover.id, quantityPer: 1, operationNumber: '010' },
      ],
    }),
    201,
  );
  const order = await ok(
    t.as('sales').post('/api/sales-orders', {
      customerId: customer.id,
      lines: [{ itemId: machine, quantity: 1, requestedDate: inDays(20), unitPrice: 5_000_000 }],
    }),
    201,
  );
  lineId = order.lines[0].id;
  projectId = (
    await ok(
      t.as('sales').post('/api/projects', {
        name: 'Gate press',
        salesOrderLineId: lineId,
        approvalDays: APPROVAL_DAYS,
        engineeringTasks: [
          { number: 'E010', name: 'Concept', workCenterId: eng, hours: 16 },
          { number: 'E020', name: 'Detail design', workCenterId: eng, hours: 24, predecessors: ['E010'] },
        ],
      }),
      201,
    )
  ).id;
  await ok(t.as('sales').post(`/api/sales-orders/${order.id}/confirm`, { version: order.version }));
}, 180_000);

afterAll(async () => {
  await t.close();
});

describe('the design gate of an engineer-to-order line', () => {
  it('holds the child job behind the design and approval in the first schedule and after a re-plan from progress', async () => {
    const first = await plan();
    const designEnd = first.op(machine, 'E020').end;
    expect(first.op(frame, '010').start).toBeGreaterThanOrEqual(designEnd + APPROVAL_DAYS * DAY);

    // the same re-plan without the projects' designs pulls the frame ahead of the design
    const planning = t.services.planning;
    const ungated = new ProgressReplanService(t.services.db, {
      production: (h) => new ProductionService(h),
      orders: (h) => new SalesOrderService(h, planning),
      measuredUncertainty: (h) => new PerformanceService(h).measuredUncertainty(),
    });
    await ungated.replan(systemActor);
    expect((await plan()).op(frame, '010').start).toBeLessThan(designEnd);

    // every re-plan of the services keeps the gate
    const replanned = await t.services.progressReplan.replan(systemActor);
    expect(replanned.moved).toBeGreaterThan(0);
    const after = await plan();
    const end = after.op(machine, 'E020').end;
    expect(after.op(frame, '010').start).toBeGreaterThanOrEqual(end + APPROVAL_DAYS * DAY);
    expect(after.op(machine, '010').start).toBeGreaterThanOrEqual(after.op(frame, '010').end);
  }, 120_000);

  it('does not hold a long-lead part released early for procurement', async () => {
    const released = await ok(
      t.as('engineer').post(`/api/boms/${draft.id}/partial-release`, {
        version: draft.version,
        positions: [20],
        projectId,
      }),
    );
    expect(released.release.scope).toBe('partial');
    const check = async () => {
      const p = await plan();
      expect(p.has(shaft)).toBe(true);
      const designEnd = p.op(machine, 'E020').end;
      // the shaft is made now, before the design is done; the frame still waits for it
      expect(p.op(shaft, '010').start).toBeLessThan(designEnd);
      expect(p.op(frame, '010').start).toBeGreaterThanOrEqual(designEnd + APPROVAL_DAYS * DAY);
      // the machine is assembled from both, after the design
      expect(p.op(machine, '010').start).toBeGreaterThanOrEqual(
        Math.max(p.op(shaft, '010').end, p.op(frame, '010').end, designEnd),
      );
    };
    await check();
    await t.services.progressReplan.replan(systemActor);
    await check();
  }, 120_000);

  it('keeps the gate in a what-if scenario, and in the plan when the scenario is adopted', async () => {
    const planner = t.as('planner');
    // a change elsewhere: the lathe down for an hour in a month; the scenario re-plans everything
    const from = new Date(Date.now() + 30 * DAY);
    const scenario = await ok(
      planner.post('/api/planning/scenarios', {
        name: 'Lathe service',
        changes: [
          {
            kind: 'machine-down',
            workCenterId: turning,
            from: from.toISOString(),
            to: new Date(from.getTime() + 3_600_000).toISOString(),
          },
        ],
      }),
      201,
    );
    const { run } = await ok(planner.post(`/api/planning/scenarios/${scenario.id}/compute`, {}), 202);
    const finished = await t.services.scenarios.runs.finished(run.id);
    expect(finished.status, finished.error ?? '').toBe('done');
    const computed = await ok(planner.get(`/api/planning/scenarios/${scenario.id}`));
    await ok(planner.post(`/api/planning/scenarios/${scenario.id}/adopt`, { version: computed.version }));
    const p = await plan();
    const designEnd = p.op(machine, 'E020').end;
    expect(p.op(frame, '010').start).toBeGreaterThanOrEqual(designEnd + APPROVAL_DAYS * DAY);
  }, 120_000);
});
