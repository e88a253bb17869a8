/**
 * ATO forecasts on the demo plant: a rod seal kit assembled to order from three bought parts
 * (all MTS). A forecast of 10 kits for a period requisitions the parts before any order and no
 * kit is made; an order of 4 kits in the period consumes the forecast: its assembly job is
 * planned, its parts come from what the forecast bought (nothing is bought twice). Raising the
 * forecast buys the difference; deleting it takes back what served it alone.
 */
import type { Forecast, ForecastChange } from '@takt/contracts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/database';
import { confirmDemoOrder } from '../../testing/demo-order';
import { openTestApp, type TestApp } from '../../testing/test-app';
import { forecastDemandLines } from './forecast-demands';

const DAY = 86_400_000;
const PARTS = ['SEAL-ROD-60', 'ORING-KIT-60', 'NUT-M48'];
let t: TestApp;
let kitId: string;
let partIds: string[];
let change: ForecastChange;
let orderLineId: string;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);

async function ok<T>(response: Promise<{ statusCode: number; body: string; json(): unknown }>, status = 200) {
  const r = await response;
  expect(r.statusCode, r.body).toBe(status);
  return r.json() as T;
}

/** The item numbers of requisitions, by their numbers. */
async function itemsOf(numbers: string[]) {
  if (numbers.length === 0) return [];
  const rows = await queryRows<{ number: string }>(
    t.services.db,
    sql`select i.number from purchase_requisitions r join items i on i.id = r.item_id
        where r.number in (${sql.join(
          numbers.map((n) => sql`${n}`),
          sql`, `,
        )}) and i.number in (${sql.join(
          PARTS.map((p) => sql`${p}`),
          sql`, `,
        )})`,
  );
  return rows.map((r) => r.number);
}

/** Open requisitions of the parts: how many and how much, per part number. */
async function openRequisitions() {
  const rows = await queryRows<{ number: string; n: number; quantity: string }>(
    t.services.db,
    sql`select i.number, count(*)::int as n, sum(r.quantity) as quantity from purchase_requisitions r
        join items i on i.id = r.item_id
        where r.status = 'open' and i.number in (${sql.join(
          PARTS.map((p) => sql`${p}`),
          sql`, `,
        )}) group by i.number`,
  );
  return Object.fromEntries(rows.map((r) => [r.number, { n: r.n, quantity: Number(r.quantity) }]));
}

async function atoItem(number: string, children: string[]) {
  const admin = t.as('admin');
  const item = await ok<{ id: string }>(
    admin.post('/api/items', {
      number,
      name: `Kit ${number}, assembled to order`,
      kind: 'make',
      strategy: 'ATO',
    }),
    201,
  );
  const [assy] = (await admin.get('/api/work-centers?q=ASSY')).json().items;
  const routing = await ok<{ id: string; version: number }>(
    admin.post(`/api/items/${item.id}/routings`, {
      operations: [{ number: '010', name: 'Assemble the kit', workCenterId: assy.id, runMinutesPerUnit: 12 }],
    }),
    201,
  );
  await ok(
    admin.post(`/api/routings/${routing.id}/release`, { version: routing.version, validFrom: '2020-01-01' }),
  );
  const ids = await queryRows<{ id: string; number: string }>(
    t.services.db,
    sql`select id, number from items where number in (${sql.join(
      children.map((c) => sql`${c}`),
      sql`, `,
    )})`,
  );
  const bom = await ok<{ id: string; version: number }>(
    t.as('engineer').post(`/api/items/${item.id}/boms`, {
      lines: children.map((c, i) => ({
        position: (i + 1) * 10,
        childItemId: ids.find((x) => x.number === c)!.id,
        quantityPer: 1,
        operationNumber: '010',
      })),
    }),
    201,
  );
  await ok(
    t.as('engineer').post(`/api/boms/${bom.id}/release`, { version: bom.version, validFrom: '2020-01-01' }),
  );
  return item.id;
}

beforeAll(async () => {
  t = await openTestApp();
  await t.services.demo.seedIfEmpty();
  kitId = await atoItem('AS-SEALKIT-060', PARTS);
  partIds = (
    await queryRows<{ id: string }>(
      t.services.db,
      sql`select id from items where number in (${sql.join(
        PARTS.map((p) => sql`${p}`),
        sql`, `,
      )}) order by number`,
    )
  ).map((r) => r.id);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('a forecast of an assemble-to-order item', () => {
  it('requisitions the components before any order, and makes no kit', async () => {
    expect(await openRequisitions()).toEqual({});
    change = await ok<ForecastChange>(
      t.as('planner').post('/api/planning/forecasts', {
        itemId: kitId,
        periodStart: inDays(28),
        periodEnd: inDays(56),
        quantity: 10,
        note: 'Q3 rod seal kits',
      }),
      201,
    );
    expect(change.forecast).toMatchObject({
      itemNumber: 'AS-SEALKIT-060',
      strategy: 'ATO',
      quantity: 10,
      consumedQuantity: 0,
      remainingQuantity: 10,
      past: false,
    });
    expect(change.createdJobs).toEqual([]);
    // (the demo's bar stock below its safety stock is requisitioned in the same run)
    expect(await itemsOf(change.createdRequisitions)).toEqual(expect.arrayContaining(PARTS));
    const open = await openRequisitions();
    for (const part of PARTS) expect(open[part]).toEqual({ n: 1, quantity: 10 });
    // each part pegged once to the forecast, needed at the start of the period
    const pegs = await queryRows<{ demand_id: string; item_id: string; quantity: string; needed_at: Date }>(
      t.services.db,
      sql`select demand_id, item_id, quantity, needed_at from supply_pegs
          where demand_id like ${`forecast:${change.forecast!.id}:%`} order by item_id`,
    );
    expect(pegs.map((p) => [p.item_id, Number(p.quantity)])).toEqual(partIds.map((id) => [id, 10]).sort());
    const periodStart = Date.parse(`${inDays(28)}T00:00:00Z`);
    for (const p of pegs)
      expect(Math.abs(new Date(p.needed_at).getTime() - periodStart)).toBeLessThanOrEqual(DAY);
    const [kitJobs] = await queryRows<{ n: number }>(
      t.services.db,
      sql`select count(*)::int as n from production_jobs where item_id = ${kitId}`,
    );
    expect(kitJobs.n).toBe(0);
  });

  it('is consumed by an order in its period: the order assembles, the parts are not bought twice', async () => {
    const order = await confirmDemoOrder(t, {
      itemNumber: 'AS-SEALKIT-060',
      quantity: 4,
      requestedInDays: 35,
    });
    expect(order.jobs.map((j) => j.itemNumber)).toEqual(['AS-SEALKIT-060']);
    orderLineId = order.lineId;
    const open = await openRequisitions();
    for (const part of PARTS) expect(open[part]).toEqual({ n: 1, quantity: 10 });
    const listed = await ok<{ items: Forecast[] }>(
      t.as('planner').get(`/api/planning/forecasts?itemId=${kitId}`),
    );
    expect(listed.items[0]).toMatchObject({ consumedQuantity: 4, remainingQuantity: 6 });
  });

  it('buys the difference when the forecast goes up', async () => {
    change = await ok<ForecastChange>(
      t.as('planner').patch(`/api/planning/forecasts/${change.forecast!.id}`, {
        quantity: 20,
        version: change.forecast!.version,
      }),
    );
    expect(change.forecast).toMatchObject({
      quantity: 20,
      consumedQuantity: 4,
      remainingQuantity: 16,
      version: 2,
    });
    // the first requisitions serve the order too: they stay. The rest of the forecast (16) and the
    // order's assembly (4) need 20 of each part: 10 more (in one or two requisitions, as MRP nets them)
    expect(change.cancelledRequisitions).toEqual([]);
    expect([...new Set(await itemsOf(change.createdRequisitions))].sort()).toEqual([...PARTS].sort());
    const open = await openRequisitions();
    for (const part of PARTS) expect(open[part].quantity).toBe(20);
  });

  it('takes back what served the forecast alone when it is deleted', async () => {
    const stale = await t.as('planner').delete(`/api/planning/forecasts/${change.forecast!.id}?version=1`);
    expect(stale.statusCode).toBe(409);
    const removed = await ok<ForecastChange>(
      t
        .as('planner')
        .delete(`/api/planning/forecasts/${change.forecast!.id}?version=${change.forecast!.version}`),
    );
    expect(removed.forecast).toBeNull();
    // what served the forecast alone goes; what serves the order stays
    expect([...new Set(await itemsOf(removed.cancelledRequisitions))].sort()).toEqual([...PARTS].sort());
    const [pegged] = await queryRows<{ n: number }>(
      t.services.db,
      sql`select count(*)::int as n from supply_pegs where demand_id like ${`forecast:${change.forecast!.id}:%`}`,
    );
    expect(pegged.n).toBe(0);
    const open = await openRequisitions();
    for (const part of PARTS) expect(open[part].quantity).toBeGreaterThanOrEqual(4);
    const [unpegged] = await queryRows<{ n: number }>(
      t.services.db,
      sql`select count(*)::int as n from purchase_requisitions r join items i on i.id = r.item_id
          where r.status = 'open' and i.number in (${sql.join(
            PARTS.map((p) => sql`${p}`),
            sql`, `,
          )}) and not exists (select 1 from supply_pegs p where p.supply_id = r.id and p.sales_order_line_id = ${orderLineId})`,
    );
    expect(unpegged.n).toBe(0);
    expect((await t.as('planner').get(`/api/planning/forecasts/${change.forecast!.id}`)).statusCode).toBe(
      404,
    );
  });

  it('refuses MTO items, MTO components, ended and overlapping periods, and buyers of other roles', async () => {
    const post = (body: object) => t.as('planner').post('/api/planning/forecasts', body);
    const [rod] = await queryRows<{ id: string }>(
      t.services.db,
      sql`select id from items where number = 'FG-ROD-060'`,
    );
    const mto = await post({ itemId: rod.id, periodStart: inDays(7), periodEnd: inDays(14), quantity: 5 });
    expect(mto.statusCode).toBe(422);
    expect(mto.json().errors[0]).toMatchObject({ field: 'itemId', rule: 'forecastable' });

    const withMtoPart = await atoItem('AS-RODKIT-060', ['MP-ROD-060', 'SEAL-ROD-60']);
    const refused = await post({
      itemId: withMtoPart,
      periodStart: inDays(7),
      periodEnd: inDays(14),
      quantity: 5,
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([
      expect.objectContaining({
        field: 'itemId',
        rule: 'ato-components-mts',
        message: expect.stringMatching(/MP-ROD-060/),
      }),
    ]);

    const ended = await post({
      itemId: kitId,
      periodStart: '2020-01-01',
      periodEnd: '2020-01-31',
      quantity: 5,
    });
    expect(ended.json().errors[0]).toMatchObject({ field: 'periodEnd', rule: 'not-past' });
    const backwards = await post({
      itemId: kitId,
      periodStart: inDays(14),
      periodEnd: inDays(7),
      quantity: 5,
    });
    expect(backwards.statusCode).toBe(400);

    await ok(post({ itemId: kitId, periodStart: inDays(60), periodEnd: inDays(90), quantity: 5 }), 201);
    const overlap = await post({
      itemId: kitId,
      periodStart: inDays(80),
      periodEnd: inDays(100),
      quantity: 5,
    });
    expect(overlap.statusCode).toBe(422);
    expect(overlap.json().errors[0]).toMatchObject({ field: 'periodStart', rule: 'no-overlap' });

    expect((await t.as('sales').post('/api/planning/forecasts', { itemId: kitId })).statusCode).toBe(403);
  });
});

describe('forecast demand after consumption', () => {
  const items = new Map([
    ['kit', { id: 'kit', number: 'KIT', kind: 'make' as const, strategy: 'ATO' as const, scrapFactor: 0.1 }],
    ['kit2', { id: 'kit2', number: 'KIT2', kind: 'make' as const, strategy: 'ATO' as const, scrapFactor: 0 }],
    ['bag', { id: 'bag', number: 'BAG', kind: 'phantom' as const, strategy: 'MTS' as const, scrapFactor: 0 }],
    ['seal', { id: 'seal', number: 'SEAL', kind: 'buy' as const, strategy: 'MTS' as const, scrapFactor: 0 }],
    ['bolt', { id: 'bolt', number: 'BOLT', kind: 'buy' as const, strategy: 'MTS' as const, scrapFactor: 0 }],
  ]);
  const bomByParent = new Map([
    [
      'kit',
      [
        { parentItemId: 'kit', childItemId: 'seal', quantityPer: 2, scrapFactor: 0 },
        { parentItemId: 'kit', childItemId: 'bag', quantityPer: 1, scrapFactor: 0 },
      ],
    ],
    ['bag', [{ parentItemId: 'bag', childItemId: 'bolt', quantityPer: 4, scrapFactor: 0.5 }]],
  ]);
  const forecast = (id: string, quantity: number, periodStart = '2026-03-02', periodEnd = '2026-03-31') => ({
    id,
    itemId: 'kit',
    periodStart,
    periodEnd,
    quantity,
  });
  const now = new Date('2026-02-10T09:00:00Z');

  it('plans the rest of an ATO forecast as its components, through phantoms, from the period start', () => {
    const lines = forecastDemandLines(
      [forecast('f1', 10)],
      new Map([['f1', 4]]),
      { items, bomByParent },
      'Europe/Berlin',
      now,
    );
    expect(
      lines.map((l) => [l.id, l.itemId, Math.round(l.quantity * 1000) / 1000, l.salesOrderLineId]),
    ).toEqual([
      ['forecast:f1:seal', 'seal', 13.2, null], // 6 kits × 2 × 1.1 (the kit's own scrap)
      ['forecast:f1:bolt', 'bolt', 39.6, null], // 6 × 4 × 1.5 × 1.1
    ]);
    expect(lines[0].due.toISOString()).toBe('2026-03-01T23:00:00.000Z'); // midnight in Berlin
  });

  it('plans nothing once consumed in full or the period has ended; from now in the current period', () => {
    const structure = { items, bomByParent };
    expect(forecastDemandLines([forecast('f1', 10)], new Map([['f1', 12]]), structure, 'UTC', now)).toEqual(
      [],
    );
    expect(
      forecastDemandLines([forecast('f2', 10, '2026-01-01', '2026-01-31')], new Map(), structure, 'UTC', now),
    ).toEqual([]);
    const current = forecastDemandLines(
      [forecast('f3', 10, '2026-02-01', '2026-02-28')],
      new Map(),
      structure,
      'UTC',
      now,
    );
    expect(current[0].due).toEqual(now);
  });
});
