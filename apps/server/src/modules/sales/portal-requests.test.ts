/**
 * What a customer does in the portal beyond reading: asks for a quote (a standard product or a
 * configured one) and gets a promise at once, indicative until sales sends the quote; sees the
 * options of configured lines in words; downloads the delivery notes of its shipped orders.
 * Never anything of another company (404), never an item the portal does not offer (422).
 */
import { eq } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../platform/http/route-auth';
import { openTestApp, TEST_PASSWORD, type TestApp } from '../../testing/test-app';
import { integrationEvents } from '../integration/tables';

let t: TestApp;
let mine: { id: string };
let theirs: { id: string };
let drive: { id: string };
let shaft: { id: string };
let subAssembly: { id: string };
const cookies: Record<'mine' | 'theirs', string> = { mine: '', theirs: '' };
const DAY = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
const CONFIGURATION = { length_mm: 1200, diameter: 80, flange: 'bolted', finish: 'painted', marking: 'NW-7' };

const as = (who: 'mine' | 'theirs') => ({
  get: (url: string) => t.app.inject({ method: 'GET', url, cookies: { [SESSION_COOKIE]: cookies[who] } }),
  post: (url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, payload, cookies: { [SESSION_COOKIE]: cookies[who] } }),
});
const itemNumbered = async (number: string) =>
  (await t.as('sales').get(`/api/items?q=${number}`))
    .json()
    .items.find((i: { number: string }) => i.number === number);

async function customerUser(email: string, customerId: string) {
  const user = await t.as('admin').post('/api/users', {
    email,
    name: email,
    password: TEST_PASSWORD,
    roles: ['customer'],
    customerId,
  });
  expect(user.statusCode, user.body).toBe(201);
  return (await t.services.identity.login(email, TEST_PASSWORD)).sessionToken;
}

beforeAll(async () => {
  t = await openTestApp();
  await t.services.demo.seedIfEmpty();
  drive = await itemNumbered('AS-DRIVE-080');
  shaft = await itemNumbered('CFG-FLANGED-SHAFT');
  subAssembly = await itemNumbered('MP-SHAFT-080');
  [mine] = (await t.as('sales').get('/api/customers?q=C-0001')).json().items;
  [theirs] = (await t.as('sales').get('/api/customers?q=C-0002')).json().items;
  cookies.mine = await customerUser('buyer@mine.example', mine.id);
  cookies.theirs = await customerUser('buyer@theirs.example', theirs.id);
}, 120_000);
afterAll(async () => {
  await t.close();
});

describe('asking for a quote in the portal', () => {
  it('offers the plant’s products, not its parts or raw material', async () => {
    const list = await as('mine').get('/api/portal/items?limit=100');
    expect(list.statusCode, list.body).toBe(200);
    const numbers = list.json().items.map((i: { number: string }) => i.number);
    expect(numbers).toEqual(expect.arrayContaining(['AS-DRIVE-080', 'CFG-FLANGED-SHAFT']));
    expect(numbers).not.toContain('MP-SHAFT-080');
    expect(numbers).not.toContain('RM-42CRMO4-080');
    expect(list.json().items.find((i: { number: string }) => i.number === 'CFG-FLANGED-SHAFT')).toMatchObject(
      {
        configurable: true,
      },
    );
    const searched = (await as('mine').get('/api/portal/items?q=drive')).json();
    expect(searched.items.map((i: { number: string }) => i.number)).toEqual(['AS-DRIVE-080']);
    expect(searched.total).toBe(1);
  });

  it('turns a request into a quote requested for sales, promised at once and told through the outbox', async () => {
    const asked = await as('mine').post('/api/portal/quote-requests', {
      customerReference: 'RFQ-2026-17',
      lines: [{ itemId: drive.id, quantity: 2, requestedDate: inDays(40) }],
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const request = asked.json();
    expect(request).toMatchObject({ status: 'requested', revision: 1, customerReference: 'RFQ-2026-17' });
    expect(request.totalAmount).toBeNull();
    const [line] = request.lines;
    expect(line).toMatchObject({ itemNumber: 'AS-DRIVE-080', quantity: 2, requestedDate: inDays(40) });
    expect(line.unitPrice).toBeNull();
    expect(line.configuration).toEqual([]);
    // the indicative promise: P50 no later than P90, the date offered no earlier than asked
    expect(Date.parse(line.promise.p50At)).toBeLessThanOrEqual(Date.parse(line.promise.p90At));
    expect(line.promisedDate >= inDays(40)).toBe(true);
    expect(JSON.stringify(request)).not.toMatch(/cost|margin|binding|explanation/i);

    // sales sees it as requested, with its promise and cost, unpriced
    const requested = (await t.as('sales').get('/api/quotes?status=requested')).json().items;
    expect(requested.map((q: { id: string }) => q.id)).toContain(request.id);
    const full = (await t.as('sales').get(`/api/quotes/${request.id}`)).json();
    expect(full).toMatchObject({ customerId: mine.id, status: 'requested' });
    expect(full.lines[0]).toMatchObject({ unitPrice: 0, promisedDate: line.promisedDate });
    expect(full.lines[0].promise.p90At).toBe(line.promise.p90At);
    expect(full.lines[0].costEstimate.total).toBeGreaterThan(0);

    const events = await t.services.db
      .select()
      .from(integrationEvents)
      .where(eq(integrationEvents.entityId, request.id));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'quote.requested', entity: 'quote' });
    expect(events[0].payload).toMatchObject({
      quoteNumber: request.number,
      customerReference: 'RFQ-2026-17',
      lines: [{ itemNumber: 'AS-DRIVE-080', quantity: 2, promisedDate: line.promisedDate }],
    });

    // the customer's list shows it, another company's does not
    const own = (await as('mine').get('/api/portal/quotes')).json().items;
    expect(own.find((q: { id: string }) => q.id === request.id)).toMatchObject({ status: 'requested' });
    const other = (await as('theirs').get('/api/portal/quotes')).json().items;
    expect(other.map((q: { id: string }) => q.id)).not.toContain(request.id);
    // no PDF of a request: there is no offer yet
    expect((await as('mine').get(`/api/portal/quotes/${request.id}/pdf`)).statusCode).toBe(404);

    // a request is not accepted before it is an offer
    const accept = await t.as('sales').post(`/api/quotes/${request.id}/accept`, { version: full.version });
    expect(accept.statusCode).toBe(422);
    expect(accept.json().detail).toMatch(/customer's request, not yet an offer/);

    // sales prices it: the revision stays a request, still unpriced for the customer
    const revised = await t.as('sales').post(`/api/quotes/${request.id}/revise`, {
      version: full.version,
      lines: [{ itemId: drive.id, quantity: 2, requestedDate: inDays(40), unitPrice: 240_000 }],
    });
    expect(revised.statusCode, revised.body).toBe(201);
    expect(revised.json()).toMatchObject({ revision: 2, status: 'requested' });
    const whileWithSales = (await as('mine').get('/api/portal/quotes')).json().items;
    const rev2 = whileWithSales.filter((q: { number: string }) => q.number === request.number);
    expect(rev2.map((q: { revision: number; status: string }) => [q.revision, q.status])).toEqual([
      [2, 'requested'],
    ]);
    expect(rev2[0].totalAmount).toBeNull();

    // sent: the customer sees the real quote, priced, with its PDF
    const sent = await t.as('sales').post(`/api/quotes/${revised.json().id}/send`, {
      version: revised.json().version,
    });
    expect(sent.statusCode, sent.body).toBe(200);
    const offer = (await as('mine').get('/api/portal/quotes'))
      .json()
      .items.find((q: { id: string }) => q.id === revised.json().id);
    expect(offer).toMatchObject({ status: 'sent', totalAmount: 480_000 });
    expect(offer.lines[0].unitPrice).toBe(240_000);
    expect((await as('mine').get(`/api/portal/quotes/${offer.id}/pdf`)).statusCode).toBe(200);
  });

  it('prices a configured request by the configurator and shows its options in words', async () => {
    const evaluated = (
      await t.as('sales').post(`/api/items/${shaft.id}/configure`, { values: CONFIGURATION, quantity: 3 })
    ).json();
    expect(evaluated.valid).toBe(true);
    const asked = await as('mine').post('/api/portal/quote-requests', {
      lines: [{ itemId: shaft.id, quantity: 3, requestedDate: inDays(50), configuration: CONFIGURATION }],
    });
    expect(asked.statusCode, asked.body).toBe(201);
    expect(asked.json().lines[0].configuration).toEqual([
      { option: 'Length', value: '1200 mm' },
      { option: 'Diameter', value: 'Ø80 mm' },
      { option: 'Flange', value: 'Bolted flange' },
      { option: 'Surface finish', value: 'Primed and painted RAL 5010' },
      { option: 'Flange marking', value: 'NW-7' },
    ]);
    const full = (await t.as('sales').get(`/api/quotes/${asked.json().id}`)).json();
    expect(full.lines[0].unitPrice).toBe(evaluated.price.unitPrice);
    expect(full.lines[0].configuration).toEqual(CONFIGURATION);

    // once ordered, the order line reads the same: hidden options (no flange, no marking) left out
    const unflanged = { ...CONFIGURATION, flange: 'none' };
    const draft = (
      await t.as('sales').post('/api/sales-orders', {
        customerId: mine.id,
        lines: [
          {
            itemId: shaft.id,
            quantity: 1,
            requestedDate: inDays(50),
            unitPrice: 150_000,
            configuration: unflanged,
          },
        ],
      })
    ).json();
    const confirmed = await t
      .as('sales')
      .post(`/api/sales-orders/${draft.id}/confirm`, { version: draft.version });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const order = (await as('mine').get(`/api/portal/orders/${draft.id}`)).json();
    expect(order.lines[0].configuration).toEqual([
      { option: 'Length', value: '1200 mm' },
      { option: 'Diameter', value: 'Ø80 mm' },
      { option: 'Flange', value: 'No flange' },
      { option: 'Surface finish', value: 'Primed and painted RAL 5010' },
    ]);
  });

  it('refuses what the portal does not offer, each with its reason at the line', async () => {
    const requestEvents = async () =>
      (
        await t.services.db
          .select()
          .from(integrationEvents)
          .where(eq(integrationEvents.type, 'quote.requested'))
      ).length;
    const before = await requestEvents();
    const ask = (line: object) =>
      as('mine').post('/api/portal/quote-requests', {
        lines: [{ quantity: 1, requestedDate: inDays(30), ...line }],
      });
    const part = await ask({ itemId: subAssembly.id });
    expect(part.statusCode).toBe(422);
    expect(part.json().errors).toEqual([
      {
        field: 'lines.0.itemId',
        rule: 'offered',
        message: 'MP-SHAFT-080 is not offered in the portal: ask our sales team for it',
      },
    ]);

    const made = (
      await t
        .as('engineer')
        .post('/api/items', { number: 'PORTAL-SPARE-1', name: 'Spare roll', kind: 'make' })
    ).json();
    expect(
      (await as('mine').get('/api/portal/items?q=PORTAL-SPARE'))
        .json()
        .items.map((i: { id: string }) => i.id),
    ).toEqual([made.id]);
    const off = await t
      .as('engineer')
      .patch(`/api/items/${made.id}`, { version: made.version, active: false });
    expect(off.statusCode, off.body).toBe(200);
    expect((await as('mine').get('/api/portal/items?q=PORTAL-SPARE')).json().items).toEqual([]);
    const inactive = await ask({ itemId: made.id });
    expect(inactive.statusCode).toBe(422);
    expect(inactive.json().errors[0]).toMatchObject({
      field: 'lines.0.itemId',
      rule: 'active',
      message: 'item PORTAL-SPARE-1 is inactive',
    });

    const unconfigured = await ask({ itemId: shaft.id });
    expect(unconfigured.statusCode).toBe(422);
    expect(unconfigured.json().errors[0]).toMatchObject({ field: 'lines.0.configuration', rule: 'required' });
    const broken = await ask({ itemId: shaft.id, configuration: { ...CONFIGURATION, diameter: 60 } });
    expect(broken.statusCode).toBe(422);
    expect(broken.json().errors[0]).toMatchObject({ field: 'lines.0.configuration.flange' });
    expect(broken.json().detail).toMatch(/A bolted flange needs a shaft of at least Ø80 mm/);
    const past = await ask({ itemId: drive.id, requestedDate: inDays(-3) });
    expect(past.statusCode).toBe(422);
    expect(past.json().errors[0]).toMatchObject({ field: 'lines.0.requestedDate', rule: 'not-past' });

    // none of these reached sales
    expect(await requestEvents()).toBe(before);
    // staff quote on the sales pages, not through the portal
    expect(
      (
        await t.as('sales').post(`/api/portal/quote-requests?customerId=${mine.id}`, {
          lines: [{ itemId: drive.id, quantity: 1, requestedDate: inDays(30) }],
        })
      ).statusCode,
    ).toBe(403);
  });
});

describe('delivery notes in the portal', () => {
  it('lists and downloads the notes of an own shipped order, and nothing of another company’s', async () => {
    const shipped = async (customerId: string) => {
      const draft = (
        await t.as('sales').post('/api/sales-orders', {
          customerId,
          lines: [{ itemId: drive.id, quantity: 1, requestedDate: inDays(30), unitPrice: 250_000 }],
        })
      ).json();
      const order = (
        await t.as('sales').post(`/api/sales-orders/${draft.id}/confirm`, { version: draft.version })
      ).json();
      const receipt = await t.as('supervisor').post('/api/stock/receipts', { itemId: drive.id, quantity: 1 });
      expect(receipt.statusCode, receipt.body).toBe(201);
      const note = await t.as('supervisor').post(`/api/sales-orders/${order.id}/shipments`, {
        lines: [{ lineId: order.lines[0].id, quantity: 1 }],
        locationId: receipt.json().moves[0].locationId,
      });
      expect(note.statusCode, note.body).toBe(201);
      return { order, note: note.json() };
    };
    const own = await shipped(mine.id);
    const other = await shipped(theirs.id);

    const notes = await as('mine').get(`/api/portal/orders/${own.order.id}/delivery-notes`);
    expect(notes.statusCode, notes.body).toBe(200);
    expect(notes.json()).toEqual([
      expect.objectContaining({
        number: own.note.number,
        orderNumber: own.order.number,
        lines: [expect.objectContaining({ lineNo: 10, itemNumber: 'AS-DRIVE-080', quantity: 1 })],
      }),
    ]);
    const pdf = await as('mine').get(
      `/api/portal/orders/${own.order.id}/delivery-notes/${own.note.number}/pdf`,
    );
    expect(pdf.statusCode).toBe(200);
    expect((await PDFDocument.load(pdf.rawPayload)).getTitle()).toBe(`Delivery note ${own.note.number}`);

    // another company's order, and another order's note under an own order: not found
    expect((await as('mine').get(`/api/portal/orders/${other.order.id}/delivery-notes`)).statusCode).toBe(
      404,
    );
    expect(
      (await as('mine').get(`/api/portal/orders/${other.order.id}/delivery-notes/${other.note.number}/pdf`))
        .statusCode,
    ).toBe(404);
    expect(
      (await as('mine').get(`/api/portal/orders/${own.order.id}/delivery-notes/${other.note.number}/pdf`))
        .statusCode,
    ).toBe(404);
    expect((await as('theirs').get(`/api/portal/orders/${own.order.id}/delivery-notes`)).statusCode).toBe(
      404,
    );
    // staff may look at a named customer's notes; other roles may not
    expect(
      (await t.as('sales').get(`/api/portal/orders/${own.order.id}/delivery-notes?customerId=${mine.id}`))
        .statusCode,
    ).toBe(200);
    expect(
      (await t.as('sales').get(`/api/portal/orders/${own.order.id}/delivery-notes?customerId=${theirs.id}`))
        .statusCode,
    ).toBe(404);
  });

  it('answers 404 to another company’s customer for every request route, too', async () => {
    const request = (
      await as('mine').post('/api/portal/quote-requests', {
        lines: [{ itemId: drive.id, quantity: 1, requestedDate: inDays(60) }],
      })
    ).json();
    expect((await as('theirs').get(`/api/portal/quotes/${request.id}/pdf`)).statusCode).toBe(404);
    const theirList = (await as('theirs').get('/api/portal/quotes?limit=500')).json();
    expect(theirList.items.map((q: { id: string }) => q.id)).not.toContain(request.id);
  });
});

describe('the portal API', () => {
  it('documents its new routes in the OpenAPI document', async () => {
    const response = await t.anonymous.get('/api/openapi.json');
    expect(response.statusCode, response.body).toBe(200);
    expect(Object.keys(response.json().paths)).toEqual(
      expect.arrayContaining([
        '/api/portal/items',
        '/api/portal/quote-requests',
        '/api/portal/orders/{id}/delivery-notes',
        '/api/portal/orders/{id}/delivery-notes/{number}/pdf',
      ]),
    );
  });
});
