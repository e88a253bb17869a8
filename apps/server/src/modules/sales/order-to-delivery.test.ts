/**
 * The order-to-delivery flow over the API on the demo plant: a promise for a quote, an order,
 * its confirmation (jobs, requisitions and pegs written, the promise kept), the plan staying
 * free of overlaps as orders are added, and a failed confirmation leaving nothing behind.
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

const counts = async () => {
  const [row] = await queryRows<Record<string, number>>(
    t.services.db,
    sql`select (select count(*) from production_jobs)::int as jobs,
               (select count(*) from job_operations)::int as operations,
               (select count(*) from purchase_requisitions)::int as requisitions,
               (select count(*) from supply_pegs)::int as pegs,
               (select count(*) from stock_reservations)::int as reservations`,
  );
  return row;
};

/** Pairs of scheduled operations that overlap on one machine (setup included). */
const overlaps = () =>
  queryRows<{ a: string; b: string }>(
    t.services.db,
    sql`select a.id as a, b.id as b
        from job_operations a join job_operations b
          on a.work_center_id = b.work_center_id and a.machine_index = b.machine_index and a.id < b.id
        where a.planned_setup_start < b.planned_end and b.planned_setup_start < a.planned_end`,
  );

async function createOrder(lines: { itemId: string; quantity: number; requestedDate: string }[]) {
  const response = await t.as('sales').post('/api/sales-orders', {
    customerId: customer.id,
    customerReference: 'PO 4711',
    lines: lines.map((l) => ({ ...l, unitPrice: 125_000 })),
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

describe('order to delivery', () => {
  it('promises a date for a quote without writing anything, naming what it hangs on', async () => {
    const before = await counts();
    const response = await t
      .as('sales')
      .post('/api/promise', { itemId: drive.id, quantity: 2, requestedDate: inDays(10) });
    expect(response.statusCode, response.body).toBe(200);
    const answer = response.json();
    expect(answer.jobs).toBeGreaterThan(0);
    const { promise } = answer;
    expect(Date.parse(promise.plannedAt)).toBeGreaterThan(Date.now());
    expect(Date.parse(promise.p50At)).toBeGreaterThanOrEqual(Date.parse(promise.plannedAt));
    expect(Date.parse(promise.p90At)).toBeGreaterThanOrEqual(Date.parse(promise.p50At));
    expect(answer.promisedDate >= inDays(10)).toBe(true);
    expect(promise.explanation.length).toBeGreaterThan(10);
    expect(await counts()).toEqual(before);
  });

  it('confirms an order: pegged jobs and requisitions, scheduled without overlaps, and the promise kept', async () => {
    const order = await createOrder([{ itemId: drive.id, quantity: 2, requestedDate: inDays(30) }]);
    expect(order).toMatchObject({ status: 'draft', number: expect.stringMatching(/^SO-\d{6}$/) });

    const missing = await t.as('sales').post(`/api/sales-orders/${order.id}/confirm`, {});
    expect(missing.statusCode).toBe(428);
    const stale = await t.as('sales').post(`/api/sales-orders/${order.id}/confirm`, { version: 7 });
    expect(stale.statusCode).toBe(409);
    const confirmedResponse = await t
      .as('sales')
      .post(`/api/sales-orders/${order.id}/confirm`, { version: order.version });
    expect(confirmedResponse.statusCode, confirmedResponse.body).toBe(200);
    const confirmed = confirmedResponse.json();
    expect(confirmed.status).toBe('confirmed');
    const [line] = confirmed.lines;
    expect(line.promise.binding.kind).toMatch(/capacity|material|none/);
    expect(line.promisedDate >= line.requestedDate).toBe(true);
    expect(Date.parse(line.promise.p90At)).toBeGreaterThanOrEqual(Date.parse(line.promise.plannedAt));

    // the supply tree: a job for the drive unit itself, more jobs and purchases below it
    const supply = (await t.as('sales').get(`/api/sales-orders/${order.id}/supply`)).json();
    const pegs = supply.lines[0].pegs as {
      itemNumber: string;
      supplyKind: string;
      supplyNumber: string | null;
    }[];
    expect(pegs.some((p) => p.itemNumber === 'AS-DRIVE-080' && p.supplyKind === 'job')).toBe(true);
    expect(pegs.filter((p) => p.supplyKind === 'job').length).toBeGreaterThan(1);
    expect(pegs.some((p) => p.supplyKind === 'purchase-requisition' || p.supplyKind === 'stock')).toBe(true);
    for (const p of pegs.filter((p) => p.supplyKind !== 'stock'))
      expect(p.supplyNumber).toMatch(/^(JOB|PR)-\d{6}$/);

    // the drive unit's job is dedicated to the line, scheduled, and ends at the planned promise
    const jobs = (await t.as('planner').get(`/api/jobs?salesOrderLineId=${line.id}`)).json().items;
    const top = jobs.find((j: { itemNumber: string }) => j.itemNumber === 'AS-DRIVE-080');
    expect(top.quantity).toBe(2);
    expect(Date.parse(top.plannedEnd)).toBe(Date.parse(line.promise.plannedAt));
    const detail = (await t.as('planner').get(`/api/jobs/${top.id}`)).json();
    expect(detail.operations.length).toBeGreaterThan(0);
    for (const op of detail.operations) {
      expect(op.machineIndex).not.toBeNull();
      expect(Date.parse(op.plannedEnd)).toBeGreaterThan(Date.parse(op.plannedStart));
    }
    expect(await overlaps()).toEqual([]);

    const list = (await t.as('sales').get('/api/sales-orders?status=confirmed')).json();
    expect(list.items.find((o: { id: string }) => o.id === order.id)).toMatchObject({
      lineCount: 1,
      totalAmount: 250_000,
      promisedDate: line.promisedDate,
    });
  });

  it('fits a second order around the first: no overlaps, and the later order is not planned earlier', async () => {
    const first = (await t.as('sales').get('/api/sales-orders?status=confirmed')).json().items[0];
    const order = await createOrder([{ itemId: drive.id, quantity: 2, requestedDate: inDays(30) }]);
    const confirmed = (
      await t.as('sales').post(`/api/sales-orders/${order.id}/confirm`, { version: order.version })
    ).json();
    expect(confirmed.status).toBe('confirmed');
    // the same product after the same one: it queues behind it in the plan, never ahead
    const [firstLine] = (await t.as('sales').get(`/api/sales-orders/${first.id}`)).json().lines;
    expect(Date.parse(confirmed.lines[0].promise.plannedAt)).toBeGreaterThanOrEqual(
      Date.parse(firstLine.promise.plannedAt),
    );
    expect(await overlaps()).toEqual([]);
  });

  it('leaves nothing behind when a confirmation fails on a later line', async () => {
    // the painted items lose their only work center: their lines cannot be planned
    const [painted] = await queryRows<{ item_id: string }>(
      t.services.db,
      sql`select r.item_id from routing_operations o join routings r on r.id = o.routing_id
          join work_centers w on w.id = o.work_center_id
          where w.code = 'PAINT' and r.status = 'released' limit 1`,
    );
    const [paint] = (await t.as('planner').get('/api/work-centers?q=PAINT')).json().items;
    const order = await createOrder([
      { itemId: drive.id, quantity: 1, requestedDate: inDays(40) },
      { itemId: painted.item_id, quantity: 1, requestedDate: inDays(40) },
    ]);
    const off = await t
      .as('admin')
      .patch(`/api/work-centers/${paint.id}`, { active: false, version: paint.version });
    expect(off.statusCode, off.body).toBe(200);
    try {
      const before = await counts();
      const failed = await t
        .as('sales')
        .post(`/api/sales-orders/${order.id}/confirm`, { version: order.version });
      expect(failed.statusCode, failed.body).toBe(422);
      expect(failed.headers['content-type']).toContain('application/problem+json');
      expect(failed.json().detail).toMatch(/cannot take this order/);
      expect(await counts()).toEqual(before);
      expect((await t.as('sales').get(`/api/sales-orders/${order.id}`)).json().status).toBe('draft');
    } finally {
      const current = (await t.as('admin').get(`/api/work-centers/${paint.id}`)).json();
      await t.as('admin').patch(`/api/work-centers/${paint.id}`, { active: true, version: current.version });
    }
  });

  it('refuses bad orders with the field named', async () => {
    const response = await t.as('sales').post('/api/sales-orders', {
      customerId: customer.id,
      lines: [{ itemId: drive.id, quantity: 1, requestedDate: '2020-01-01', unitPrice: 1 }],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toContainEqual(
      expect.objectContaining({ field: 'lines.0.requestedDate' }),
    );
    const empty = await t.as('sales').post('/api/sales-orders', { customerId: customer.id, lines: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].field).toBe('lines');
    const operator = await t.as('operator').post('/api/sales-orders', { customerId: customer.id, lines: [] });
    expect(operator.statusCode).toBe(403);
  });
});
