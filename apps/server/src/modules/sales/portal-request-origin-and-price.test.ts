/**
 * A quote the customer asked for in the portal stays marked so once sales sends and revises it;
 * a standard item is offered and requested at the price this customer was last given for it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../platform/http/route-auth';
import { openTestApp, TEST_PASSWORD, type TestApp } from '../../testing/test-app';

let t: TestApp;
let cookie = '';
let customer: { id: string; currency: string };
let other: { id: string };
const ids: Record<string, string> = {};
const DAY = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);

const portal = {
  get: (url: string) => t.app.inject({ method: 'GET', url, cookies: { [SESSION_COOKIE]: cookie } }),
  post: (url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, payload, cookies: { [SESSION_COOKIE]: cookie } }),
};
const offered = async (path: string) =>
  (await (path.startsWith('?') ? portal.get(`/api/portal/items${path}`) : t.as('sales').get(path))).json()
    .items as { id: string; number: string; unitPrice: { amount: number; currency: string } | null }[];

beforeAll(async () => {
  t = await openTestApp();
  await t.services.demo.seedIfEmpty();
  for (const number of ['AS-DRIVE-080', 'CFG-FLANGED-SHAFT']) {
    const found = (await t.as('sales').get(`/api/items?q=${number}`)).json();
    ids[number] = found.items.find((i: { number: string }) => i.number === number).id;
  }
  [customer] = (await t.as('sales').get('/api/customers?q=C-0001')).json().items;
  [other] = (await t.as('sales').get('/api/customers?q=C-0002')).json().items;
  const user = await t.as('admin').post('/api/users', {
    email: 'buyer@origin.example',
    name: 'Buyer',
    password: TEST_PASSWORD,
    roles: ['customer'],
    customerId: customer.id,
  });
  expect(user.statusCode, user.body).toBe(201);
  cookie = (await t.services.identity.login('buyer@origin.example', TEST_PASSWORD)).sessionToken;
}, 120_000);
afterAll(async () => {
  await t.close();
});

describe('a standard item’s price in the portal', () => {
  it('is the price the customer was last given for it, for that customer only', async () => {
    const never = (
      await t
        .as('engineer')
        .post('/api/items', { number: 'PORTAL-PRICE-1', name: 'Spare roll', kind: 'make' })
    ).json();
    expect((await offered('?q=PORTAL-PRICE-1'))[0]).toMatchObject({ id: never.id, unitPrice: null });

    const quote = (
      await t.as('sales').post('/api/quotes', {
        customerId: customer.id,
        lines: [{ itemId: ids['AS-DRIVE-080'], quantity: 1, requestedDate: inDays(30), unitPrice: 251_000 }],
      })
    ).json();
    // a draft is no price given yet
    const draftPrice = (await offered('?q=AS-DRIVE-080'))[0].unitPrice;
    expect(draftPrice?.amount).not.toBe(251_000);
    const sent = await t.as('sales').post(`/api/quotes/${quote.id}/send`, { version: quote.version });
    expect(sent.statusCode, sent.body).toBe(200);

    const items = await offered('?limit=100');
    expect(items.find((i) => i.number === 'AS-DRIVE-080')?.unitPrice).toEqual({
      amount: 251_000,
      currency: customer.currency,
    });
    expect(items.find((i) => i.number === 'CFG-FLANGED-SHAFT')?.unitPrice).toBeNull();
    // another company does not see this customer's price
    const theirs = (await t.as('sales').get(`/api/portal/items?customerId=${other.id}&q=AS-DRIVE-080`)).json()
      .items[0];
    expect(theirs?.unitPrice?.amount).not.toBe(251_000);

    // the request comes to sales at that price (still shown to the customer without it)
    const asked = await portal.post('/api/portal/quote-requests', {
      lines: [
        { itemId: ids['AS-DRIVE-080'], quantity: 2, requestedDate: inDays(40) },
        { itemId: never.id, quantity: 1, requestedDate: inDays(40) },
      ],
    });
    expect(asked.statusCode, asked.body).toBe(201);
    expect(asked.json().lines[0].unitPrice).toBeNull();
    const full = (await t.as('sales').get(`/api/quotes/${asked.json().id}`)).json();
    expect(full.lines.map((l: { unitPrice: number }) => l.unitPrice)).toEqual([251_000, 0]);
    expect(full.totalAmount).toBe(502_000);
  });
});

describe('a quote the customer asked for in the portal', () => {
  it('stays marked as the customer’s request once sales sends it and in its revisions', async () => {
    const asked = (
      await portal.post('/api/portal/quote-requests', {
        lines: [{ itemId: ids['AS-DRIVE-080'], quantity: 1, requestedDate: inDays(45) }],
      })
    ).json();
    expect(asked).toMatchObject({ status: 'requested', requestedViaPortal: true });
    const requested = (await t.as('sales').get(`/api/quotes/${asked.id}`)).json();
    expect(requested.requestedViaPortal).toBe(true);

    const sent = await t.as('sales').post(`/api/quotes/${asked.id}/send`, { version: requested.version });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({ status: 'sent', requestedViaPortal: true });
    const listed = (await t.as('sales').get(`/api/quotes?q=${asked.number}`)).json().items;
    expect(listed).toEqual([
      expect.objectContaining({ id: asked.id, status: 'sent', requestedViaPortal: true }),
    ]);
    const mine = (await portal.get('/api/portal/quotes')).json().items;
    expect(mine.find((q: { id: string }) => q.id === asked.id)).toMatchObject({
      status: 'sent',
      requestedViaPortal: true,
    });

    const revised = await t
      .as('sales')
      .post(`/api/quotes/${asked.id}/revise`, { version: sent.json().version, validUntil: inDays(20) });
    expect(revised.statusCode, revised.body).toBe(201);
    expect(revised.json()).toMatchObject({ revision: 2, status: 'draft', requestedViaPortal: true });

    const own = (
      await t.as('sales').post('/api/quotes', {
        customerId: customer.id,
        lines: [{ itemId: ids['AS-DRIVE-080'], quantity: 1, requestedDate: inDays(30), unitPrice: 1 }],
      })
    ).json();
    expect(own.requestedViaPortal).toBe(false);
  });
});
