/**
 * The customer portal: a customer user sees its own company's placed orders (promised date,
 * confidence, progress by stage) and the quotes sent to it, never another company's, never
 * costs; staff look at a customer's portal by naming it.
 */
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../platform/http/route-auth';
import { openTestApp, TEST_PASSWORD, type TestApp } from '../../testing/test-app';

let t: TestApp;
let mine: { id: string };
let theirs: { id: string };
let drive: { id: string };
let cookie: string;
const DAY = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);

const asCustomer = (url: string) =>
  t.app.inject({ method: 'GET', url, cookies: { [SESSION_COOKIE]: cookie } });

async function confirmedOrderFor(customerId: string) {
  const created = (
    await t.as('sales').post('/api/sales-orders', {
      customerId,
      customerReference: 'PO-77',
      lines: [{ itemId: drive.id, quantity: 1, requestedDate: inDays(45), unitPrice: 500_000 }],
    })
  ).json();
  return (
    await t.as('sales').post(`/api/sales-orders/${created.id}/confirm`, { version: created.version })
  ).json();
}

beforeAll(async () => {
  t = await openTestApp();
  await t.services.demo.seedIfEmpty();
  [drive] = (await t.as('sales').get('/api/items?q=AS-DRIVE-080')).json().items;
  [mine] = (await t.as('sales').get('/api/customers?q=C-0001')).json().items;
  [theirs] = (await t.as('sales').get('/api/customers?q=C-0002')).json().items;
  const user = await t.as('admin').post('/api/users', {
    email: 'buyer@customer.example',
    name: 'Customer Buyer',
    password: TEST_PASSWORD,
    roles: ['customer'],
    customerId: mine.id,
  });
  expect(user.statusCode, user.body).toBe(201);
  cookie = (await t.services.identity.login('buyer@customer.example', TEST_PASSWORD)).sessionToken;
}, 120_000);
afterAll(async () => {
  await t.close();
});

describe('customer portal', () => {
  it("shows a customer its own placed orders with promise, confidence and progress, and not another company's", async () => {
    const own = await confirmedOrderFor(mine.id);
    const other = await confirmedOrderFor(theirs.id);
    const draft = (
      await t.as('sales').post('/api/sales-orders', {
        customerId: mine.id,
        lines: [{ itemId: drive.id, quantity: 1, requestedDate: inDays(45), unitPrice: 1 }],
      })
    ).json();

    const list = await asCustomer('/api/portal/orders');
    expect(list.statusCode, list.body).toBe(200);
    const ids = list.json().items.map((o: { id: string }) => o.id);
    expect(ids).toContain(own.id);
    expect(ids).not.toContain(other.id);
    expect(ids).not.toContain(draft.id);

    const detail = (await asCustomer(`/api/portal/orders/${own.id}`)).json();
    expect(detail).toMatchObject({
      number: own.number,
      status: 'confirmed',
      promisedDate: own.lines[0].promisedDate,
    });
    const [line] = detail.lines;
    expect(line.confidence).toBeGreaterThanOrEqual(0.9);
    expect(line.progress.map((p: { stage: string }) => p.stage)).toEqual([
      'material',
      'production',
      'shipped',
    ]);
    const material = line.progress[0].percent;
    expect(material).toBeGreaterThanOrEqual(0);
    expect(material).toBeLessThan(100);
    expect(line.progress[1].percent).toBe(0);
    expect(JSON.stringify(detail)).not.toMatch(/cost|margin|binding|explanation/i);

    const pdf = await asCustomer(`/api/portal/orders/${own.id}/confirmation.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect((await PDFDocument.load(pdf.rawPayload)).getTitle()).toBe(`Order confirmation ${own.number}`);
    expect((await asCustomer(`/api/portal/orders/${other.id}/confirmation.pdf`)).statusCode).toBe(404);
    expect((await asCustomer(`/api/portal/orders/${other.id}`)).statusCode).toBe(404);
    expect((await asCustomer(`/api/portal/orders/${draft.id}`)).statusCode).toBe(404);
    expect((await asCustomer(`/api/sales-orders/${own.id}`)).statusCode).toBe(403);
  });

  it('shows the quotes sent to the customer, without cost or margin', async () => {
    const quote = (
      await t.as('sales').post('/api/quotes', {
        customerId: mine.id,
        lines: [{ itemId: drive.id, quantity: 2, requestedDate: inDays(30), unitPrice: 450_000 }],
      })
    ).json();
    expect(
      (await asCustomer('/api/portal/quotes')).json().items.map((q: { id: string }) => q.id),
    ).not.toContain(quote.id);
    await t.as('sales').post(`/api/quotes/${quote.id}/send`, { version: quote.version });
    const offered = (await asCustomer('/api/portal/quotes')).json().items;
    const seen = offered.find((q: { id: string }) => q.id === quote.id);
    expect(seen).toMatchObject({ status: 'sent', totalAmount: 900_000 });
    expect(seen.lines[0].promisedDate).toBe(quote.lines[0].promisedDate);
    expect(JSON.stringify(seen)).not.toMatch(/cost|margin/i);
  });

  it('lets staff look at a named customer, and asks them to name one', async () => {
    const named = await t.as('sales').get(`/api/portal/orders?customerId=${mine.id}`);
    expect(named.statusCode).toBe(200);
    const unnamed = await t.as('sales').get('/api/portal/orders');
    expect(unnamed.statusCode).toBe(422);
    expect(unnamed.json().errors[0].field).toBe('customerId');
    expect((await t.as('planner').get(`/api/portal/orders?customerId=${mine.id}`)).statusCode).toBe(403);
    // the shared test customer user belongs to no company
    expect((await t.as('customer').get('/api/portal/orders')).statusCode).toBe(422);
  });
});
