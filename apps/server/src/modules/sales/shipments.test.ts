/**
 * The order's life after confirmation, on the demo plant: work starting moves it into
 * production, the finished job's output set aside for it makes it ready, a partial shipment
 * leaves it ready with a delivery note, the last shipment ships it, and it is invoiced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/audit';
import { confirmDemoOrder } from '../../testing/demo-order';
import { openTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
let order: { id: string; version: number; lines: { id: string }[] };
let jobId: string;
let tap = 0;

const status = async () => (await t.as('sales').get(`/api/sales-orders/${order.id}`)).json().status;
const work = async (operationId: string, kinds: ('run' | 'finish')[], good = 0) => {
  for (const kind of kinds)
    await t.services.execution.book(systemActor, t.userIds.operator, operationId, {
      clientEventId: `ship-test-${++tap}`,
      kind,
      // the bar is not issued in this test: finishing the job says so
      ...(kind === 'finish' ? { goodQuantity: good, acknowledgeMissingMaterial: true } : {}),
    });
};

beforeAll(async () => {
  t = await openTestApp();
  await t.services.demo.seedIfEmpty();
  ({ order } = await confirmDemoOrder(t, { itemNumber: 'FG-ROD-060', quantity: 4, requestedInDays: 20 }));
  await t.services.execution.release(systemActor, { horizonDays: 365 });
  [{ id: jobId }] = (
    await t.as('planner').get(`/api/jobs?salesOrderLineId=${order.lines[0].id}`)
  ).json().items;
}, 120_000);
afterAll(async () => {
  await t.close();
});

describe('shipping an order', () => {
  it('moves into production when work starts, and is ready when its goods are set aside', async () => {
    expect(await status()).toBe('confirmed');
    const ops = (await t.as('planner').get(`/api/jobs/${jobId}`)).json().operations;
    await work(ops[0].id, ['run']);
    expect(await status()).toBe('in-production');
    await work(ops[0].id, ['finish'], 4);
    for (const op of ops.slice(1)) await work(op.id, ['run', 'finish'], 4);
    expect((await t.as('planner').get(`/api/jobs/${jobId}`)).json().status).toBe('done');
    expect(await status()).toBe('ready');
  });

  it('refuses to ship more than is open, naming the line', async () => {
    const response = await t.as('supervisor').post(`/api/sales-orders/${order.id}/shipments`, {
      lines: [{ lineId: order.lines[0].id, quantity: 5 }],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors[0]).toMatchObject({ field: 'lines.0.quantity', rule: 'open-quantity' });
    expect(response.json().detail).toMatch(/only 4 of line 10 is still to ship/);
  });

  it('ships in parts with a delivery note each, then ships and invoices the order', async () => {
    const first = await t.as('supervisor').post(`/api/sales-orders/${order.id}/shipments`, {
      lines: [{ lineId: order.lines[0].id, quantity: 1 }],
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ number: 'DN-000001', lines: [{ lineNo: 10, quantity: 1 }] });
    expect(await status()).toBe('ready');
    const last = await t.as('supervisor').post(`/api/sales-orders/${order.id}/shipments`, {
      lines: [{ lineId: order.lines[0].id, quantity: 3 }],
    });
    expect(last.json().number).toBe('DN-000002');
    const shipped = (await t.as('sales').get(`/api/sales-orders/${order.id}`)).json();
    expect(shipped.status).toBe('shipped');
    expect(shipped.lines[0].shippedQuantity).toBe(4);

    const notes = (await t.as('sales').get(`/api/sales-orders/${order.id}/delivery-notes`)).json();
    expect(notes.map((n: { number: string }) => n.number)).toEqual(['DN-000001', 'DN-000002']);
    const pdf = await t.as('sales').get(`/api/sales-orders/${order.id}/delivery-notes/DN-000002/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    const nothingLeft = await t.as('supervisor').post(`/api/sales-orders/${order.id}/shipments`, {
      lines: [{ lineId: order.lines[0].id, quantity: 1 }],
    });
    expect(nothingLeft.json().detail).toMatch(/shipped: nothing can be shipped/);

    const invoiced = await t
      .as('sales')
      .post(`/api/sales-orders/${order.id}/invoice`, { version: shipped.version });
    expect(invoiced.statusCode, invoiced.body).toBe(204);
    expect(await status()).toBe('invoiced');
  });
});
