/**
 * Changing and cancelling confirmed orders on the demo plant: the preview shows exactly what
 * applying does and writes nothing; applying takes the line's not-started supply out of the
 * plan and re-plans it; other orders keep their promises.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/database';
import { openTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
let drive: { id: string };
let customer: { id: string };
const DAY = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await openTestApp();
  await t.services.demo.seedIfEmpty();
  [drive] = (await t.as('sales').get('/api/items?q=AS-DRIVE-080')).json().items;
  [customer] = (await t.as('sales').get('/api/customers?q=C-0001')).json().items;
}, 120_000);
afterAll(async () => {
  await t.close();
});

async function confirmedOrder(quantity: number, days: number) {
  const created = await t.as('sales').post('/api/sales-orders', {
    customerId: customer.id,
    lines: [{ itemId: drive.id, quantity, requestedDate: inDays(days), unitPrice: 400_000 }],
  });
  expect(created.statusCode, created.body).toBe(201);
  const confirmed = await t
    .as('sales')
    .post(`/api/sales-orders/${created.json().id}/confirm`, { version: created.json().version });
  expect(confirmed.statusCode, confirmed.body).toBe(200);
  return confirmed.json();
}

/** Everything planning wrote for a line that is still live. */
const liveSupply = async (lineId: string) => {
  const [row] = await queryRows<Record<string, number>>(
    t.services.db,
    sql`select (select count(*) from production_jobs where sales_order_line_id = ${lineId} and status <> 'cancelled')::int as jobs,
               (select count(*) from purchase_requisitions where sales_order_line_id = ${lineId} and status = 'open')::int as requisitions,
               (select count(*) from supply_pegs where sales_order_line_id = ${lineId})::int as pegs,
               (select count(*) from stock_reservations where sales_order_line_id = ${lineId})::int as reservations`,
  );
  return row;
};

const overlaps = () =>
  queryRows<{ a: string }>(
    t.services.db,
    sql`select a.id as a from job_operations a
        join production_jobs ja on ja.id = a.job_id and ja.status not in ('cancelled', 'done')
        join job_operations b on a.work_center_id = b.work_center_id and a.machine_index = b.machine_index and a.id < b.id
        join production_jobs jb on jb.id = b.job_id and jb.status not in ('cancelled', 'done')
        where a.planned_setup_start < b.planned_end and b.planned_setup_start < a.planned_end`,
  );

describe('order changes and cancellation', () => {
  it('previews a cancellation without writing, then cancels exactly what the preview said', async () => {
    const order = await confirmedOrder(2, 30);
    const lineId = order.lines[0].id;
    const supplyBefore = await liveSupply(lineId);
    expect(supplyBefore.jobs).toBeGreaterThan(0);

    const preview = await t.as('sales').post(`/api/sales-orders/${order.id}/cancel`, {
      version: order.version,
      preview: true,
    });
    expect(preview.statusCode, preview.body).toBe(200);
    const impact = preview.json();
    expect(impact.applied).toBe(false);
    expect(impact.order.status).toBe('cancelled');
    expect(impact.cancelledJobs).toHaveLength(supplyBefore.jobs);
    // the purchases planned for this order alone go with it
    expect(impact.cancelledRequisitions.length).toBeGreaterThan(0);
    expect(impact.lines[0].after).toEqual({ promisedDate: null, p90At: null });
    expect(impact.otherOrdersMoved).toEqual([]);
    expect(await liveSupply(lineId)).toEqual(supplyBefore);
    expect((await t.as('sales').get(`/api/sales-orders/${order.id}`)).json().status).toBe('confirmed');

    const applied = await t
      .as('sales')
      .post(`/api/sales-orders/${order.id}/cancel`, { version: order.version });
    expect(applied.statusCode, applied.body).toBe(200);
    const done = applied.json();
    expect(done.applied).toBe(true);
    expect(done.cancelledJobs.map((j: { number: string }) => j.number).sort()).toEqual(
      impact.cancelledJobs.map((j: { number: string }) => j.number).sort(),
    );
    expect(await liveSupply(lineId)).toEqual({ jobs: 0, requisitions: 0, pegs: 0, reservations: 0 });
    const [{ open }] = await queryRows<{ open: number }>(
      t.services.db,
      sql`select count(*)::int as open from purchase_requisitions
          where number in (${sql.join(
            done.cancelledRequisitions.map((n: string) => sql`${n}`),
            sql`, `,
          )}) and status <> 'cancelled'`,
    );
    expect(open).toBe(0);
    const line = (await t.as('sales').get(`/api/sales-orders/${order.id}`)).json().lines[0];
    expect(line.promisedDate).toBeNull();
    expect((await t.as('sales').get(`/api/sales-orders/${order.id}`)).json().status).toBe('cancelled');

    const twice = await t
      .as('sales')
      .post(`/api/sales-orders/${order.id}/cancel`, { version: done.order.version });
    expect(twice.statusCode).toBe(422);
    expect(twice.json().errors[0].field).toBe('status');
  });

  it('re-plans a line for a new quantity and keeps other orders where they were', async () => {
    const other = await confirmedOrder(1, 25);
    const order = await confirmedOrder(2, 35);
    const line = order.lines[0];
    const jobsBefore = (await t.as('planner').get(`/api/jobs?salesOrderLineId=${line.id}`)).json().items;

    const preview = (
      await t.as('sales').post(`/api/sales-orders/${order.id}/lines/${line.id}/change`, {
        version: order.version,
        quantity: 4,
        preview: true,
      })
    ).json();
    expect(preview.applied).toBe(false);
    expect(preview.cancelledJobs.map((j: { number: string }) => j.number).sort()).toEqual(
      jobsBefore.map((j: { number: string }) => j.number).sort(),
    );
    expect(preview.createdJobs.length).toBeGreaterThan(0);
    expect(preview.lines[0].before.promisedDate).toBe(line.promisedDate);
    expect(preview.lines[0].after.promisedDate >= line.requestedDate).toBe(true);

    const response = await t
      .as('sales')
      .post(
        `/api/sales-orders/${order.id}/lines/${line.id}/change`,
        { quantity: 4 },
        { 'if-match': String(order.version) },
      );
    expect(response.statusCode, response.body).toBe(200);
    const applied = response.json();
    expect(applied.order.lines[0].quantity).toBe(4);
    expect(applied.order.version).toBe(order.version + 1);
    const jobsAfter = (await t.as('planner').get(`/api/jobs?salesOrderLineId=${line.id}`)).json().items;
    const live = jobsAfter.filter((j: { status: string }) => j.status !== 'cancelled');
    expect(live.find((j: { itemNumber: string }) => j.itemNumber === 'AS-DRIVE-080').quantity).toBe(4);
    expect(live.map((j: { number: string }) => j.number).sort()).toEqual([...applied.createdJobs].sort());
    expect(await overlaps()).toEqual([]);

    const otherNow = (await t.as('sales').get(`/api/sales-orders/${other.id}`)).json();
    expect(otherNow.lines[0].promisedDate).toBe(other.lines[0].promisedDate);
    expect(otherNow.lines[0].promise.plannedAt).toBe(other.lines[0].promise.plannedAt);

    const stale = await t
      .as('sales')
      .post(`/api/sales-orders/${order.id}/lines/${line.id}/change`, { version: order.version, quantity: 3 });
    expect(stale.statusCode).toBe(409);
  });

  it('refuses changes that cannot be made, naming the field', async () => {
    const order = await confirmedOrder(1, 40);
    const line = order.lines[0];
    const url = `/api/sales-orders/${order.id}/lines/${line.id}/change`;
    const past = await t.as('sales').post(url, { version: order.version, requestedDate: '2020-02-02' });
    expect(past.statusCode).toBe(422);
    expect(past.json().errors[0].field).toBe('requestedDate');
    const nothing = await t.as('sales').post(url, { version: order.version });
    expect(nothing.statusCode).toBe(422);
    const zero = await t.as('sales').post(url, { version: order.version, quantity: 0 });
    expect(zero.statusCode).toBe(400);
    expect(zero.json().errors[0].field).toBe('quantity');
    const draft = (
      await t.as('sales').post('/api/sales-orders', {
        customerId: customer.id,
        lines: [{ itemId: drive.id, quantity: 1, requestedDate: inDays(30), unitPrice: 1 }],
      })
    ).json();
    const cancelDraft = await t
      .as('sales')
      .post(`/api/sales-orders/${draft.id}/cancel`, { version: draft.version });
    expect(cancelDraft.statusCode).toBe(422);
    expect(
      (await t.as('planner').post(`/api/sales-orders/${order.id}/cancel`, { version: 1 })).statusCode,
    ).toBe(403);
  });
});
