import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../platform/db/database';
import { openTestApp, type TestApp } from '../testing/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
  expect(await t.services.demo.seedIfEmpty()).toBe(true);
}, 120_000);
afterAll(async () => {
  await t.close();
});

describe('the demo plant', () => {
  it('has about 12 work centers on a two-shift calendar, and 40+ items', async () => {
    const wcs = (await t.as('planner').get('/api/work-centers?limit=100')).json();
    expect(wcs.total).toBeGreaterThanOrEqual(12);
    expect(wcs.items.map((w: { code: string }) => w.code)).toEqual(
      expect.arrayContaining([
        'SAW',
        'FP16',
        'FP40',
        'HT',
        'LATHE',
        'MILL',
        'GRIND',
        'INSP',
        'ASSY',
        'PAINT',
      ]),
    );
    const items = (await t.as('planner').get('/api/items?limit=1')).json();
    expect(items.total).toBeGreaterThanOrEqual(40);
    const configurable = (await t.as('planner').get('/api/items?q=CFG-')).json().items;
    expect(configurable[0].configurable).toBe(true);
  });

  it('has BOMs at least four levels deep (drive unit → assembly → machined part → forging → bar)', async () => {
    const [drive] = (await t.as('engineer').get('/api/items?q=AS-DRIVE-080')).json().items;
    const lines = (await t.as('engineer').get(`/api/items/${drive.id}/explosion?date=2026-06-01`)).json()
      .lines;
    expect(Math.max(...lines.map((l: { level: number }) => l.level))).toBe(4);
    const bar = lines.find((l: { number: string; level: number }) => l.number === 'RM-34CRNIMO6-150');
    expect(bar).toMatchObject({ level: 4 });
    expect(bar.extendedQuantity).toBeCloseTo(1 * 1.02 * 52 * 1.04, 6);
  });

  it('gives every make item a released routing', async () => {
    const makes = (await t.as('engineer').get('/api/items?kind=make&limit=100')).json().items;
    for (const item of makes) {
      const routings = (await t.as('engineer').get(`/api/items/${item.id}/routings`)).json();
      expect(
        routings.filter((r: { status: string }) => r.status === 'released'),
        item.number,
      ).toHaveLength(1);
    }
  });

  it('has suppliers with realistic lead times for every purchased item, and customers', async () => {
    const buys = (await t.as('buyer').get('/api/items?kind=buy&limit=100')).json().items;
    for (const item of buys) {
      const terms = (await t.as('buyer').get(`/api/items/${item.id}/supply-terms`)).json();
      expect(
        terms.filter((x: { preferred: boolean }) => x.preferred),
        item.number,
      ).toHaveLength(1);
    }
    const [special] = (await t.as('buyer').get('/api/items?q=RM-34CRNIMO6')).json().items;
    expect((await t.as('buyer').get(`/api/items/${special.id}/supply-terms`)).json()[0].leadTimeDays).toBe(
      42,
    );
    expect((await t.as('sales').get('/api/customers')).json().total).toBeGreaterThanOrEqual(4);
  });

  it('has stock locations and modest opening stock, booked through the ledger as adjustments', async () => {
    const locations = (await t.as('buyer').get('/api/stock-locations')).json();
    expect(locations.map((l: { code: string }) => l.code)).toEqual(
      expect.arrayContaining(['RECEIVING', 'STORES', 'SHOP', 'SHIPPING']),
    );
    const stock = (await t.as('buyer').get('/api/stock?limit=100')).json();
    expect(stock.total).toBeGreaterThanOrEqual(5);
    const bolts = stock.items.find((s: { itemNumber: string }) => s.itemNumber === 'BOLT-M16X60');
    expect(bolts).toMatchObject({ locationCode: 'STORES', lotId: null, quantity: 120 });
    const moves = (await t.as('buyer').get(`/api/stock/moves?itemId=${bolts.itemId}`)).json().items;
    expect(moves).toEqual([
      expect.objectContaining({ kind: 'adjustment', quantity: 120, note: 'opening stock' }),
    ]);
    // below safety stock: the bars are still bought
    const bar = stock.items.find((s: { itemNumber: string }) => s.itemNumber === 'RM-42CRMO4-080');
    expect(bar.quantity).toBeLessThan(500);
  });

  it('has a configurator model for the flanged shaft that prices its default configuration', async () => {
    const [shaft] = (await t.as('sales').get('/api/items?q=CFG-FLANGED-SHAFT')).json().items;
    const model = (await t.as('sales').get(`/api/items/${shaft.id}/configurator`)).json();
    expect(model.options.map((o: { code: string }) => o.code)).toEqual(
      expect.arrayContaining(['length_mm', 'diameter', 'flange', 'finish']),
    );
    const result = (await t.as('sales').post(`/api/items/${shaft.id}/configure`, {})).json();
    expect(result).toMatchObject({ valid: true, price: { unitPrice: 110000 + 12000 + 30000 } });
  });

  it('loads only into an empty plant', async () => {
    expect(await t.services.demo.seedIfEmpty()).toBe(false);
  });

  it('shows the two-shift calendar as 16 working hours on a weekday and none on a holiday', async () => {
    const [saw] = (await t.as('planner').get('/api/work-centers?q=SAW')).json().items;
    const week = (
      await t.as('planner').get(`/api/calendars/${saw.calendarId}/working-time?from=2026-03-23&to=2026-03-23`)
    ).json();
    expect(week.workingMinutes).toBe(16 * 60);
    expect(week.intervals[0]).toEqual({ start: '2026-03-23T05:00:00.000Z', end: '2026-03-23T21:00:00.000Z' });
    const goodFriday = (
      await t.as('planner').get(`/api/calendars/${saw.calendarId}/working-time?from=2026-04-03&to=2026-04-03`)
    ).json();
    expect(goodFriday.workingMinutes).toBe(0);
  });

  it('is the same plant on every fresh database: same numbers, same structure', async () => {
    const other = await openTestApp();
    try {
      expect(await other.services.demo.seedIfEmpty()).toBe(true);
      const [a, b] = await Promise.all([plantStructure(t), plantStructure(other)]);
      expect(a.workCenters.length).toBeGreaterThanOrEqual(12);
      expect(a.items.length).toBeGreaterThanOrEqual(40);
      expect(a.bomLines.length).toBeGreaterThan(0);
      expect(a.operations.length).toBeGreaterThan(0);
      expect(a.suppliers.length).toBeGreaterThan(0);
      expect(a.stock.length).toBeGreaterThan(0);
      expect(b).toEqual(a);
    } finally {
      await other.close();
    }
  }, 120_000);
});

/** Everything of the demo plant but its generated ids and timestamps. */
async function plantStructure(app: TestApp) {
  const db = app.database.db;
  const rows = (query: ReturnType<typeof sql>) => queryRows<Record<string, unknown>>(db, query);
  return {
    calendars: await rows(
      sql`select name, time_zone, shifts, holidays, exceptions from calendars order by name`,
    ),
    setupMatrices: await rows(
      sql`select name, default_changeover, same_family, initial, entries from setup_matrices order by name`,
    ),
    workCenters: await rows(sql`
      select w.code, w.name, w.machines, w.efficiency, w.machine_rate, w.labour_rate, w.setup_rate, w.currency,
             c.name as calendar, m.name as setup_matrix
      from work_centers w join calendars c on c.id = w.calendar_id
      left join setup_matrices m on m.id = w.setup_matrix_id
      order by w.code`),
    items: await rows(sql`
      select number, name, kind, strategy, uom, family, standard_cost_amount, configurable, lead_time_days
      from items order by number`),
    bomLines: await rows(sql`
      select p.number as parent, b.revision, b.status, b.valid_from, l.position, c.number as child,
             l.quantity_per, l.scrap_factor, l.operation_number, l.condition, l.quantity_formula
      from boms b join items p on p.id = b.item_id
      join bom_lines l on l.bom_id = b.id join items c on c.id = l.child_item_id
      order by p.number, b.revision, l.position`),
    operations: await rows(sql`
      select i.number as item, r.revision, r.status, r.valid_from, o.number, o.name, w.code as work_center,
             (select coalesce(array_agg(aw.code || ':' || (a->>'speedFactor') order by aw.code), '{}')
                from jsonb_array_elements(o.alternatives) a join work_centers aw on aw.id = (a->>'workCenterId')::uuid
             ) as alternatives,
             o.setup_minutes, o.run_minutes_per_unit, o.queue_minutes, o.move_minutes, o.predecessors, o.shift_rule
      from routings r join items i on i.id = r.item_id
      join routing_operations o on o.routing_id = r.id join work_centers w on w.id = o.work_center_id
      order by i.number, r.revision, o.number`),
    suppliers: (await app.as('buyer').get('/api/suppliers?limit=500')).json().items.map(withoutIds),
    customers: (await app.as('sales').get('/api/customers?limit=500')).json().items.map(withoutIds),
    configuratorModels: await rows(sql`
      select i.number as item, m.version, m.model from configurator_models m join items i on i.id = m.item_id
      order by i.number`),
    stock: await rows(sql`
      select l.code as location, l.kind, i.number as item, m.kind as move, m.quantity, m.note
      from stock_moves m join stock_locations l on l.id = m.location_id join items i on i.id = m.item_id
      order by l.code, i.number`),
  };
}

/** A record with the generated ids and timestamps left out, at any depth. */
function withoutIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIds);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !/(^id$|Id$|At$)/.test(key))
        .map(([key, v]) => [key, withoutIds(v)]),
    );
  return value;
}
