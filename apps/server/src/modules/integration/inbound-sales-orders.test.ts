/**
 * Sales orders from an ERP: a JSON batch and a CSV file, all or nothing, idempotent by the
 * external reference, every broken rule named by row and field; created through the sales
 * module's service (numbers, audit, line rules, confirmation).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliCommands } from '../../cli/commands';
import { queryRows } from '../../platform/db/database';
import { openTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
let dir: string;
const DAY = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
const INBOUND = '/api/integration/inbound/sales-orders';

beforeAll(async () => {
  t = await openTestApp();
  dir = mkdtempSync(join(tmpdir(), 'takt-inbound-'));
  for (const [number, name] of [
    ['C-100', 'Nordwind Anlagenbau'],
    ['C-200', 'Acme Pumps'],
  ])
    expect((await t.as('sales').post('/api/customers', { number, name })).statusCode).toBe(201);
  for (const number of ['FL-100', 'FL-200', 'SH-300'])
    expect(
      (
        await t
          .as('engineer')
          .post('/api/items', { number, name: `Flange ${number}`, kind: 'buy', uom: 'pcs' })
      ).statusCode,
    ).toBe(201);
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t.close();
});

const orderCount = async () =>
  (await queryRows<{ n: number }>(t.services.db, sql`select count(*)::int as n from sales_orders`))[0].n;

const order = (externalReference: string, customerNumber = 'C-100', lines?: unknown[]) => ({
  externalReference,
  customerNumber,
  lines: lines ?? [
    { itemNumber: 'FL-100', quantity: 4, requestedDate: inDays(30), unitPrice: 12_50 },
    { itemNumber: 'FL-200', quantity: 2.5, requestedDate: inDays(40) },
  ],
});

describe('a batch of sales orders from an ERP', () => {
  it('creates the orders as drafts through the sales module, the reference kept', async () => {
    const response = await t
      .as('sales')
      .post(INBOUND, { orders: [order('ERP-1001'), order('ERP-1002', 'C-200')] });
    expect(response.statusCode, response.body).toBe(201);
    const result = response.json();
    expect(result).toMatchObject({ created: 2, existing: 0 });
    expect(result.orders.map((o: { outcome: string; number: string }) => [o.outcome, o.number])).toEqual([
      ['created', expect.stringMatching(/^SO-\d+$/)],
      ['created', expect.stringMatching(/^SO-\d+$/)],
    ]);
    const first = (await t.as('sales').get(`/api/sales-orders/${result.orders[0].orderId}`)).json();
    expect(first).toMatchObject({
      customerReference: 'ERP-1001',
      customerName: 'Nordwind Anlagenbau',
      status: 'draft',
      lines: [
        { lineNo: 10, itemNumber: 'FL-100', quantity: 4, unitPrice: 1250, requestedDate: inDays(30) },
        { lineNo: 20, itemNumber: 'FL-200', quantity: 2.5, unitPrice: 0 },
      ],
    });
    const audit = (await t.as('admin').get(`/api/audit?entityId=${first.id}`)).json().items;
    expect(audit).toEqual([expect.objectContaining({ action: 'create', actorName: 'Test sales' })]);
  });

  it('is idempotent by the external reference: a resend creates nothing', async () => {
    const before = await orderCount();
    const again = await t.as('sales').post(INBOUND, { orders: [order('ERP-1001'), order('ERP-1003')] });
    expect(again.statusCode).toBe(201);
    expect(again.json()).toMatchObject({ created: 1, existing: 1 });
    expect(again.json().orders[0]).toMatchObject({
      externalReference: 'ERP-1001',
      outcome: 'existing',
      status: 'draft',
    });
    const resend = await t.as('sales').post(INBOUND, { orders: [order('ERP-1001'), order('ERP-1003')] });
    expect(resend.statusCode).toBe(200);
    expect(resend.json()).toMatchObject({ created: 0, existing: 2 });
    expect(await orderCount()).toBe(before + 1);
    // the same reference of another customer is another order
    const other = await t.as('sales').post(INBOUND, { orders: [order('ERP-1001', 'C-200')] });
    expect(other.json()).toMatchObject({ created: 1 });
  });

  it('replays a retry with the same Idempotency-Key', async () => {
    const headers = { 'idempotency-key': 'erp-batch-000042' };
    const first = await t.as('sales').post(INBOUND, { orders: [order('ERP-2001')] }, headers);
    const retry = await t.as('sales').post(INBOUND, { orders: [order('ERP-2001')] }, headers);
    expect(retry.headers['idempotency-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
  });

  it('rejects a batch with a bad row as problem+json naming row and field, and writes nothing', async () => {
    const before = await orderCount();
    const response = await t.as('sales').post(INBOUND, {
      orders: [
        order('ERP-3001'),
        order('ERP-3002', 'C-999'),
        order('ERP-3003', 'C-100', [{ itemNumber: 'NOPE-1', quantity: 1, requestedDate: inDays(10) }]),
        order('ERP-3001'),
      ],
    });
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json();
    expect(problem.detail).toMatch(/^the batch was rejected, nothing was written/);
    expect(problem.errors).toEqual([
      { field: 'orders.1.customerNumber', rule: 'exists', message: 'no customer with number C-999' },
      { field: 'orders.2.lines.0.itemNumber', rule: 'exists', message: 'no item with number NOPE-1' },
      expect.objectContaining({ field: 'orders.3.externalReference', rule: 'unique' }),
    ]);
    expect(await orderCount()).toBe(before);
  });

  it("names the sales module's line rules by row too, and still writes nothing", async () => {
    const before = await orderCount();
    const response = await t.as('sales').post(INBOUND, {
      orders: [
        order('ERP-4001'),
        order('ERP-4002', 'C-100', [
          { itemNumber: 'FL-100', quantity: 1, requestedDate: inDays(5) },
          { itemNumber: 'SH-300', quantity: 1, requestedDate: '2020-01-01' },
        ]),
      ],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      expect.objectContaining({ field: 'orders.1.lines.1.requestedDate', rule: 'not-past' }),
    ]);
    expect(await orderCount()).toBe(before);
  });

  it('answers a malformed batch with 400 naming the field', async () => {
    const response = await t.as('sales').post(INBOUND, {
      orders: [order('ERP-5001', 'C-100', [{ itemNumber: 'FL-100', quantity: -1, requestedDate: 'soon' }])],
    });
    expect(response.statusCode).toBe(400);
    expect(
      response
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['orders.0.lines.0.quantity', 'orders.0.lines.0.requestedDate']);
  });

  it('confirms the new orders in the same transaction when asked', async () => {
    const response = await t.as('sales').post(INBOUND, { confirm: true, orders: [order('ERP-6001')] });
    expect(response.statusCode, response.body).toBe(201);
    const [created] = response.json().orders;
    expect(created.status).toBe('confirmed');
    const confirmed = (await t.as('sales').get(`/api/sales-orders/${created.orderId}`)).json();
    expect(confirmed.lines.every((l: { promisedDate: string | null }) => l.promisedDate !== null)).toBe(true);
  });

  it('creates each reference once when two batches race', async () => {
    const batch = { orders: [order('ERP-7001'), order('ERP-7002')] };
    const before = await orderCount();
    const [a, b] = await Promise.all([
      t.as('sales').post(INBOUND, batch),
      t.as('admin').post(INBOUND, batch),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(await orderCount()).toBe(before + 2);
  });

  it('is for those who may write sales orders', async () => {
    expect((await t.as('planner').post(INBOUND, { orders: [order('ERP-8001')] })).statusCode).toBe(403);
  });
});

describe('a CSV file of sales orders', () => {
  const csv = (rows: string[]) =>
    ['external_reference,customer_number,item_number,quantity,requested_date,unit_price', ...rows].join('\n');

  it('groups the lines of a reference into one order', async () => {
    const response = await t
      .as('sales')
      .post(
        '/api/import/sales-orders',
        csv([
          `CSV-1,C-100,FL-100,3,${inDays(20)},12.50`,
          `CSV-2,C-200,SH-300,1,${inDays(25)},`,
          `CSV-1,C-100,FL-200,"2,5",${inDays(21)},7`,
        ]),
        { 'content-type': 'text/csv' },
      );
    expect(response.statusCode, response.body).toBe(201);
    const result = response.json();
    expect(result).toMatchObject({ created: 2, existing: 0 });
    const first = (await t.as('sales').get(`/api/sales-orders/${result.orders[0].orderId}`)).json();
    expect(first.customerReference).toBe('CSV-1');
    expect(
      first.lines.map((l: { itemNumber: string; quantity: number; unitPrice: number }) => [
        l.itemNumber,
        l.quantity,
        l.unitPrice,
      ]),
    ).toEqual([
      ['FL-100', 3, 1250],
      ['FL-200', 2.5, 700],
    ]);
  });

  it('rejects a bad file naming the line and column, and writes nothing', async () => {
    const before = await orderCount();
    const response = await t
      .as('sales')
      .post(
        '/api/import/sales-orders',
        csv([
          `CSV-10,C-100,FL-100,3,${inDays(20)},1`,
          `CSV-11,C-100,NOPE-2,1,${inDays(20)},1`,
          `CSV-12,C-100,FL-100,lots,${inDays(20)},1`,
          `CSV-13,,FL-100,1,${inDays(20)},1`,
        ]),
        { 'content-type': 'text/csv' },
      );
    expect(response.statusCode).toBe(422);
    const problem = response.json();
    expect(problem.detail).toMatch(/^the file was rejected, nothing was written/);
    expect(problem.errors).toEqual([
      { field: 'line 3.item_number', rule: 'exists', message: 'no item with number NOPE-2' },
      { field: 'line 4.quantity', rule: 'number', message: "'lots' is not a number" },
      { field: 'line 5.customer_number', rule: 'required', message: 'is empty' },
    ]);
    expect(problem.detail).toContain('line 3.item_number: no item with number NOPE-2');
    // a rule of the sales module, by line too
    const past = await t
      .as('sales')
      .post(
        '/api/import/sales-orders',
        csv([`CSV-20,C-100,FL-100,3,${inDays(20)},1`, 'CSV-20,C-100,FL-200,1,2020-02-03,1']),
        {
          'content-type': 'text/csv',
        },
      );
    expect(past.statusCode).toBe(422);
    expect(past.json().errors).toEqual([
      expect.objectContaining({ field: 'line 3.requested_date', rule: 'not-past' }),
    ]);
    const empty = await t
      .as('sales')
      .post('/api/import/sales-orders', csv([]), { 'content-type': 'text/csv' });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().errors[0]).toMatchObject({ field: 'file', rule: 'not-empty' });
    expect(await orderCount()).toBe(before);
  });

  it('imports a file from the command line, idempotent on a second run', async () => {
    const importer = cliCommands.find((c) => c.name === 'import')!;
    const file = join(dir, 'orders.csv');
    writeFileSync(file, csv([`CLI-1,C-200,FL-100,6,${inDays(15)},3`]));
    const config = {} as Parameters<typeof importer.run>[2];
    const before = await orderCount();
    expect(await importer.run(t.database, ['sales-orders', file], config)).toBe(0);
    expect(await importer.run(t.database, ['sales-orders', file], config)).toBe(0);
    expect(await orderCount()).toBe(before + 1);
  });
});
