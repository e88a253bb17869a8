/**
 * Configure to order on the demo plant: a configured flanged shaft is promised, quoted and
 * confirmed against its own BOM and routing; what its options leave out is neither bought nor
 * made; a configuration that breaks a rule is refused at the field; and the structure is
 * frozen on the order line.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/database';
import { openTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
let shaft: { id: string };
let customer: { id: string };
const DAY = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
const plain = { length_mm: 1200, diameter: 80, flange: 'none', finish: 'bare' };
const bolted = { length_mm: 1200, diameter: 80, flange: 'bolted', finish: 'painted' };

beforeAll(async () => {
  t = await openTestApp();
  await t.services.demo.seedIfEmpty();
  [shaft] = (await t.as('sales').get('/api/items?q=CFG-FLANGED-SHAFT')).json().items;
  [customer] = (await t.as('sales').get('/api/customers?q=C-0003')).json().items;
}, 120_000);
afterAll(async () => {
  await t.close();
});

const promise = (configuration: Record<string, unknown> | undefined, quantity = 5) =>
  t
    .as('sales')
    .post('/api/promise', { itemId: shaft.id, quantity, requestedDate: inDays(30), configuration });

describe('configured orders', () => {
  it('promises and costs a configuration by its own structure', async () => {
    const withFlange = await promise(bolted);
    expect(withFlange.statusCode, withFlange.body).toBe(200);
    const withoutFlange = await promise(plain);
    expect(withoutFlange.statusCode, withoutFlange.body).toBe(200);
    const a = withFlange.json();
    const b = withoutFlange.json();
    expect(a.jobs).toBeGreaterThan(0);
    // the bolted, painted shaft has more material and more work than the bare one
    expect(a.costEstimate.material).toBeGreaterThan(b.costEstimate.material);
    expect(a.costEstimate.total).toBeGreaterThan(b.costEstimate.total);
    expect(a.promisedDate >= inDays(30)).toBe(true);
  });

  it('refuses a configurable item without options, and options that break a rule, at the field', async () => {
    const missing = await promise(undefined);
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors[0]).toMatchObject({ field: 'configuration', rule: 'required' });
    const broken = await promise({ length_mm: 1800, diameter: 60, flange: 'bolted', finish: 'primed' });
    expect(broken.statusCode).toBe(422);
    const fields = broken.json().errors.map((e: { field: string }) => e.field);
    expect(fields.every((f: string) => f.startsWith('configuration'))).toBe(true);
    expect(broken.json().errors.length).toBeGreaterThanOrEqual(2);
    const [drive] = (await t.as('sales').get('/api/items?q=AS-DRIVE-080')).json().items;
    const standard = await t.as('sales').post('/api/sales-orders', {
      customerId: customer.id,
      lines: [
        { itemId: drive.id, quantity: 1, requestedDate: inDays(30), unitPrice: 1, configuration: plain },
      ],
    });
    expect(standard.statusCode).toBe(422);
    expect(standard.json().errors[0]).toMatchObject({
      field: 'lines.0.configuration',
      rule: 'not-configurable',
    });
  });

  it('confirms a configured order: its jobs follow the configured routing and nothing it leaves out is planned', async () => {
    const quote = (
      await t.as('sales').post('/api/quotes', {
        customerId: customer.id,
        lines: [
          {
            itemId: shaft.id,
            quantity: 3,
            requestedDate: inDays(35),
            unitPrice: 95_000,
            configuration: plain,
          },
        ],
      })
    ).json();
    expect(quote.lines[0].configuration).toMatchObject(plain);
    const { order } = (
      await t.as('sales').post(`/api/quotes/${quote.id}/accept`, { version: quote.version })
    ).json();
    expect(order.lines[0].configuration).toMatchObject(plain);
    const confirmed = await t
      .as('sales')
      .post(`/api/sales-orders/${order.id}/confirm`, { version: order.version });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const lineId = order.lines[0].id;

    const jobs = (await t.as('planner').get(`/api/jobs?salesOrderLineId=${lineId}`)).json().items;
    const top = jobs.find((j: { itemNumber: string }) => j.itemNumber === 'CFG-FLANGED-SHAFT');
    const detail = (await t.as('planner').get(`/api/jobs/${top.id}`)).json();
    const numbers = detail.operations.map((o: { number: string }) => o.number);
    expect(numbers).toContain('010');
    expect(numbers).not.toContain('020'); // no flange to attach

    const supply = (await t.as('sales').get(`/api/sales-orders/${order.id}/supply`)).json();
    const items = supply.lines[0].pegs.map((p: { itemNumber: string }) => p.itemNumber);
    expect(items).not.toContain('MP-FLANGE-200');
    expect(items).not.toContain('BOLT-M16X60');

    const [frozen] = await queryRows<{ frozen: { configuration: { values: Record<string, unknown> } } }>(
      t.services.db,
      sql`select frozen_structure as frozen from sales_order_lines where id = ${lineId}`,
    );
    expect(frozen.frozen.configuration.values).toMatchObject(plain);
    // the next promise still plans around it
    expect((await promise(bolted)).statusCode).toBe(200);
  });
});
