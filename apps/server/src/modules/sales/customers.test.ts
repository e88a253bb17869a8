import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(async () => {
  await t.close();
});

const address = (label: string, isDefault = false) => ({
  label,
  street: 'Hafenstraße 4',
  postalCode: '20457',
  city: 'Hamburg',
  country: 'de',
  isDefault,
});

describe('customers', () => {
  it('makes the first delivery address the default when none is marked', async () => {
    const created = await t.as('sales').post('/api/customers', {
      number: 'C-0001',
      name: 'Nordwind Hydraulik GmbH',
      deliveryAddresses: [address('Plant'), address('Warehouse')],
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(
      created
        .json()
        .deliveryAddresses.map((a: { isDefault: boolean; country: string }) => [a.isDefault, a.country]),
    ).toEqual([
      [true, 'DE'],
      [false, 'DE'],
    ]);
  });

  it('refuses two default addresses and a bad country code, naming the field', async () => {
    const two = await t.as('sales').post('/api/customers', {
      number: 'C-0002',
      name: 'x',
      deliveryAddresses: [address('a', true), address('b', true)],
    });
    expect(two.json().errors[0]).toMatchObject({ field: 'deliveryAddresses', rule: 'one-default' });
    const country = await t.as('sales').post('/api/customers', {
      number: 'C-0003',
      name: 'x',
      deliveryAddresses: [{ ...address('a'), country: 'Germany' }],
    });
    expect(country.statusCode).toBe(400);
    expect(country.json().errors[0].field).toBe('deliveryAddresses.0.country');
  });

  it('searches by name and refuses a stale version', async () => {
    const [found] = (await t.as('planner').get('/api/customers?q=nordwind')).json().items;
    expect(found.number).toBe('C-0001');
    expect(
      (await t.as('sales').patch(`/api/customers/${found.id}`, { vatId: 'DE123456789', version: 1 })).json()
        .version,
    ).toBe(2);
    expect(
      (await t.as('sales').patch(`/api/customers/${found.id}`, { vatId: 'DE0', version: 1 })).statusCode,
    ).toBe(409);
    expect((await t.as('operator').get('/api/customers')).statusCode).toBe(403);
  });
});
