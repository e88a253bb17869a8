import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
let bar: { id: string };
let supplierA: { id: string; version: number };
let supplierB: { id: string };
const unknownId = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  t = await openTestApp();
  bar = (
    await t.as('engineer').post('/api/items', { number: 'RM-1', name: 'Bar 42CrMo4', kind: 'buy', uom: 'kg' })
  ).json();
  supplierA = (
    await t.as('buyer').post('/api/suppliers', {
      number: 'S-0001',
      name: 'Stahlhandel Nord',
      address: { street: 'Kai 1', postalCode: '20457', city: 'Hamburg', country: 'de' },
      contacts: [{ name: 'Jana Kraus', email: 'j.kraus@example.com', role: 'sales' }],
      defaultLeadTimeDays: 15,
    })
  ).json();
  supplierB = (
    await t.as('buyer').post('/api/suppliers', { number: 'S-0002', name: 'Acciaierie Sud', currency: 'chf' })
  ).json();
});
afterAll(async () => {
  await t.close();
});

const auditOf = async (entityId: string) =>
  (await t.as('admin').get(`/api/audit?entityId=${entityId}`)).json().items as {
    action: string;
    actorName: string;
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
  }[];

describe('suppliers', () => {
  it('creates a supplier with defaults, contacts and an upper-case country, audited', async () => {
    const got = await t.as('planner').get(`/api/suppliers/${supplierA.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({
      number: 'S-0001',
      address: { city: 'Hamburg', country: 'DE' },
      contacts: [{ name: 'Jana Kraus', email: 'j.kraus@example.com', phone: null, role: 'sales' }],
      currency: 'EUR',
      paymentTerms: '30 days net',
      defaultLeadTimeDays: 15,
      onTimeRate: null,
      active: true,
      version: 1,
    });
    const [created] = await auditOf(supplierA.id);
    expect(created).toMatchObject({ action: 'create', actorName: 'Test buyer', after: { number: 'S-0001' } });
  });

  it('refuses a taken number and bad input, naming the field', async () => {
    const taken = await t.as('buyer').post('/api/suppliers', { number: 'S-0001', name: 'again' });
    expect(taken.statusCode).toBe(422);
    expect(taken.headers['content-type']).toContain('application/problem+json');
    expect(taken.json().errors[0]).toMatchObject({ field: 'number', rule: 'unique' });
    const bad = await t.as('buyer').post('/api/suppliers', {
      number: 'S-0009',
      name: 'x',
      currency: 'euro',
      contacts: [{ name: 'A', email: 'not-an-email' }],
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['contacts.0.email', 'currency']);
  });

  it('searches by number or name, escaping LIKE wildcards', async () => {
    const found = (await t.as('planner').get('/api/suppliers?q=sud')).json();
    expect(found.items.map((s: { number: string }) => s.number)).toEqual(['S-0002']);
    expect((await t.as('planner').get('/api/suppliers?q=S-000')).json().total).toBe(2);
    expect((await t.as('planner').get('/api/suppliers?q=%25')).json().total).toBe(0);
  });

  it('answers 404 for an unknown supplier', async () => {
    const missing = await t.as('planner').get(`/api/suppliers/${unknownId}`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ status: 404, entity: 'supplier', id: unknownId });
    expect(
      (await t.as('buyer').patch(`/api/suppliers/${unknownId}`, { name: 'x' }, { 'if-match': '1' }))
        .statusCode,
    ).toBe(404);
    expect((await t.as('planner').get(`/api/suppliers/${unknownId}/supply-terms`)).statusCode).toBe(404);
  });

  it('patches only the fields sent, with If-Match, and audits before and after', async () => {
    const changed = await t
      .as('buyer')
      .patch(
        `/api/suppliers/${supplierA.id}`,
        { paymentTerms: '14 days 2 %, 30 days net' },
        { 'if-match': '"1"' },
      );
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      paymentTerms: '14 days 2 %, 30 days net',
      contacts: [{ name: 'Jana Kraus' }],
      address: { city: 'Hamburg' },
      defaultLeadTimeDays: 15,
      version: 2,
    });
    const [update] = await auditOf(supplierA.id);
    expect(update).toMatchObject({
      action: 'update',
      before: { paymentTerms: '30 days net', version: 1 },
      after: { paymentTerms: '14 days 2 %, 30 days net', version: 2 },
    });
  });

  it('refuses a stale version with 409 and asks for one when none is sent', async () => {
    const stale = await t
      .as('buyer')
      .patch(`/api/suppliers/${supplierA.id}`, { name: 'late' }, { 'if-match': '1' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ status: 409, currentVersion: 2, errors: [{ field: 'version' }] });
    expect((await t.as('buyer').patch(`/api/suppliers/${supplierA.id}`, { name: 'x' })).statusCode).toBe(428);
  });

  it('lets only buyers and admins write suppliers', async () => {
    expect(
      (await t.as('sales').patch(`/api/suppliers/${supplierA.id}`, { name: 'x', version: 2 })).statusCode,
    ).toBe(403);
    expect((await t.as('planner').post('/api/suppliers', { number: 'S-0099', name: 'x' })).statusCode).toBe(
      403,
    );
  });
});

describe('supply terms', () => {
  const terms = (supplierId: string, extra: object = {}) => ({
    itemId: bar.id,
    supplierId,
    leadTimeDays: 15,
    minimumOrderQuantity: 250,
    orderMultiple: 50,
    priceBreaks: [
      { fromQuantity: 250, unitPrice: 190 },
      { fromQuantity: 1000, unitPrice: 180 },
    ],
    ...extra,
  });
  let termsA: { id: string; version: number };
  let termsB: { id: string; version: number };

  it('names the broken price break', async () => {
    const bad = await t.as('buyer').post(
      '/api/supply-terms',
      terms(supplierA.id, {
        priceBreaks: [
          { fromQuantity: 250, unitPrice: 190 },
          { fromQuantity: 100, unitPrice: 180 },
        ],
      }),
    );
    expect(bad.statusCode).toBe(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().errors).toEqual([
      expect.objectContaining({ field: 'priceBreaks.1.fromQuantity', rule: 'price-breaks' }),
    ]);
  });

  it('refuses a first price break above the minimum order quantity', async () => {
    const bad = await t
      .as('buyer')
      .post(
        '/api/supply-terms',
        terms(supplierA.id, { priceBreaks: [{ fromQuantity: 300, unitPrice: 190 }] }),
      );
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0]).toMatchObject({ field: 'priceBreaks.0.fromQuantity', rule: 'price-breaks' });
  });

  it("creates terms in the supplier's currency unless another is given, audited", async () => {
    const a = await t.as('buyer').post('/api/supply-terms', terms(supplierA.id, { preferred: true }));
    expect(a.statusCode).toBe(201);
    termsA = a.json();
    expect(termsA).toMatchObject({
      itemNumber: 'RM-1',
      supplierNumber: 'S-0001',
      supplierName: 'Stahlhandel Nord',
      currency: 'EUR',
      minimumOrderQuantity: 250,
      orderMultiple: 50,
      preferred: true,
      version: 1,
    });
    const b = await t.as('buyer').post('/api/supply-terms', terms(supplierB.id, { leadTimeDays: 40 }));
    termsB = b.json();
    expect(termsB).toMatchObject({ currency: 'CHF', preferred: false });
    expect((await auditOf(termsA.id))[0]).toMatchObject({ action: 'create', after: { preferred: true } });
  });

  it('keeps at most one preferred supplier per item: choosing one clears the other, audited', async () => {
    const chosen = await t
      .as('buyer')
      .patch(`/api/supply-terms/${termsB.id}`, { preferred: true, version: 1 });
    expect(chosen.statusCode).toBe(200);
    expect(chosen.json()).toMatchObject({ preferred: true, leadTimeDays: 40, minimumOrderQuantity: 250 });
    const list = (await t.as('planner').get(`/api/items/${bar.id}/supply-terms`)).json();
    expect(
      list.map((x: { supplierName: string; preferred: boolean }) => [x.supplierName, x.preferred]),
    ).toEqual([
      ['Acciaierie Sud', true],
      ['Stahlhandel Nord', false],
    ]);
    const [cleared] = await auditOf(termsA.id);
    expect(cleared).toMatchObject({
      action: 'update',
      before: { preferred: true },
      after: { preferred: false },
    });
    // clearing the flag is a change: the old version no longer fits
    expect(
      (await t.as('buyer').patch(`/api/supply-terms/${termsA.id}`, { leadTimeDays: 9 }, { 'if-match': '1' }))
        .statusCode,
    ).toBe(409);
    const another = await t.as('buyer').post('/api/supply-terms', {
      ...terms(supplierA.id),
      itemId: (
        await t.as('engineer').post('/api/items', { number: 'RM-2', name: 'Tube', kind: 'buy', uom: 'kg' })
      ).json().id,
      preferred: true,
    });
    expect(another.json().preferred).toBe(true); // the rule is per item
  });

  it('lists what a supplier offers', async () => {
    const offered = (await t.as('planner').get(`/api/suppliers/${supplierA.id}/supply-terms`)).json();
    expect(offered.map((x: { itemNumber: string }) => x.itemNumber)).toEqual(['RM-2', 'RM-1']);
    expect((await t.as('planner').get(`/api/items/${unknownId}/supply-terms`)).statusCode).toBe(404);
  });

  it('patches only the fields sent and checks price breaks against the new minimum', async () => {
    const tooHigh = await t
      .as('buyer')
      .patch(`/api/supply-terms/${termsB.id}`, { minimumOrderQuantity: 100, version: 2 });
    expect(tooHigh.statusCode).toBe(422);
    expect(tooHigh.json().errors[0].field).toBe('priceBreaks.0.fromQuantity');
    const changed = await t
      .as('buyer')
      .patch(`/api/supply-terms/${termsB.id}`, { supplierPartNumber: 'AS-42-6M', version: 2 });
    expect(changed.json()).toMatchObject({
      supplierPartNumber: 'AS-42-6M',
      preferred: true,
      orderMultiple: 50,
      priceBreaks: [{ fromQuantity: 250 }, { fromQuantity: 1000 }],
      version: 3,
    });
  });

  it('refuses terms for a make item, an unknown supplier and a second set for the same supplier', async () => {
    const make = (
      await t.as('engineer').post('/api/items', { number: 'M-1', name: 'Shaft', kind: 'make' })
    ).json();
    const rule = async (body: object) =>
      (await t.as('buyer').post('/api/supply-terms', body)).json().errors[0];
    expect(await rule({ ...terms(supplierA.id), itemId: make.id })).toMatchObject({
      field: 'itemId',
      rule: 'buy-item',
    });
    expect(await rule(terms(unknownId))).toMatchObject({ field: 'supplierId', rule: 'reference' });
    expect(await rule(terms(supplierA.id))).toMatchObject({ field: 'supplierId', rule: 'unique' });
  });

  it('deletes terms, checking If-Match when given, audited', async () => {
    expect(
      (await t.as('buyer').delete(`/api/supply-terms/${termsA.id}`, { 'if-match': '1' })).statusCode,
    ).toBe(409);
    expect(
      (await t.as('buyer').delete(`/api/supply-terms/${termsA.id}`, { 'if-match': '2' })).statusCode,
    ).toBe(204);
    expect((await t.as('buyer').delete(`/api/supply-terms/${termsA.id}`)).statusCode).toBe(404);
    expect((await t.as('planner').get(`/api/supply-terms/${termsA.id}`)).statusCode).toBe(404);
    expect((await auditOf(termsA.id))[0]).toMatchObject({
      action: 'delete',
      before: { supplierNumber: 'S-0001' },
      after: null,
    });
  });
});
