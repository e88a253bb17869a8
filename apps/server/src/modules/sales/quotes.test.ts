/**
 * Quotes over the API on the demo plant: every line promised and costed without touching the
 * plan, revisions that supersede, acceptance into a draft order that keeps the quoted cost, and
 * clear errors for what cannot be quoted.
 */
import { sql } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/database';
import { openTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
let drive: { id: string };
let gearshaft: { id: string };
let customer: { id: string };
const DAY = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await openTestApp();
  await t.services.demo.seedIfEmpty();
  [drive] = (await t.as('sales').get('/api/items?q=AS-DRIVE-080')).json().items;
  [gearshaft] = (await t.as('sales').get('/api/items?q=AS-GEARSHAFT-080')).json().items;
  [customer] = (await t.as('sales').get('/api/customers?q=C-0001')).json().items;
}, 120_000);
afterAll(async () => {
  await t.close();
});

const planned = async () => {
  const [row] = await queryRows<Record<string, number>>(
    t.services.db,
    sql`select (select count(*) from production_jobs)::int as jobs,
               (select count(*) from purchase_requisitions)::int as requisitions,
               (select count(*) from supply_pegs)::int as pegs`,
  );
  return row;
};

async function createQuote() {
  const response = await t.as('sales').post('/api/quotes', {
    customerId: customer.id,
    customerReference: 'RFQ 2026-118',
    lines: [
      { itemId: drive.id, quantity: 2, requestedDate: inDays(25), unitPrice: 480_000 },
      { itemId: gearshaft.id, quantity: 5, requestedDate: inDays(20), unitPrice: 90_000, discountPercent: 5 },
    ],
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

describe('quotes', () => {
  it('promises and costs every line against the plan without planning anything', async () => {
    const before = await planned();
    const quote = await createQuote();
    expect(quote).toMatchObject({ number: expect.stringMatching(/^Q-\d{6}$/), revision: 1, status: 'draft' });
    expect(quote.validUntil > inDays(29)).toBe(true);
    for (const line of quote.lines) {
      expect(line.promisedDate >= line.requestedDate).toBe(true);
      expect(Date.parse(line.promise.p90At)).toBeGreaterThanOrEqual(Date.parse(line.promise.p50At));
      expect(line.promise.explanation.length).toBeGreaterThan(10);
      expect(line.costEstimate.total).toBeGreaterThan(0);
      expect(line.costEstimate.total).toBe(
        line.costEstimate.material +
          line.costEstimate.setup +
          line.costEstimate.machine +
          line.costEstimate.labour,
      );
      expect(line.marginPercent).toBeCloseTo(
        ((line.netAmount - line.costEstimate.total) / line.netAmount) * 100,
        0,
      );
    }
    expect(quote.lines[1].netAmount).toBe(427_500);
    expect(quote.totalAmount).toBe(960_000 + 427_500);
    expect(await planned()).toEqual(before);
  });

  it('gives a later line only the machine time the earlier lines of the same quote leave', async () => {
    const line = { itemId: gearshaft.id, quantity: 20, requestedDate: inDays(1), unitPrice: 90_000 };
    const response = await t
      .as('sales')
      .post('/api/quotes', { customerId: customer.id, lines: [line, line, line] });
    expect(response.statusCode, response.body).toBe(201);
    const planned = response.json().lines.map((l: { promise: { plannedAt: string } }) => l.promise.plannedAt);
    // the same third line with the first two as demand only (their material, not their machine time)
    const orders = t.services.salesOrders;
    const first = await orders.promise(line, { id: 'quote-line:0' });
    const second = await orders.promise(line, { id: 'quote-line:1', alongside: [first.demand] });
    const materialOnly = await orders.promise(line, {
      id: 'quote-line:2',
      alongside: [first.demand, second.demand],
    });
    expect(planned[0]).toBe(first.promise.plannedAt);
    expect(planned[2] > planned[0]).toBe(true);
    expect(planned[2] > materialOnly.promise.plannedAt).toBe(true);
  });

  it('revises into the next revision and supersedes the old one', async () => {
    const quote = await createQuote();
    const sent = await t.as('sales').post(`/api/quotes/${quote.id}/send`, { version: quote.version });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json().status).toBe('sent');
    const again = await t.as('sales').post(`/api/quotes/${quote.id}/send`, { version: sent.json().version });
    expect(again.statusCode).toBe(422);

    const revised = await t.as('sales').post(`/api/quotes/${quote.id}/revise`, {
      version: sent.json().version,
      lines: [{ itemId: drive.id, quantity: 3, requestedDate: inDays(30), unitPrice: 470_000 }],
    });
    expect(revised.statusCode, revised.body).toBe(201);
    const rev2 = revised.json();
    expect(rev2).toMatchObject({
      number: quote.number,
      revision: 2,
      status: 'draft',
      totalAmount: 1_410_000,
    });
    expect(rev2.lines).toHaveLength(1);
    const old = (await t.as('sales').get(`/api/quotes/${quote.id}`)).json();
    expect(old.status).toBe('superseded');
    const acceptOld = await t.as('sales').post(`/api/quotes/${quote.id}/accept`, { version: old.version });
    expect(acceptOld.statusCode).toBe(422);
    expect(acceptOld.json().errors[0].field).toBe('status');
  });

  it('turns an accepted quote into a draft order that keeps the quoted prices and cost', async () => {
    const quote = await createQuote();
    const accepted = await t.as('sales').post(`/api/quotes/${quote.id}/accept`, { version: quote.version });
    expect(accepted.statusCode, accepted.body).toBe(201);
    const { quote: after, order } = accepted.json();
    expect(after).toMatchObject({ status: 'accepted', salesOrderId: order.id });
    expect(order).toMatchObject({ status: 'draft', customerReference: 'RFQ 2026-118' });
    expect(order.lines.map((l: { unitPrice: number }) => l.unitPrice)).toEqual([480_000, 90_000]);
    expect(order.lines.map((l: { costEstimate: unknown }) => l.costEstimate)).toEqual(
      quote.lines.map((l: { costEstimate: unknown }) => l.costEstimate),
    );
    const confirmed = await t
      .as('sales')
      .post(`/api/sales-orders/${order.id}/confirm`, { version: order.version });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().lines[0].costEstimate).toEqual(quote.lines[0].costEstimate);
  });

  it('promises again against the plan as it is now, keeping the lines', async () => {
    const quote = await createQuote();
    const response = await t
      .as('sales')
      .post(`/api/quotes/${quote.id}/repromise`, {}, { 'if-match': String(quote.version) });
    expect(response.statusCode, response.body).toBe(200);
    const again = response.json();
    expect(again.version).toBe(quote.version + 1);
    expect(again.lines.map((l: { id: string }) => l.id)).toEqual(
      quote.lines.map((l: { id: string }) => l.id),
    );
    expect(Date.parse(again.lines[0].promise.computedAt)).toBeGreaterThanOrEqual(
      Date.parse(quote.lines[0].promise.computedAt),
    );
  });

  it('renders the quote as a PDF named after its number', async () => {
    const quote = await createQuote();
    const response = await t.as('sales').get(`/api/quotes/${quote.id}/pdf`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toContain(`${quote.number}.pdf`);
    const pdf = await PDFDocument.load(response.rawPayload);
    expect(pdf.getTitle()).toBe(`Quote ${quote.number}`);
    expect(pdf.getPageCount()).toBe(1);
    expect((await t.as('sales').get('/api/quotes/00000000-0000-4000-8000-000000000009/pdf')).statusCode).toBe(
      404,
    );
  });

  it('refuses what cannot be quoted, naming the field', async () => {
    const past = await t.as('sales').post('/api/quotes', {
      customerId: customer.id,
      validUntil: '2020-01-01',
      lines: [{ itemId: drive.id, quantity: 1, requestedDate: inDays(10), unitPrice: 1 }],
    });
    expect(past.statusCode).toBe(422);
    expect(past.json().errors[0].field).toBe('validUntil');
    const bad = await t.as('sales').post('/api/quotes', {
      customerId: customer.id,
      lines: [
        { itemId: drive.id, quantity: 1, requestedDate: '2020-01-01', unitPrice: 1 },
        {
          itemId: '00000000-0000-4000-8000-000000000001',
          quantity: 1,
          requestedDate: inDays(10),
          unitPrice: 1,
        },
      ],
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'lines.0.requestedDate',
      'lines.1.itemId',
    ]);
    const quote = await createQuote();
    expect((await t.as('sales').post(`/api/quotes/${quote.id}/send`, {})).statusCode).toBe(428);
    expect((await t.as('sales').post(`/api/quotes/${quote.id}/send`, { version: 99 })).statusCode).toBe(409);
    expect((await t.as('buyer').post('/api/quotes', { customerId: customer.id, lines: [] })).statusCode).toBe(
      403,
    );
  });
});
