/**
 * Lead time measured from receipts feeds planning, on the demo plant: C45 bar stock is nominally
 * 10 working days from its supplier. Three purchase orders of it arrive six weeks after they were
 * placed and three weeks after their due date → the measured lead time (the median, in working
 * days) replaces the nominal one for the next requisition and the promise of an order that needs
 * the bar moves later; the Monte Carlo takes the bar's measured lateness. Two receipts measure
 * nothing yet.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/audit';
import { queryRows } from '../../platform/db/database';
import { confirmDemoOrder } from '../../testing/demo-order';
import { openTestApp, type TestApp } from '../../testing/test-app';
import { workingDaysBetween } from './receipt-lead-time';

const DAY = 86_400_000;
let t: TestApp;
let bar: { id: string };
let supplierId: string;

const promiseOfRods = async () => {
  const res = await t.as('sales').post('/api/promise', {
    itemId: (
      await queryRows<{ id: string }>(t.services.db, sql`select id from items where number = 'FG-ROD-060'`)
    )[0].id,
    quantity: 4,
    requestedDate: new Date(Date.now() + 10 * DAY).toISOString().slice(0, 10),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().promise as { plannedAt: string; binding: { kind: string; availableAt?: string } };
};

const performance = async () => {
  const res = await t.as('buyer').get(`/api/supply-performance?itemId=${bar.id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().find((p: { supplierId: string }) => p.supplierId === supplierId);
};

/** A purchase of 10 kg of bar placed six weeks ago, due three weeks ago, received now. */
async function lateReceipt(key: string) {
  await t.services.db.transaction((tx) =>
    t.services.requisitions.createRequisitions(tx, systemActor, [
      {
        key,
        itemId: bar.id,
        quantity: 10,
        neededAt: new Date(),
        orderBy: new Date(),
        supplierId,
        salesOrderLineId: null,
      },
    ]),
  );
  const [requisition] = await queryRows<{ id: string }>(
    t.services.db,
    sql`select id from purchase_requisitions where item_id = ${bar.id} and status = 'open'
        and supplier_id = ${supplierId} order by created_at desc limit 1`,
  );
  const [po] = (
    await t.as('buyer').post('/api/requisitions/order', { requisitionIds: [requisition.id] })
  ).json();
  await t.as('buyer').post(`/api/purchase-orders/${po.id}/send`, { version: po.version });
  await t.services.db.execute(
    sql`update purchase_orders set ordered_at = now() - interval '42 days' where id = ${po.id}`,
  );
  await t.services.db.execute(
    sql`update purchase_order_lines set due_at = now() - interval '21 days' where purchase_order_id = ${po.id}`,
  );
  const received = await t.as('buyer').post('/api/purchase-orders/receipts', {
    purchaseOrderLineId: po.lines[0].id,
    quantity: 10,
    closeLine: true,
  });
  expect(received.statusCode, received.body).toBe(201);
  return po.id as string;
}

beforeAll(async () => {
  t = await openTestApp();
  await t.services.demo.seedIfEmpty();
  [bar] = await queryRows<{ id: string }>(
    t.services.db,
    sql`select id from items where number = 'RM-C45-060'`,
  );
  const terms = (await t.as('buyer').get(`/api/items/${bar.id}/supply-terms`)).json();
  supplierId = terms.find((x: { preferred: boolean }) => x.preferred).supplierId;
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('lead time measured from receipts', () => {
  let nominalPromise: Awaited<ReturnType<typeof promiseOfRods>>;

  it('counts a receipt’s lead time in the plant’s working days', async () => {
    nominalPromise = await promiseOfRods();
    expect(nominalPromise.binding.kind).toBe('material');
    const first = await lateReceipt('late-1');
    const [receipt] = await queryRows<{ lead_time_days: string; ordered_at: Date; received_at: Date }>(
      t.services.db,
      sql`select r.lead_time_days, po.ordered_at, r.received_at from purchase_receipts r
          join purchase_order_lines l on l.id = r.purchase_order_line_id
          join purchase_orders po on po.id = l.purchase_order_id where po.id = ${first}`,
    );
    const days = Number(receipt.lead_time_days);
    expect(days).toBe(
      await workingDaysBetween(t.services.db, new Date(receipt.ordered_at), new Date(receipt.received_at)),
    );
    // six calendar weeks are 30 working days less the holidays in them
    expect(days).toBeGreaterThanOrEqual(25);
    expect(days).toBeLessThanOrEqual(30);
  });

  it('measures nothing from two receipts: planning keeps the nominal lead time', async () => {
    await lateReceipt('late-2');
    expect(await performance()).toMatchObject({
      receipts: 2,
      leadTimeDays: null,
      onTimeRate: null,
      nominalLeadTimeDays: 10,
      plannedLeadTimeDays: 10,
    });
    const promise = await promiseOfRods();
    expect(promise.plannedAt).toBe(nominalPromise.plannedAt);
  });

  it('plans with the measured lead time from the third receipt on: the promise and the requisition move', async () => {
    await lateReceipt('late-3');
    const measured = await performance();
    expect(measured).toMatchObject({ receipts: 3, onTimeRate: 0, nominalLeadTimeDays: 10 });
    expect(measured.leadTimeDays).toBeGreaterThanOrEqual(25);
    expect(measured.plannedLeadTimeDays).toBe(measured.leadTimeDays);
    expect(measured.meanDelayDays).toBeGreaterThan(20);
    expect(measured.meanDelayDays).toBeLessThan(22);

    const promise = await promiseOfRods();
    expect(promise.binding.kind).toBe('material');
    const moved = (Date.parse(promise.plannedAt) - Date.parse(nominalPromise.plannedAt)) / DAY;
    // 15+ working days more before the bar can be there: three weeks and more
    expect(moved).toBeGreaterThan(20);

    const confirmed = await confirmDemoOrder(t, {
      itemNumber: 'FG-ROD-060',
      quantity: 4,
      requestedInDays: 10,
    });
    const [requisition] = await queryRows<{ needed_at: Date; created_at: Date }>(
      t.services.db,
      sql`select r.needed_at, r.created_at from purchase_requisitions r
          join supply_pegs p on p.supply_id = r.id and p.supply_kind = 'purchase-requisition'
          where p.sales_order_line_id = ${confirmed.lineId} and r.item_id = ${bar.id}`,
    );
    // ordered now, it comes after the measured lead time, not the nominal 10 working days
    const lead =
      (new Date(requisition.needed_at).getTime() - new Date(requisition.created_at).getTime()) / DAY;
    expect(lead).toBeGreaterThan(33);
  });

  it('gives the Monte Carlo the bar’s measured lateness', async () => {
    const uncertainty = await t.services.performance.measuredUncertainty();
    expect(uncertainty.materials?.[bar.id]?.probabilityLate).toBe(1);
    expect(uncertainty.materials?.[bar.id]?.meanDelayDays).toBeGreaterThan(20);
    // three receipts are too few for the plant-wide default
    expect(uncertainty.materialLateness).toBeUndefined();
  });

  it('answers per supplier too, and refuses a query without item or supplier', async () => {
    const res = await t.as('buyer').get(`/api/supply-performance?supplierId=${supplierId}`);
    expect(res.statusCode, res.body).toBe(200);
    const rows = res.json() as { itemId: string; receipts: number }[];
    expect(rows.find((r) => r.itemId === bar.id)?.receipts).toBe(3);
    expect(rows.filter((r) => r.itemId !== bar.id).every((r) => r.receipts === 0)).toBe(true);
    expect((await t.as('buyer').get('/api/supply-performance')).statusCode).toBe(400);
  });
});
