/**
 * Backflush and the missing-material warning over the API, on the demo plant with an item of
 * our own: a bracket milled (010) and assembled (020) from a lot-traced bar issued by scan
 * (manual), screws consumed at assembly and paint with no operation named (the last one), both
 * backflushed. Reported parts take their material from stores, oldest lot first, in the
 * booking's transaction; stock short is issued as far as it goes and shown, never below zero;
 * a retried booking issues nothing twice; finishing the last operation without the bar is
 * refused until acknowledged; the order line's actual cost includes what was issued.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/database';
import { confirmDemoOrder } from '../../testing/demo-order';
import { openTestApp, type TestApp } from '../../testing/test-app';
import {
  backflushConsumed,
  backflushOwed,
  type JobComponent,
  missingManualMaterial,
} from './backflush-quantities';

let t: TestApp;
let itemIds: Record<string, string>;
let storesId: string;
let job: { id: string; number: string };
let ops: { id: string; number: string }[];
let orderId: string;
let lineId: string;
let scrapReasonId: string;
let tap = 0;
const eventId = () => `backflush-tap-${++tap}-${Math.random().toString(36).slice(2)}`;

const QUANTITY = 10;
const SCREWS_PER_PART = 4;
const PAINT_PER_PART = 0.25;
const BAR_PER_PART = 2.5;
const COST = { bar: 200, screw: 10, paint: 1000 }; // standard cost in cents per kg, pcs, l

const book = (operationId: string, body: Record<string, unknown>) =>
  t.as('operator').post(`/api/job-operations/${operationId}/bookings`, { clientEventId: eventId(), ...body });

const material = async () => (await t.as('operator').get(`/api/jobs/${job.id}/material`)).json();
const lineOf = async (itemNumber: string) =>
  (await material()).lines.find((l: { itemNumber: string }) => l.itemNumber === itemNumber);

/** The job's issue moves per item and lot, from the ledger. */
const issues = () =>
  queryRows<{ item: string; lot: string | null; quantity: string; note: string | null }>(
    t.services.db,
    sql`select i.number as item, l.number as lot, -sum(m.quantity) as quantity, min(m.note) as note
        from stock_moves m join items i on i.id = m.item_id left join lots l on l.id = m.lot_id
        where m.job_id = ${job.id} and m.kind = 'issue'
        group by i.number, l.number order by i.number, l.number`,
  );
const onHand = async (itemNumber: string) => {
  const [row] = await queryRows<{ q: string | null }>(
    t.services.db,
    sql`select sum(m.quantity) as q from stock_moves m where m.item_id = ${itemIds[itemNumber]}`,
  );
  return Number(row?.q ?? 0);
};

async function createItem(body: Record<string, unknown>) {
  const created = await t.as('engineer').post('/api/items', body);
  expect(created.statusCode, created.body).toBe(201);
  return created.json();
}

async function receive(itemNumber: string, quantity: number, lotNumber: string) {
  const receipt = await t.as('buyer').post('/api/stock/receipts', {
    itemId: itemIds[itemNumber],
    quantity,
    locationId: storesId,
    lotNumber,
  });
  expect(receipt.statusCode, receipt.body).toBe(201);
}

beforeAll(async () => {
  t = await openTestApp();
  await t.services.demo.seedIfEmpty();
  const bar = await createItem({
    number: 'BF-BAR',
    name: 'Bar 42CrMo4 Ø50',
    kind: 'buy',
    uom: 'kg',
    strategy: 'MTS',
    standardCost: { amount: COST.bar, currency: 'EUR' },
    leadTimeDays: 10,
  });
  const screw = await createItem({
    number: 'BF-SCREW',
    name: 'Screw M8×20',
    kind: 'buy',
    strategy: 'MTS',
    issueMethod: 'backflush',
    standardCost: { amount: COST.screw, currency: 'EUR' },
    leadTimeDays: 5,
  });
  const paint = await createItem({
    number: 'BF-PAINT',
    name: 'Paint RAL 7035',
    kind: 'buy',
    uom: 'l',
    strategy: 'MTS',
    issueMethod: 'backflush',
    standardCost: { amount: COST.paint, currency: 'EUR' },
    leadTimeDays: 5,
  });
  const bracket = await createItem({
    number: 'BF-BRACKET',
    name: 'Bracket, painted',
    kind: 'make',
    strategy: 'MTO',
  });
  itemIds = { 'BF-BAR': bar.id, 'BF-SCREW': screw.id, 'BF-PAINT': paint.id, 'BF-BRACKET': bracket.id };
  expect([bar.issueMethod, screw.issueMethod]).toEqual(['manual', 'backflush']);

  const bom = await t.as('engineer').post(`/api/items/${bracket.id}/boms`, {
    lines: [
      {
        position: 10,
        childItemId: bar.id,
        quantityPer: BAR_PER_PART,
        scrapFactor: 0.04,
        operationNumber: '010',
      },
      { position: 20, childItemId: screw.id, quantityPer: SCREWS_PER_PART, operationNumber: '020' },
      { position: 30, childItemId: paint.id, quantityPer: PAINT_PER_PART },
    ],
  });
  expect(bom.statusCode, bom.body).toBe(201);
  const bomReleased = await t
    .as('engineer')
    .post(`/api/boms/${bom.json().id}/release`, { version: bom.json().version, validFrom: '2026-01-01' });
  expect(bomReleased.statusCode, bomReleased.body).toBe(200);
  const centers = (await t.as('engineer').get('/api/work-centers?limit=100')).json().items;
  const wc = (code: string) => centers.find((w: { code: string }) => w.code === code).id;
  const routing = await t.as('engineer').post(`/api/items/${bracket.id}/routings`, {
    operations: [
      { number: '010', name: 'Mill', workCenterId: wc('MILL'), setupMinutes: 20, runMinutesPerUnit: 6 },
      {
        number: '020',
        name: 'Assemble and paint',
        workCenterId: wc('ASSY'),
        setupMinutes: 10,
        runMinutesPerUnit: 5,
      },
    ],
  });
  expect(routing.statusCode, routing.body).toBe(201);
  const routingReleased = await t.as('engineer').post(`/api/routings/${routing.json().id}/release`, {
    version: routing.json().version,
    validFrom: '2026-01-01',
  });
  expect(routingReleased.statusCode, routingReleased.body).toBe(200);

  storesId = (await t.as('buyer').get('/api/stock-locations'))
    .json()
    .find((l: { code: string }) => l.code === 'STORES').id;
  // screws in two lots, the older first; a litre of paint; bar enough for the job
  await receive('BF-SCREW', 20, 'SCREW-A');
  await receive('BF-SCREW', 10, 'SCREW-B');
  await receive('BF-PAINT', 1, 'PAINT-1');
  await receive('BF-BAR', 100, 'HEAT-0815');

  const confirmed = await confirmDemoOrder(t, {
    itemNumber: 'BF-BRACKET',
    quantity: QUANTITY,
    requestedInDays: 30,
  });
  orderId = confirmed.order.id;
  lineId = confirmed.lineId;
  expect(confirmed.jobs).toHaveLength(1);
  job = confirmed.jobs[0];
  const released = await t.as('planner').post('/api/jobs/release', { jobIds: [job.id] });
  expect(released.statusCode, released.body).toBe(200);
  ops = (await t.as('planner').get(`/api/jobs/${job.id}`)).json().operations;
  const reasons = (await t.as('operator').get('/api/reason-codes?kind=scrap')).json();
  scrapReasonId = reasons.find((r: { code: string }) => r.code === 'DIM').id;
}, 120_000);
afterAll(async () => {
  await t.close();
});

describe('backflush', () => {
  it('lists the job’s material with its issue method, nothing issued and nothing short yet', async () => {
    const { lines } = await material();
    expect(
      lines.map(
        (l: {
          itemNumber: string;
          issueMethod: string;
          required: number;
          issued: number;
          backflushShort: number;
        }) => [l.itemNumber, l.issueMethod, l.required, l.issued, l.backflushShort],
      ),
    ).toEqual([
      ['BF-BAR', 'manual', 26, 0, 0],
      ['BF-SCREW', 'backflush', 40, 0, 0],
      ['BF-PAINT', 'backflush', 2.5, 0, 0],
    ]);
  });

  it('issues nothing when parts are reported at an operation that consumes no backflush material', async () => {
    expect((await book(ops[0].id, { kind: 'run' })).statusCode).toBe(200);
    const reported = await book(ops[0].id, { kind: 'finish', goodQuantity: 8 });
    expect(reported.statusCode, reported.body).toBe(200);
    expect(reported.json().backflush).toEqual([]);
    expect(await issues()).toEqual([]);
  });

  it('backflushes good and scrap parts at the consuming operation from stores, oldest lot first', async () => {
    expect((await book(ops[1].id, { kind: 'run' })).statusCode).toBe(200);
    const reported = await book(ops[1].id, {
      kind: 'quantity',
      goodQuantity: 6,
      scrapQuantity: 1,
      scrapReasonId,
    });
    expect(reported.statusCode, reported.body).toBe(200);
    // 7 parts: 28 screws (at 020) and 1.75 l of paint (no operation named: the last one, 020)
    expect(reported.json().backflush).toEqual([
      expect.objectContaining({ itemNumber: 'BF-SCREW', issued: 28, short: 0 }),
      expect.objectContaining({ itemNumber: 'BF-PAINT', issued: 1, short: 0.75 }),
    ]);
    expect(await issues()).toEqual([
      { item: 'BF-PAINT', lot: 'PAINT-1', quantity: '1', note: 'backflush at operation 020' },
      { item: 'BF-SCREW', lot: 'SCREW-A', quantity: '20', note: 'backflush at operation 020' },
      { item: 'BF-SCREW', lot: 'SCREW-B', quantity: '8', note: 'backflush at operation 020' },
    ]);
  });

  it('records the shortfall on the job’s material and never takes stock below zero', async () => {
    expect(await onHand('BF-PAINT')).toBe(0);
    expect(await onHand('BF-SCREW')).toBe(2);
    const paint = await lineOf('BF-PAINT');
    expect(paint).toMatchObject({ issued: 1, backflushShort: 0.75 });
    expect((await lineOf('BF-SCREW')).backflushShort).toBe(0);
    // what the line had reserved of the screws went with them
    const [reserved] = await queryRows<{ q: string | null }>(
      t.services.db,
      sql`select sum(quantity) as q from stock_reservations
          where sales_order_line_id = ${lineId} and item_id = ${itemIds['BF-SCREW']}`,
    );
    expect(Number(reserved.q ?? 0)).toBeLessThanOrEqual(2);
    const [negative] = await queryRows<{ n: number }>(
      t.services.db,
      sql`select count(*)::int as n from (
            select item_id, location_id, lot_id from stock_moves
            group by item_id, location_id, lot_id having sum(quantity) < 0) b`,
    );
    expect(negative.n).toBe(0);
  });

  it('backflushes a retried booking once: the same event id replays, a double tap too', async () => {
    const before = await issues();
    const body = { clientEventId: eventId(), kind: 'quantity', goodQuantity: 1 };
    const url = `/api/job-operations/${ops[1].id}/bookings`;
    const [a, b] = await Promise.all([t.as('operator').post(url, body), t.as('operator').post(url, body)]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect([a.json().replayed, b.json().replayed].sort()).toEqual([false, true]);
    const again = await t.as('operator').post(url, body);
    expect(again.json()).toMatchObject({ replayed: true, backflush: [] });
    // one part more: 4 screws (2 in stock, 2 short), paint still none
    const first = a.json().replayed ? b.json() : a.json();
    expect(first.backflush).toEqual([
      expect.objectContaining({ itemNumber: 'BF-SCREW', issued: 2, short: 2 }),
      expect.objectContaining({ itemNumber: 'BF-PAINT', issued: 0, short: 1 }),
    ]);
    const after = await issues();
    const total = (rows: { item: string; quantity: string }[], item: string) =>
      rows.filter((r) => r.item === item).reduce((s, r) => s + Number(r.quantity), 0);
    expect(total(after, 'BF-SCREW') - total(before, 'BF-SCREW')).toBe(2);
    expect(total(after, 'BF-PAINT')).toBe(total(before, 'BF-PAINT'));
  });

  it('makes up the shortfall at the next booking once stock has come in', async () => {
    await receive('BF-PAINT', 5, 'PAINT-2');
    await receive('BF-SCREW', 50, 'SCREW-C');
    const reported = await book(ops[1].id, { kind: 'quantity', goodQuantity: 1 });
    expect(reported.statusCode, reported.body).toBe(200);
    // 9 parts: 36 screws and 2.25 l in all
    expect(reported.json().backflush).toEqual([
      expect.objectContaining({ itemNumber: 'BF-SCREW', issued: 6, short: 0 }),
      expect.objectContaining({ itemNumber: 'BF-PAINT', issued: 1.25, short: 0 }),
    ]);
    expect(await lineOf('BF-PAINT')).toMatchObject({ issued: 2.25, backflushShort: 0 });
  });
});

describe('finishing without the manual material', () => {
  it('refuses the last operation’s finish with 422 listing what is missing, and books nothing', async () => {
    const before = await issues();
    const refused = await book(ops[1].id, { kind: 'finish', goodQuantity: 1 });
    expect(refused.statusCode).toBe(422);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    const problem = refused.json();
    expect(problem.errors[0]).toMatchObject({
      field: 'acknowledgeMissingMaterial',
      rule: 'material-not-issued',
    });
    expect(problem.detail).toContain('Bar 42CrMo4 Ø50: 0 of 26 kg issued');
    expect(problem.missing).toEqual([
      {
        itemId: itemIds['BF-BAR'],
        itemNumber: 'BF-BAR',
        itemName: 'Bar 42CrMo4 Ø50',
        uom: 'kg',
        required: 26,
        issued: 0,
      },
    ]);
    const op = (await t.as('operator').get(`/api/job-operations/${ops[1].id}`)).json();
    expect(op).toMatchObject({ status: 'running', goodQuantity: 8 });
    expect(await issues()).toEqual(before);
  });

  it('counts a part issued by scan, and still refuses while it is short', async () => {
    const scanned = await t
      .as('operator')
      .post(`/api/jobs/${job.id}/material-issues`, { scan: 'HEAT-0815', quantity: 20 });
    expect(scanned.statusCode, scanned.body).toBe(201);
    // the bar set aside for the line at confirmation is what the job took
    const [reserved] = await queryRows<{ q: string | null }>(
      t.services.db,
      sql`select sum(quantity) as q from stock_reservations
          where sales_order_line_id = ${lineId} and item_id = ${itemIds['BF-BAR']}`,
    );
    expect(Number(reserved.q ?? 0)).toBe(6);
    const refused = await book(ops[1].id, { kind: 'finish', goodQuantity: 1 });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().missing[0]).toMatchObject({ itemNumber: 'BF-BAR', required: 26, issued: 20 });
  });

  it('finishes with the acknowledgement, completes the job and records who acknowledged what', async () => {
    const finished = await book(ops[1].id, {
      kind: 'finish',
      goodQuantity: 1,
      acknowledgeMissingMaterial: true,
    });
    expect(finished.statusCode, finished.body).toBe(200);
    expect(finished.json()).toMatchObject({
      jobCompleted: true,
      operation: { status: 'done', goodQuantity: 9, scrapQuantity: 1 },
    });
    expect(finished.json().backflush).toEqual([
      expect.objectContaining({ itemNumber: 'BF-SCREW', issued: 4, short: 0 }),
      expect.objectContaining({ itemNumber: 'BF-PAINT', issued: 0.25, short: 0 }),
    ]);
    const audit = (await t.as('admin').get(`/api/audit?entity=production-job&entityId=${job.number}`)).json();
    const acknowledged = audit.items.find(
      (a: { action: string }) => a.action === 'acknowledge-missing-material',
    );
    expect(acknowledged).toMatchObject({
      actorName: 'Test operator',
      after: {
        operation: '020',
        missing: [expect.objectContaining({ itemNumber: 'BF-BAR', required: 26, issued: 20 })],
      },
    });
  });

  it('finishes an operation that is not the last without asking', async () => {
    const { jobs } = await confirmDemoOrder(t, {
      itemNumber: 'BF-BRACKET',
      quantity: 2,
      requestedInDays: 40,
    });
    await t.as('planner').post('/api/jobs/release', { jobIds: [jobs[0].id] });
    const [first] = (await t.as('planner').get(`/api/jobs/${jobs[0].id}`)).json().operations;
    expect((await book(first.id, { kind: 'run' })).statusCode).toBe(200);
    const finished = await book(first.id, { kind: 'finish', goodQuantity: 2 });
    expect(finished.statusCode, finished.body).toBe(200);
  });
});

describe('actual cost of the order line', () => {
  it('includes the material issued to its job, backflushed and scanned, at standard cost', async () => {
    const cost = (await t.as('sales').get(`/api/sales-orders/${orderId}/cost`)).json();
    // 10 parts: 40 screws, 2.5 l of paint backflushed; 20 kg of bar scanned
    const material = 40 * COST.screw + 2.5 * COST.paint + 20 * COST.bar;
    expect(cost.lines[0].actual.material).toBe(material);
    expect(cost.actual.material).toBe(material);
    // (its actual work is the booked minutes: these bookings come seconds apart, so it may be 0)
  });
});

describe('backflush quantities', () => {
  const component = (over: Partial<JobComponent>): JobComponent => ({
    itemId: 'screw',
    quantityPer: 4,
    operationNumber: null,
    issueMethod: 'backflush',
    required: 40,
    ...over,
  });
  const ops = [
    { number: '010', rework: false, goodQuantity: 9, scrapQuantity: 1 },
    { number: '020', rework: false, goodQuantity: 5, scrapQuantity: 2 },
    { number: '020R1', rework: true, goodQuantity: 2, scrapQuantity: 0 },
  ];

  it('counts good and scrap at the named operation, an unknown or no operation at the last, rework never', () => {
    const consumed = backflushConsumed(
      [
        component({ itemId: 'screw', operationNumber: '010' }),
        component({ itemId: 'paint', quantityPer: 0.5, operationNumber: null }),
        component({ itemId: 'grease', quantityPer: 0.1, operationNumber: '099' }),
        component({ itemId: 'bar', issueMethod: 'manual', operationNumber: '010' }),
      ],
      ops,
    );
    expect(Object.fromEntries(consumed)).toEqual({ screw: 40, paint: 3.5, grease: 0.7 });
  });

  it('adds up a component on several lines, and owes what was not issued, never less than nothing', () => {
    const consumed = backflushConsumed(
      [component({ operationNumber: '010' }), component({ quantityPer: 2, operationNumber: '020' })],
      ops,
    );
    expect(consumed.get('screw')).toBe(40 + 14);
    expect(backflushOwed(consumed, new Map([['screw', 50]])).get('screw')).toBe(4);
    expect(backflushOwed(consumed, new Map([['screw', 60]])).get('screw')).toBe(0);
  });

  it('finds manual components issued short, once per item', () => {
    const missing = missingManualMaterial(
      [
        component({ itemId: 'bar', issueMethod: 'manual', required: 26 }),
        component({ itemId: 'bar', issueMethod: 'manual', required: 4 }),
        component({ itemId: 'bearing', issueMethod: 'manual', required: 2 }),
        component({ itemId: 'screw' }),
      ],
      new Map([
        ['bar', 20],
        ['bearing', 2],
      ]),
    );
    expect(missing).toEqual([{ itemId: 'bar', required: 30, issued: 20 }]);
  });
});
