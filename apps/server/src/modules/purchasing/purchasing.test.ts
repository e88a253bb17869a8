import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../testing/test-app';
import { effectiveOrderQuantity, priceFor } from './supply-pricing';

let t: TestApp;
let bar: { id: string };
let supplierA: { id: string };
let supplierB: { id: string };
beforeAll(async () => {
  t = await openTestApp();
  bar = (
    await t.as('engineer').post('/api/items', { number: 'RM-1', name: 'Bar 42CrMo4', kind: 'buy', uom: 'kg' })
  ).json();
  supplierA = (
    await t
      .as('buyer')
      .post('/api/suppliers', { number: 'S-0001', name: 'Stahlhandel Nord', defaultLeadTimeDays: 15 })
  ).json();
  supplierB = (
    await t.as('buyer').post('/api/suppliers', { number: 'S-0002', name: 'Acciaierie Sud' })
  ).json();
});
afterAll(async () => {
  await t.close();
});

describe('price breaks and order quantities', () => {
  const breaks = [
    { fromQuantity: 0, unitPrice: 200 },
    { fromQuantity: 500, unitPrice: 185 },
    { fromQuantity: 2000, unitPrice: 170 },
  ];
  it('pick the break with the largest starting quantity not above the order', () => {
    expect(priceFor(breaks, 100)).toBe(200);
    expect(priceFor(breaks, 500)).toBe(185);
    expect(priceFor(breaks, 5000)).toBe(170);
  });
  it('round a need up to the minimum and the multiple', () => {
    expect(effectiveOrderQuantity({ minimumOrderQuantity: 250, orderMultiple: 0 }, 80)).toBe(250);
    expect(effectiveOrderQuantity({ minimumOrderQuantity: 250, orderMultiple: 100 }, 310)).toBe(400);
    expect(effectiveOrderQuantity({ minimumOrderQuantity: 0, orderMultiple: 6 }, 12)).toBe(12);
  });
});

describe('suppliers and supply terms', () => {
  const terms = (supplierId: string, extra: object = {}) => ({
    itemId: bar.id,
    supplierId,
    leadTimeDays: 15,
    minimumOrderQuantity: 250,
    priceBreaks: [
      { fromQuantity: 250, unitPrice: 190 },
      { fromQuantity: 1000, unitPrice: 180 },
    ],
    ...extra,
  });

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
    expect(bad.json().errors[0]).toMatchObject({ field: 'priceBreaks.1.fromQuantity', rule: 'price-breaks' });
  });

  it('keeps at most one preferred supplier per item', async () => {
    expect(
      (await t.as('buyer').post('/api/supply-terms', terms(supplierA.id, { preferred: true }))).statusCode,
    ).toBe(201);
    expect(
      (
        await t
          .as('buyer')
          .post('/api/supply-terms', terms(supplierB.id, { preferred: true, leadTimeDays: 40 }))
      ).statusCode,
    ).toBe(201);
    const list = (await t.as('planner').get(`/api/items/${bar.id}/supply-terms`)).json();
    expect(
      list.map((x: { supplierName: string; preferred: boolean }) => [x.supplierName, x.preferred]),
    ).toEqual([
      ['Acciaierie Sud', true],
      ['Stahlhandel Nord', false],
    ]);
  });

  it('refuses terms for a make item and a second set for the same supplier', async () => {
    const make = (
      await t.as('engineer').post('/api/items', { number: 'M-1', name: 'Shaft', kind: 'make' })
    ).json();
    expect(
      (await t.as('buyer').post('/api/supply-terms', { ...terms(supplierA.id), itemId: make.id })).json()
        .errors[0].rule,
    ).toBe('buy-item');
    expect((await t.as('buyer').post('/api/supply-terms', terms(supplierA.id))).json().errors[0].rule).toBe(
      'unique',
    );
  });

  it('updates a supplier with its version and lets only buyers and admins write', async () => {
    expect(
      (await t.as('sales').patch(`/api/suppliers/${supplierA.id}`, { name: 'x', version: 1 })).statusCode,
    ).toBe(403);
    const changed = await t.as('buyer').patch(`/api/suppliers/${supplierA.id}`, {
      contacts: [{ name: 'Jana Kraus', email: 'j.kraus@example.com' }],
      version: 1,
    });
    expect(changed.json().contacts[0]).toMatchObject({ name: 'Jana Kraus', phone: null });
    expect(
      (await t.as('buyer').patch(`/api/suppliers/${supplierA.id}`, { name: 'late', version: 1 })).statusCode,
    ).toBe(409);
  });
});
