import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(async () => {
  await t.close();
});

const unknownId = '00000000-0000-4000-8000-000000000000';
const address = (label: string, isDefault = false) => ({
  label,
  street: 'Hafenstraße 4',
  postalCode: '20457',
  city: 'Hamburg',
  country: 'de',
  isDefault,
});
const defaults = (c: { deliveryAddresses: { label: string; isDefault: boolean }[] }) =>
  c.deliveryAddresses.map((a) => [a.label, a.isDefault]);

describe('customers', () => {
  let nordwind: { id: string };

  it('makes the first delivery address the default when none is marked, audited', async () => {
    const created = await t.as('sales').post('/api/customers', {
      number: 'C-0001',
      name: 'Nordwind Hydraulik GmbH',
      contacts: [{ name: 'Ole Hansen', email: 'o.hansen@example.com', role: 'purchasing' }],
      deliveryAddresses: [address('Plant'), address('Warehouse')],
    });
    expect(created.statusCode, created.body).toBe(201);
    nordwind = created.json();
    expect(created.json()).toMatchObject({
      currency: 'EUR',
      vatId: null,
      contacts: [{ name: 'Ole Hansen', phone: null }],
      active: true,
      version: 1,
    });
    expect(defaults(created.json())).toEqual([
      ['Plant', true],
      ['Warehouse', false],
    ]);
    expect(created.json().deliveryAddresses[0].country).toBe('DE');
    const audit = (await t.as('admin').get(`/api/audit?entity=customer&entityId=${nordwind.id}`)).json();
    expect(audit.items).toEqual([expect.objectContaining({ action: 'create', actorName: 'Test sales' })]);
  });

  it('refuses two default addresses, naming the second one', async () => {
    const two = await t.as('sales').post('/api/customers', {
      number: 'C-0002',
      name: 'x',
      deliveryAddresses: [address('a', true), address('b'), address('c', true)],
    });
    expect(two.statusCode).toBe(422);
    expect(two.headers['content-type']).toContain('application/problem+json');
    expect(two.json().errors[0]).toMatchObject({
      field: 'deliveryAddresses.2.isDefault',
      rule: 'one-default',
    });
  });

  it('refuses a bad country code and a taken number, naming the field', async () => {
    const country = await t.as('sales').post('/api/customers', {
      number: 'C-0003',
      name: 'x',
      deliveryAddresses: [{ ...address('a'), country: 'Germany' }],
    });
    expect(country.statusCode).toBe(400);
    expect(country.json().errors[0].field).toBe('deliveryAddresses.0.country');
    const taken = await t.as('sales').post('/api/customers', { number: 'C-0001', name: 'again' });
    expect(taken.statusCode).toBe(422);
    expect(taken.json().errors[0]).toMatchObject({ field: 'number', rule: 'unique' });
  });

  it('searches by number, name or VAT id', async () => {
    await t
      .as('sales')
      .post('/api/customers', { number: 'C-0004', name: 'Ferro Meccanica', vatId: 'IT0123' });
    const search = async (q: string) =>
      (await t.as('planner').get(`/api/customers?q=${q}`))
        .json()
        .items.map((c: { number: string }) => c.number);
    expect(await search('nordwind')).toEqual(['C-0001']);
    expect(await search('it0123')).toEqual(['C-0004']);
    expect(await search('C-000')).toEqual(['C-0001', 'C-0004']);
  });

  it('patches only the fields sent and keeps one default address', async () => {
    const vat = await t
      .as('sales')
      .patch(`/api/customers/${nordwind.id}`, { vatId: 'DE123456789', version: 1 });
    expect(vat.json()).toMatchObject({
      vatId: 'DE123456789',
      contacts: [{ name: 'Ole Hansen' }],
      version: 2,
    });
    expect(defaults(vat.json())).toEqual([
      ['Plant', true],
      ['Warehouse', false],
    ]);
    const moved = await t
      .as('sales')
      .patch(
        `/api/customers/${nordwind.id}`,
        { deliveryAddresses: [address('Plant'), address('Warehouse', true)] },
        { 'if-match': '2' },
      );
    expect(defaults(moved.json())).toEqual([
      ['Plant', false],
      ['Warehouse', true],
    ]);
    const audit = (await t.as('admin').get(`/api/audit?entityId=${nordwind.id}`)).json().items;
    expect(audit[0]).toMatchObject({
      action: 'update',
      before: { version: 2, deliveryAddresses: [{ isDefault: true }, { isDefault: false }] },
      after: { version: 3, deliveryAddresses: [{ isDefault: false }, { isDefault: true }] },
    });
  });

  it('refuses a stale version with 409 and an unknown customer with 404', async () => {
    const stale = await t
      .as('sales')
      .patch(`/api/customers/${nordwind.id}`, { vatId: 'DE0' }, { 'if-match': '1' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ currentVersion: 3, errors: [{ field: 'version' }] });
    expect((await t.as('sales').get(`/api/customers/${unknownId}`)).statusCode).toBe(404);
    expect(
      (await t.as('sales').patch(`/api/customers/${unknownId}`, { name: 'x', version: 1 })).statusCode,
    ).toBe(404);
  });

  it('lets only sales and admins write, and keeps customers from operators', async () => {
    expect((await t.as('operator').get('/api/customers')).statusCode).toBe(403);
    expect((await t.as('buyer').post('/api/customers', { number: 'C-0099', name: 'x' })).statusCode).toBe(
      403,
    );
  });
});
