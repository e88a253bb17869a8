/**
 * A late purchase order re-promises the orders it hits, on the demo plant: an order of rods
 * turned from bought C45 bar stock is confirmed, the bar's requisition ordered and sent; the
 * supplier confirms a date 10 working days after the due date → the saw waits for the bar, the
 * line's promise moves later by about that, the line is late (event, exceptions page); the
 * supplier confirms the due date again → the promise comes back. An overdue line is picked up
 * by the periodic re-plan.
 */
import type { LatePurchases, SupplierDateResult } from '@takt/contracts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/audit';
import { queryRows } from '../../platform/db/database';
import { type ConfirmedDemoOrder, confirmDemoOrder } from '../../testing/demo-order';
import { openTestApp, type TestApp } from '../../testing/test-app';
import type { ScheduledJobOperation } from '../production/service';
import { latePurchaseKey } from '../purchasing/late-lines';
import { consumersOf } from './late-purchase-holds';

const DAY = 86_400_000;
let t: TestApp;
let confirmed: ConfirmedDemoOrder;
let po: { id: string; number: string; version: number; lines: { id: string; dueAt: string }[] };
let dueDate: string;
/** the line's promise with the bar on time: due when the plan asked for it */
let before: { plannedAt: string; p90At: string };
let version: number;

const localDate = (iso: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date(iso));
/** `n` weekdays after a local date */
const weekdaysAfter = (date: string, n: number) => {
  const d = new Date(`${date}T12:00:00Z`);
  for (let left = n; left > 0; ) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) left--;
  }
  return d.toISOString().slice(0, 10);
};
const linePromise = async () => {
  const order = (await t.as('sales').get(`/api/sales-orders/${confirmed.order.id}`)).json();
  return order.lines[0].promise as { plannedAt: string; p90At: string };
};
const lateEvents = async (lineId: string) =>
  queryRows<{ payload: { overdue: boolean; confirmedLater: boolean; salesOrderLineIds: string[] } }>(
    t.services.db,
    sql`select payload from integration_events where type = 'purchase-order.late' and entity_id = ${lineId}
        order by sequence`,
  );

beforeAll(async () => {
  t = await openTestApp();
  await t.services.demo.seedIfEmpty();
  confirmed = await confirmDemoOrder(t, { itemNumber: 'FG-ROD-060', quantity: 4, requestedInDays: 20 });
  const [bar] = await queryRows<{ id: string }>(
    t.services.db,
    sql`select id from items where number = 'RM-C45-060'`,
  );
  // the bar requisitioned for the order's line (another one refills the safety stock)
  const [requisition] = await queryRows<{ id: string }>(
    t.services.db,
    sql`select supply_id as id from supply_pegs where sales_order_line_id = ${confirmed.lineId}
        and item_id = ${bar.id} and supply_kind = 'purchase-requisition'`,
  );
  const ordered = await t.as('buyer').post('/api/requisitions/order', { requisitionIds: [requisition.id] });
  expect(ordered.statusCode, ordered.body).toBe(201);
  const [draft] = ordered.json();
  const sent = await t.as('buyer').post(`/api/purchase-orders/${draft.id}/send`, { version: draft.version });
  expect(sent.statusCode, sent.body).toBe(200);
  po = sent.json();
  const timeZone = (
    await queryRows<{ time_zone: string }>(t.services.db, sql`select time_zone from calendars limit 1`)
  )[0].time_zone;
  expect(timeZone).toBe('Europe/Berlin');
  dueDate = localDate(po.lines[0].dueAt);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('the supplier confirms a later date', () => {
  let result: SupplierDateResult;

  it('confirming the due date plans the work for when the bar is due: on time, nothing late', async () => {
    const res = await t
      .as('buyer')
      .post(`/api/purchase-orders/${po.id}/lines/${po.lines[0].id}/supplier-date`, {
        confirmedDate: dueDate,
        version: po.version,
      });
    expect(res.statusCode, res.body).toBe(200);
    const onTime = res.json() as SupplierDateResult;
    expect(onTime.late).toBe(false);
    expect(onTime.purchaseOrder.lines[0]).toMatchObject({ lateSince: null, expectedAt: po.lines[0].dueAt });
    expect(onTime.atRisk).toEqual([]);
    // the confirmation planned the saw when the bar could come at the earliest; now it waits for its due date
    const [op] = await queryRows<{ planned_setup_start: Date }>(
      t.services.db,
      sql`select planned_setup_start from job_operations where job_id = ${confirmed.jobs[0].id}
          order by number limit 1`,
    );
    expect(new Date(op.planned_setup_start).getTime()).toBeGreaterThanOrEqual(Date.parse(po.lines[0].dueAt));
    expect(await lateEvents(po.lines[0].id)).toEqual([]);
    // nothing late: the periodic re-plan has no purchase to look at again
    expect(await latePurchaseKey(t.services.db, new Date())).toBe('');
    before = await linePromise();
    version = onTime.purchaseOrder.version;
  });

  it('re-plans with the new date and re-promises the line later by about the delay', async () => {
    const res = await t
      .as('buyer')
      .post(`/api/purchase-orders/${po.id}/lines/${po.lines[0].id}/supplier-date`, {
        confirmedDate: weekdaysAfter(dueDate, 10),
        version,
      });
    expect(res.statusCode, res.body).toBe(200);
    result = res.json();
    expect(result.late).toBe(true);
    const line = result.purchaseOrder.lines[0];
    expect(localDate(line.confirmedAt!)).toBe(weekdaysAfter(dueDate, 10));
    expect(line.expectedAt).toBe(line.confirmedAt);
    expect(line.lateSince).not.toBeNull();
    expect(line.dueAt).toBe(po.lines[0].dueAt); // what the plan asked for stays
    expect(result.moved).toBeGreaterThan(0);
    const move = result.promises.find((p) => p.lineId === confirmed.lineId)!;
    expect(move, res.body).toBeDefined();
    expect(move.plannedBefore).toBe(before.plannedAt);
    // ten working days are fourteen calendar days (more over holidays); the saw waits, the rest follows
    const planned = (Date.parse(move.plannedAfter!) - Date.parse(before.plannedAt)) / DAY;
    const p90 = (Date.parse(move.p90After!) - Date.parse(before.p90At)) / DAY;
    expect(planned).toBeGreaterThan(12);
    expect(planned).toBeLessThan(21);
    expect(p90).toBeGreaterThan(11);
    expect(p90).toBeLessThan(22);
    const now = await linePromise();
    expect(now.plannedAt).toBe(move.plannedAfter);
  });

  it('holds the saw for the bar: the rod job’s first operation starts when the bar is expected', async () => {
    const [op] = await queryRows<{ planned_setup_start: Date }>(
      t.services.db,
      sql`select o.planned_setup_start from job_operations o
          where o.job_id = ${confirmed.jobs[0].id} order by o.number limit 1`,
    );
    const expected = Date.parse(result.expectedAt);
    expect(new Date(op.planned_setup_start).getTime()).toBeGreaterThanOrEqual(expected);
  });

  it('reports the line late once, with the order line it hits', async () => {
    // the periodic re-plan would look again: a line is late now
    expect(await latePurchaseKey(t.services.db, new Date())).toContain(po.lines[0].id);
    const events = await lateEvents(po.lines[0].id);
    expect(events).toHaveLength(1);
    expect(events[0].payload).toMatchObject({ confirmedLater: true, overdue: false });
    expect(events[0].payload.salesOrderLineIds).toEqual([confirmed.lineId]);
  });

  it('lists the line on the exceptions page with the order it hits', async () => {
    const res = await t.as('planner').get('/api/planning/late-purchases');
    expect(res.statusCode, res.body).toBe(200);
    const late = (res.json() as LatePurchases).lines.find((l) => l.purchaseOrderLineId === po.lines[0].id)!;
    expect(late, res.body).toBeDefined();
    expect(late).toMatchObject({
      reason: 'confirmed-later',
      purchaseOrderNumber: po.number,
      itemNumber: 'RM-C45-060',
    });
    expect(late.daysLate).toBe(14);
    expect(late.heldOperations).toBeGreaterThanOrEqual(1);
    expect(late.lines.map((l) => l.lineId)).toEqual([confirmed.lineId]);
    expect(late.lines[0].orderNumber).toBe(confirmed.order.number);
    expect(late.lines[0].p90At).toBe(result.promises[0].p90After);
  });

  it('brings the promise back when the supplier confirms the due date again', async () => {
    const res = await t
      .as('buyer')
      .post(`/api/purchase-orders/${po.id}/lines/${po.lines[0].id}/supplier-date`, {
        confirmedDate: dueDate,
        version: result.purchaseOrder.version,
      });
    expect(res.statusCode, res.body).toBe(200);
    const back = res.json() as SupplierDateResult;
    expect(back.late).toBe(false);
    expect(back.purchaseOrder.lines[0].lateSince).toBeNull();
    const move = back.promises.find((p) => p.lineId === confirmed.lineId)!;
    expect(move.plannedAfter).toBe(before.plannedAt);
    expect(Math.abs(Date.parse(move.p90After!) - Date.parse(before.p90At)) / DAY).toBeLessThan(0.5);
    const list = (await t.as('planner').get('/api/planning/late-purchases')).json() as LatePurchases;
    expect(list.lines.some((l) => l.purchaseOrderLineId === po.lines[0].id)).toBe(false);
    expect(await lateEvents(po.lines[0].id)).toHaveLength(1); // on time again: nothing to report
    result = back;
  });

  it('refuses a stale version, a date in the past, an unknown line and an operator', async () => {
    const url = `/api/purchase-orders/${po.id}/lines/${po.lines[0].id}/supplier-date`;
    const tomorrow = new Date(Date.now() + DAY).toISOString().slice(0, 10);
    const stale = await t.as('buyer').post(url, { confirmedDate: tomorrow, version });
    expect(stale.statusCode).toBe(409);
    const past = await t
      .as('buyer')
      .post(url, { confirmedDate: '2020-01-06', version: result.purchaseOrder.version });
    expect(past.statusCode).toBe(422);
    expect(past.json().errors[0]).toMatchObject({ field: 'confirmedDate', rule: 'not-past' });
    const unknown = await t
      .as('buyer')
      .post(`/api/purchase-orders/${po.id}/lines/00000000-0000-4000-8000-000000000001/supplier-date`, {
        confirmedDate: tomorrow,
        version: result.purchaseOrder.version,
      });
    expect(unknown.statusCode).toBe(404);
    const operator = await t.as('operator').post(url, { confirmedDate: tomorrow, version: 1 });
    expect(operator.statusCode).toBe(403);
    const missing = await t.as('buyer').post(url, { confirmedDate: tomorrow });
    expect(missing.statusCode).toBe(428);
  });
});

describe('an overdue purchase order line', () => {
  it('is reported and held by the periodic re-plan once its due date has passed', async () => {
    const now = new Date(Date.parse(po.lines[0].dueAt) + 2 * DAY);
    const replanned = await t.services.progressReplan.replan(systemActor, now);
    expect(replanned.latePurchases.map((l) => l.purchaseOrderLineId)).toEqual([po.lines[0].id]);
    const events = await lateEvents(po.lines[0].id);
    expect(events).toHaveLength(2);
    expect(events[1].payload).toMatchObject({ overdue: true, salesOrderLineIds: [confirmed.lineId] });
    // nothing that needs the bar starts before it can come: not before the next working day
    const [op] = await queryRows<{ planned_setup_start: Date }>(
      t.services.db,
      sql`select o.planned_setup_start from job_operations o
          where o.job_id = ${confirmed.jobs[0].id} order by o.number limit 1`,
    );
    expect(new Date(op.planned_setup_start).getTime()).toBeGreaterThan(now.getTime());
    const again = await t.services.progressReplan.replan(systemActor, new Date(now.getTime() + 60_000));
    expect(again.latePurchases).toEqual([]); // reported once
  });
});

describe('what a purchase order line feeds', () => {
  const op = (id: string, jobId: string, number: string, predecessors: string[], line: string | null) =>
    ({
      id,
      jobId,
      number,
      predecessors,
      itemId: `item-${jobId}`,
      salesOrderLineId: line,
    }) as ScheduledJobOperation;
  const L1 = '11111111-1111-4111-8111-111111111111';

  it('finds the not-started operations of pegged jobs whose item consumes the material', () => {
    const scheduled = [
      op('a10', 'A', '010', [], L1),
      op('a20', 'A', '020', ['010'], L1),
      op('b10', 'B', '010', [], null),
      op('c10', 'C', '010', [], null),
    ];
    const consumers = consumersOf(
      [{ id: 'po-1', itemId: 'bar', salesOrderLineId: null }],
      [{ supplyId: 'po-1', demandId: L1 }],
      [
        { jobId: 'B', demandId: L1 },
        { jobId: 'C', demandId: L1 },
      ],
      scheduled,
      new Map([['b10', { status: 'running' as const }]]),
      [
        { parentItemId: 'item-A', childItemId: 'bar', operationNumber: '020' },
        { parentItemId: 'item-B', childItemId: 'bar', operationNumber: null },
        { parentItemId: 'item-C', childItemId: 'other', operationNumber: null },
      ],
    );
    // A consumes it at 020; B at its first operation, but that one runs already; C needs other material
    expect(consumers.get('po-1')).toEqual({ operationIds: ['a20'], jobIds: ['A'], lineIds: [L1] });
  });
});
