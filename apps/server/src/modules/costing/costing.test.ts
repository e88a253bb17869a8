/**
 * An order's cost at three stages over the API on the demo plant: preliminary at entry,
 * committed once its purchases are placed, actual as material is received, with the margin
 * against the price at each stage, per order and across orders.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
const DAY = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await openTestApp();
  await t.services.demo.seedIfEmpty();
}, 120_000);
afterAll(async () => {
  await t.close();
});

describe('order cost stages', () => {
  it('moves from preliminary to committed to actual as purchases are placed and received', async () => {
    const [drive] = (await t.as('sales').get('/api/items?q=AS-DRIVE-080')).json().items;
    const [customer] = (await t.as('sales').get('/api/customers?q=C-0002')).json().items;
    const created = (
      await t.as('sales').post('/api/sales-orders', {
        customerId: customer.id,
        lines: [{ itemId: drive.id, quantity: 2, requestedDate: inDays(40), unitPrice: 900_000 }],
      })
    ).json();
    const order = (
      await t.as('sales').post(`/api/sales-orders/${created.id}/confirm`, { version: created.version })
    ).json();
    const line = order.lines[0];
    expect(line.netAmount).toBe(1_800_000);
    expect(line.costEstimate.total).toBeGreaterThan(0);

    const atConfirm = (await t.as('sales').get(`/api/sales-orders/${order.id}/cost`)).json();
    expect(atConfirm.preliminary.total).toBe(line.costEstimate.total);
    expect(atConfirm.preliminary.marginPercent).toBeCloseTo(
      ((1_800_000 - line.costEstimate.total) / 1_800_000) * 100,
      0,
    );
    expect(atConfirm.actual.total).toBe(0);
    const committedAtConfirm = atConfirm.committed.total;

    // buy what the line needs: its requisitions become purchase orders, committed at their price
    const supply = (await t.as('sales').get(`/api/sales-orders/${order.id}/supply`)).json();
    const reqIds = supply.lines[0].pegs
      .filter((p: { supplyKind: string }) => p.supplyKind === 'purchase-requisition')
      .map((p: { supplyId: string }) => p.supplyId);
    expect(reqIds.length).toBeGreaterThan(0);
    const ordered = await t
      .as('buyer')
      .post('/api/requisitions/order', { requisitionIds: [...new Set(reqIds)] });
    expect(ordered.statusCode, ordered.body).toBe(201);
    const afterOrdering = (await t.as('sales').get(`/api/sales-orders/${order.id}/cost`)).json();
    expect(afterOrdering.committed.material).toBeGreaterThan(committedAtConfirm);
    expect(afterOrdering.actual.total).toBe(0);

    // receive one purchase order line in full: its price becomes actual material
    const po = ordered.json()[0];
    const sent = (
      await t.as('buyer').post(`/api/purchase-orders/${po.id}/send`, { version: po.version })
    ).json();
    const poLine = sent.lines.find((l: { unitPrice: number }) => l.unitPrice > 0) ?? sent.lines[0];
    const received = await t
      .as('buyer')
      .post('/api/purchase-orders/receipts', { purchaseOrderLineId: poLine.id, quantity: poLine.quantity });
    expect(received.statusCode, received.body).toBe(201);
    const afterReceipt = (await t.as('sales').get(`/api/sales-orders/${order.id}/cost`)).json();
    expect(afterReceipt.actual.material).toBeGreaterThan(0);
    expect(afterReceipt.actual.material).toBeLessThanOrEqual(afterReceipt.committed.material);
    expect(afterReceipt.lines[0].committed.total).toBe(afterReceipt.committed.total);

    const report = (await t.as('sales').get('/api/reports/order-margins?status=confirmed')).json();
    const row = report.items.find((o: { orderId: string }) => o.orderId === order.id);
    expect(row).toMatchObject({ orderNumber: order.number, netAmount: 1_800_000 });
    expect(row.committed).toEqual(afterReceipt.committed);
    expect((await t.as('operator').get(`/api/sales-orders/${order.id}/cost`)).statusCode).toBe(403);
  });
});
