/**
 * Stock over the API and the service on the demo plant: receipts make lots and on hand, issues
 * never take more than is there, transfers keep the total, reservations never exceed what is
 * available, the ledger balances under any sequence of postings, and the order-to-delivery flow
 * reserves stock at confirmation and books purchase receipts into the ledger.
 */
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/database';
import { DomainError } from '../../platform/errors';
import { openTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
let locations: Record<'RECEIVING' | 'STORES' | 'SHOP' | 'SHIPPING', string>;
const actor = { id: null, name: 'inventory test' };
const DAY = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
let itemCounter = 0;

beforeAll(async () => {
  t = await openTestApp();
  await t.services.demo.seedIfEmpty();
  const list = (await t.as('buyer').get('/api/stock-locations')).json() as { id: string; code: string }[];
  locations = Object.fromEntries(list.map((l) => [l.code, l.id])) as typeof locations;
}, 120_000);
afterAll(async () => {
  await t.close();
});

async function newItem(): Promise<{ id: string; number: string }> {
  itemCounter += 1;
  const response = await t.as('engineer').post('/api/items', {
    number: `INV-TEST-${String(itemCounter).padStart(4, '0')}`,
    name: `Inventory test bar ${itemCounter}`,
    kind: 'buy',
    uom: 'kg',
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

const ledger = async (itemId: string) =>
  queryRows<{ moves: number; audits: number }>(
    t.services.db,
    sql`select (select count(*) from stock_moves where item_id = ${itemId})::int as moves,
               (select count(*) from audit_log where entity = 'stock')::int as audits`,
  ).then((r) => r[0]);

const stockOf = async (itemId: string) =>
  (await t.as('planner').get(`/api/stock?itemId=${itemId}&limit=500`)).json().items as {
    locationId: string;
    locationCode: string;
    lotId: string | null;
    lotNumber: string | null;
    quantity: number;
  }[];

describe('stock locations', () => {
  it('creates a location with an upper-case code, refuses a taken code naming it, and lets only writers', async () => {
    const created = await t
      .as('buyer')
      .post('/api/stock-locations', { code: 'qa-hold', name: 'Quarantine', kind: 'stores' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ code: 'QA-HOLD', kind: 'stores', active: true, version: 1 });
    const taken = await t
      .as('admin')
      .post('/api/stock-locations', { code: 'QA-HOLD', name: 'again', kind: 'shop' });
    expect(taken.statusCode).toBe(422);
    expect(taken.headers['content-type']).toContain('application/problem+json');
    expect(taken.json().errors[0]).toMatchObject({ field: 'code', rule: 'unique' });
    const bad = await t.as('buyer').post('/api/stock-locations', { code: '', name: 'x', kind: 'attic' });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['code', 'kind']);
    expect(
      (await t.as('sales').post('/api/stock-locations', { code: 'X', name: 'x', kind: 'shop' })).statusCode,
    ).toBe(403);
    expect((await t.as('operator').get('/api/stock-locations')).statusCode).toBe(200);
  });
});

describe('postings', () => {
  it('receives into the receiving location as a new lot, and on hand follows the ledger', async () => {
    const item = await newItem();
    const response = await t
      .as('buyer')
      .post('/api/stock/receipts', { itemId: item.id, quantity: 40, reference: 'DN-4711' });
    expect(response.statusCode, response.body).toBe(201);
    const [move] = response.json().moves;
    expect(move).toMatchObject({
      kind: 'receipt',
      itemId: item.id,
      locationCode: 'RECEIVING',
      quantity: 40,
      reference: 'DN-4711',
      actorName: 'Test buyer',
      lotNumber: expect.stringMatching(/^LOT-\d{6}$/),
    });
    expect(await stockOf(item.id)).toEqual([
      expect.objectContaining({ locationCode: 'RECEIVING', lotId: move.lotId, quantity: 40 }),
    ]);
    expect((await t.services.inventory.onHandByItem([item.id])).get(item.id)).toBe(40);
    const second = (
      await t
        .as('buyer')
        .post('/api/stock/receipts', { itemId: item.id, quantity: 2.5, locationId: locations.STORES })
    ).json().moves[0];
    expect(second.lotId).not.toBe(move.lotId);
    expect((await t.services.inventory.onHandByItem([item.id])).get(item.id)).toBe(42.5);
  });

  it('refuses to issue more than is on hand, naming the quantity and the on-hand figure, writing nothing', async () => {
    const item = await newItem();
    await t.services.inventory.receive(actor, {
      itemId: item.id,
      quantity: 12,
      locationId: locations.STORES,
    });
    const before = await ledger(item.id);
    const response = await t.as('supervisor').post('/api/stock/issues', {
      itemId: item.id,
      locationId: locations.STORES,
      quantity: 20,
      jobId: '00000000-0000-4000-8000-000000000001',
    });
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({
      onHand: 12,
      errors: [
        { field: 'quantity', rule: 'on-hand', message: expect.stringContaining('only 12 kg on hand') },
      ],
    });
    expect(await ledger(item.id)).toEqual(before);
    // elsewhere there is nothing at all
    const elsewhere = await t.as('supervisor').post('/api/stock/issues', {
      itemId: item.id,
      locationId: locations.SHOP,
      quantity: 1,
      jobId: '00000000-0000-4000-8000-000000000001',
    });
    expect(elsewhere.json().onHand).toBe(0);
    const bad = await t.as('supervisor').post('/api/stock/issues', {
      itemId: item.id,
      locationId: locations.STORES,
      quantity: -1,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toContain('quantity');
    const nowhere = await t.as('supervisor').post('/api/stock/issues', {
      itemId: item.id,
      locationId: locations.STORES,
      quantity: 1,
    });
    expect(nowhere.statusCode).toBe(400);
    expect(nowhere.json().errors[0].field).toBe('jobId');
    expect(await ledger(item.id)).toEqual(before);
  });

  it('issues the oldest stock first, across lots, when no lot is named', async () => {
    const item = await newItem();
    const first = await t.services.inventory.receive(actor, {
      itemId: item.id,
      quantity: 5,
      locationId: locations.STORES,
    });
    const second = await t.services.inventory.receive(actor, {
      itemId: item.id,
      quantity: 5,
      locationId: locations.STORES,
    });
    const response = await t.as('supervisor').post('/api/stock/issues', {
      itemId: item.id,
      locationId: locations.STORES,
      quantity: 7,
      jobId: '00000000-0000-4000-8000-000000000002',
      reference: 'JOB-000002',
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(
      response
        .json()
        .moves.map((m: { lotId: string; quantity: number; kind: string }) => [m.lotId, m.quantity, m.kind]),
    ).toEqual([
      [first.lotId, -5, 'issue'],
      [second.lotId, -2, 'issue'],
    ]);
    expect(await stockOf(item.id)).toEqual([expect.objectContaining({ lotId: second.lotId, quantity: 3 })]);
  });

  it('transfers stock between locations: two moves sharing a transferId, the total kept', async () => {
    const item = await newItem();
    const lot = await t.services.inventory.receive(actor, { itemId: item.id, quantity: 30 });
    const response = await t.as('planner').post('/api/stock/transfers', {
      itemId: item.id,
      fromLocationId: locations.RECEIVING,
      toLocationId: locations.STORES,
      lotId: lot.lotId,
      quantity: 18,
    });
    expect(response.statusCode, response.body).toBe(201);
    const { moves, transferId } = response.json();
    expect(moves).toHaveLength(2);
    expect(
      moves.every(
        (m: { transferId: string; kind: string }) => m.transferId === transferId && m.kind === 'transfer',
      ),
    ).toBe(true);
    expect(
      moves.map((m: { locationCode: string; quantity: number }) => [m.locationCode, m.quantity]),
    ).toEqual([
      ['RECEIVING', -18],
      ['STORES', 18],
    ]);
    const lines = await stockOf(item.id);
    expect(lines.map((l) => [l.locationCode, l.lotId, l.quantity])).toEqual([
      ['RECEIVING', lot.lotId, 12],
      ['STORES', lot.lotId, 18],
    ]);
    expect((await t.services.inventory.onHandByItem([item.id])).get(item.id)).toBe(30);
    const same = await t.as('planner').post('/api/stock/transfers', {
      itemId: item.id,
      fromLocationId: locations.STORES,
      toLocationId: locations.STORES,
      quantity: 1,
    });
    expect(same.statusCode).toBe(400);
    expect(same.json().errors[0].field).toBe('toLocationId');
    const tooMuch = await t.as('planner').post('/api/stock/transfers', {
      itemId: item.id,
      fromLocationId: locations.STORES,
      toLocationId: locations.SHOP,
      quantity: 19,
    });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json().errors[0]).toMatchObject({ field: 'quantity', rule: 'on-hand' });
  });

  it('adjusts by a signed quantity with a reason, never below zero', async () => {
    const item = await newItem();
    const found = await t.as('supervisor').post('/api/stock/adjustments', {
      itemId: item.id,
      locationId: locations.SHOP,
      quantity: 9,
      note: 'found in count',
    });
    expect(found.statusCode, found.body).toBe(201);
    expect(found.json().moves[0]).toMatchObject({
      kind: 'adjustment',
      quantity: 9,
      lotId: null,
      note: 'found in count',
    });
    const noReason = await t.as('supervisor').post('/api/stock/adjustments', {
      itemId: item.id,
      locationId: locations.SHOP,
      quantity: -1,
      note: ' ',
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0]).toMatchObject({ field: 'note' });
    const belowZero = await t.as('supervisor').post('/api/stock/adjustments', {
      itemId: item.id,
      locationId: locations.SHOP,
      quantity: -10,
      note: 'count',
    });
    expect(belowZero.statusCode).toBe(422);
    expect(belowZero.json()).toMatchObject({ onHand: 9, errors: [{ field: 'quantity', rule: 'on-hand' }] });
    const unknown = await t.as('supervisor').post('/api/stock/adjustments', {
      itemId: item.id,
      locationId: '00000000-0000-4000-8000-00000000dead',
      quantity: 1,
      note: 'count',
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0]).toMatchObject({ field: 'locationId', rule: 'exists' });
    const moves = (await t.as('operator').get(`/api/stock/moves?itemId=${item.id}`)).json();
    expect(moves.total).toBe(1);
    const audit = (await t.as('admin').get(`/api/audit?entityId=${moves.items[0].id}`)).json().items;
    expect(audit[0]).toMatchObject({ action: 'adjust', actorName: 'Test supervisor' });
  });
});

describe('reservations', () => {
  it('never reserves more than is available, and reserved stock is kept for its line', async () => {
    const item = await newItem();
    const stock = t.services.inventory;
    await stock.receive(actor, { itemId: item.id, quantity: 40, locationId: locations.STORES });
    const [a, b, c] = [
      '00000000-0000-4000-8000-0000000000a1',
      '00000000-0000-4000-8000-0000000000b2',
      '00000000-0000-4000-8000-0000000000c3',
    ];
    expect(await stock.reserveForLine(actor, { salesOrderLineId: a, itemId: item.id, quantity: 30 })).toBe(
      30,
    );
    expect(await stock.reserveForLine(actor, { salesOrderLineId: b, itemId: item.id, quantity: 30 })).toBe(
      10,
    );
    expect(await stock.reserveForLine(actor, { salesOrderLineId: c, itemId: item.id, quantity: 5 })).toBe(0);
    const availability = (await t.as('sales').get(`/api/stock/availability?itemId=${item.id}`)).json().items;
    expect(availability).toEqual([expect.objectContaining({ onHand: 40, reserved: 40, available: 0 })]);
    const ofA = (await t.as('sales').get(`/api/stock/reservations?salesOrderLineId=${a}`)).json();
    expect(ofA.items).toEqual([
      expect.objectContaining({ itemId: item.id, salesOrderLineId: a, quantity: 30 }),
    ]);

    // stock reserved for others is not issued; the line's own reservation is, and is consumed
    const others = await t.as('supervisor').post('/api/stock/issues', {
      itemId: item.id,
      locationId: locations.STORES,
      quantity: 1,
      jobId: '00000000-0000-4000-8000-000000000003',
    });
    expect(others.statusCode).toBe(422);
    expect(others.json().errors[0]).toMatchObject({ field: 'quantity', rule: 'unreserved' });
    const own = await t.as('supervisor').post('/api/stock/issues', {
      itemId: item.id,
      locationId: locations.STORES,
      quantity: 20,
      salesOrderLineId: a,
    });
    expect(own.statusCode, own.body).toBe(201);
    expect((await stock.reservations()).filter((r) => r.itemId === item.id)).toEqual(
      expect.arrayContaining([
        { itemId: item.id, salesOrderLineId: a, quantity: 10 },
        { itemId: item.id, salesOrderLineId: b, quantity: 10 },
      ]),
    );
    expect(await stock.releaseForLines(actor, [b])).toBe(10);
    expect(await stock.reserveForLine(actor, { salesOrderLineId: c, itemId: item.id, quantity: 50 })).toBe(
      10,
    );
    const total = (await stock.reservations())
      .filter((r) => r.itemId === item.id)
      .reduce((s, r) => s + r.quantity, 0);
    expect(total).toBeLessThanOrEqual((await stock.onHandByItem([item.id])).get(item.id)!);
  });
});

describe('the ledger', () => {
  type Step =
    | { op: 'receipt'; loc: number; quantity: number }
    | { op: 'issue'; loc: number; lot: number; quantity: number }
    | { op: 'adjust'; loc: number; lot: number; quantity: number }
    | { op: 'transfer'; loc: number; to: number; lot: number; quantity: number };

  // quantities in halves: exact in binary, so the model's sums are exact too
  const quantity = fc.integer({ min: -2, max: 80 }).map((n) => n / 2);
  const loc = fc.integer({ min: 0, max: 2 });
  // lot choice: -2 = oldest first, -1 = stock without a lot, k = the k-th lot received
  const lot = fc.integer({ min: -2, max: 6 });
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ op: fc.constant('receipt' as const), loc, quantity }),
    fc.record({ op: fc.constant('issue' as const), loc, lot, quantity }),
    fc.record({
      op: fc.constant('adjust' as const),
      loc,
      lot,
      quantity: fc.integer({ min: -40, max: 40 }).map((n) => n / 2),
    }),
    fc.record({ op: fc.constant('transfer' as const), loc, to: loc, lot, quantity }),
  );

  it('balances under any sequence of postings: on hand is the sum of accepted moves, never negative', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 18 }), async (steps) => {
        const item = await newItem();
        const locs = [locations.RECEIVING, locations.STORES, locations.SHOP];
        const lots: string[] = [];
        /** model: on hand per `location|lot` (lot '' = without a lot); buckets in FIFO order */
        const model = new Map<string, number>();
        const key = (l: string, lotId: string | null) => `${l}|${lotId ?? ''}`;
        const add = (k: string, q: number) => model.set(k, (model.get(k) ?? 0) + q);
        const bucketsAt = (l: string, choice: string | null | undefined) =>
          [null, ...lots]
            .filter((id) => choice === undefined || id === choice)
            .map((id) => ({ id, k: key(l, id), q: model.get(key(l, id)) ?? 0 }))
            .filter((b) => b.q > 0);
        const take = (l: string, choice: string | null | undefined, q: number) => {
          const taken: { id: string | null; q: number }[] = [];
          let rest = q;
          for (const b of bucketsAt(l, choice)) {
            if (rest <= 0) break;
            const n = Math.min(rest, b.q);
            add(b.k, -n);
            taken.push({ id: b.id, q: n });
            rest -= n;
          }
          return taken;
        };
        let expectedTotal = 0;
        for (const s of steps) {
          const choice =
            'lot' in s ? (s.lot === -2 ? undefined : s.lot === -1 ? null : lots[s.lot]) : undefined;
          if ('lot' in s && s.lot >= 0 && choice === undefined) continue; // no such lot yet
          const at = locs[s.loc];
          const available = bucketsAt(at, s.op === 'adjust' ? (choice ?? null) : choice).reduce(
            (n, b) => n + b.q,
            0,
          );
          const before = await ledger(item.id);
          let accepted: boolean;
          let refusal: unknown;
          try {
            if (s.op === 'receipt') {
              const r = await t.services.inventory.receive(actor, {
                itemId: item.id,
                quantity: s.quantity,
                locationId: at,
              });
              lots.push(r.lotId);
            } else if (s.op === 'issue')
              await t.services.inventory.issue(actor, {
                itemId: item.id,
                locationId: at,
                lotId: choice,
                quantity: s.quantity,
                jobId: '00000000-0000-4000-8000-000000000009',
              });
            else if (s.op === 'adjust')
              await t.services.inventory.adjust(actor, {
                itemId: item.id,
                locationId: at,
                lotId: choice ?? null,
                quantity: s.quantity,
                note: 'property',
              });
            else
              await t.services.inventory.transfer(actor, {
                itemId: item.id,
                fromLocationId: at,
                toLocationId: locs[s.to],
                lotId: choice,
                quantity: s.quantity,
              });
            accepted = true;
          } catch (error) {
            if (!(error instanceof DomainError) || error.status !== 422) throw error;
            accepted = false;
            refusal = error;
          }
          const valid =
            s.op === 'receipt'
              ? s.quantity > 0
              : s.op === 'adjust'
                ? s.quantity !== 0 && (s.quantity > 0 || -s.quantity <= available)
                : s.quantity > 0 && s.quantity <= available && (s.op !== 'transfer' || s.to !== s.loc);
          expect(accepted, `${JSON.stringify(s)} ${refusal ?? ''}`).toBe(valid);
          if (!accepted) {
            expect(await ledger(item.id)).toEqual(before); // a refusal writes nothing
            continue;
          }
          if (s.op === 'receipt') {
            add(key(at, lots[lots.length - 1]), s.quantity);
            expectedTotal += s.quantity;
          } else if (s.op === 'issue') {
            take(at, choice, s.quantity);
            expectedTotal -= s.quantity;
          } else if (s.op === 'adjust') {
            add(key(at, choice ?? null), s.quantity);
            expectedTotal += s.quantity;
          } else for (const p of take(at, choice, s.quantity)) add(key(locs[s.to], p.id), p.q);
        }
        const lines = await stockOf(item.id);
        const actual = new Map(lines.map((l) => [key(l.locationId, l.lotId), l.quantity]));
        const expected = new Map([...model].filter(([, q]) => q !== 0));
        expect(actual).toEqual(expected);
        expect(lines.every((l) => l.quantity > 0)).toBe(true);
        const [sums] = await queryRows<{ total: string | null; transfers: string | null; pairs: number }>(
          t.services.db,
          sql`select sum(quantity) filter (where kind in ('receipt', 'issue', 'adjustment', 'shipment')) as total,
                     sum(quantity) filter (where kind = 'transfer') as transfers,
                     (select count(*) from (select transfer_id from stock_moves where item_id = ${item.id}
                        and kind = 'transfer' group by transfer_id having sum(quantity) <> 0) u)::int as pairs
              from stock_moves where item_id = ${item.id}`,
        );
        expect(Number(sums.total ?? 0)).toBe(expectedTotal);
        expect(Number(sums.transfers ?? 0)).toBe(0);
        expect(sums.pairs).toBe(0);
        expect((await t.services.inventory.onHandByItem([item.id])).get(item.id) ?? 0).toBe(expectedTotal);
      }),
      { numRuns: 25, seed: 20260301 },
    );
  }, 120_000);
});

describe('order to delivery', () => {
  it('reserves stock pegged to a confirmed order line', async () => {
    const [drive] = (await t.as('sales').get('/api/items?q=AS-DRIVE-080')).json().items;
    const [bolt] = (await t.as('sales').get('/api/items?q=BOLT-M16X60')).json().items;
    const [customer] = (await t.as('sales').get('/api/customers?q=C-0001')).json().items;
    const before = (await t.services.inventory.onHandByItem([bolt.id])).get(bolt.id)!;
    const order = (
      await t.as('sales').post('/api/sales-orders', {
        customerId: customer.id,
        lines: [{ itemId: drive.id, quantity: 2, requestedDate: inDays(30), unitPrice: 125_000 }],
      })
    ).json();
    const confirmed = await t
      .as('sales')
      .post(`/api/sales-orders/${order.id}/confirm`, { version: order.version });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const line = confirmed.json().lines[0];
    const supply = (await t.as('sales').get(`/api/sales-orders/${order.id}/supply`)).json();
    const stockPeg = supply.lines[0].pegs.find(
      (p: { itemNumber: string; supplyKind: string }) =>
        p.itemNumber === 'BOLT-M16X60' && p.supplyKind === 'stock',
    );
    expect(stockPeg?.quantity).toBe(16);
    const reservations = (
      await t.as('planner').get(`/api/stock/reservations?salesOrderLineId=${line.id}`)
    ).json();
    expect(reservations.items).toContainEqual(expect.objectContaining({ itemId: bolt.id, quantity: 16 }));
    const [atp] = (await t.as('sales').get(`/api/stock/availability?itemId=${bolt.id}`)).json().items;
    expect(atp).toMatchObject({ onHand: before, reserved: 16, available: before - 16 });
  }, 60_000);

  it('books a purchase order receipt into the ledger as a lot traceable to the order line', async () => {
    const ordered = await t.as('buyer').post('/api/requisitions/order', {});
    expect(ordered.statusCode, ordered.body).toBe(201);
    const po = ordered.json()[0];
    const sent = (
      await t.as('buyer').post(`/api/purchase-orders/${po.id}/send`, { version: po.version })
    ).json();
    expect(sent.status).toBe('sent');
    const line = sent.lines[0];
    const received = await t.as('buyer').post('/api/purchase-orders/receipts', {
      purchaseOrderLineId: line.id,
      quantity: Math.min(line.quantity, 3),
    });
    expect(received.statusCode, received.body).toBe(201);
    const [move] = (await t.as('buyer').get(`/api/stock/moves?itemId=${line.itemId}&limit=1`)).json().items;
    expect(move).toMatchObject({
      kind: 'receipt',
      quantity: Math.min(line.quantity, 3),
      locationCode: 'RECEIVING',
      reference: po.number,
      purchaseOrderLineId: line.id,
      lotNumber: expect.stringMatching(/^LOT-\d{6}$/),
    });
    const [lot] = await queryRows<{ purchase_order_line_id: string; item_id: string; receipt_lot: string }>(
      t.services.db,
      sql`select l.purchase_order_line_id, l.item_id, r.lot_id as receipt_lot
          from lots l join purchase_receipts r on r.lot_id = l.id where l.id = ${move.lotId}`,
    );
    expect(lot).toMatchObject({
      purchase_order_line_id: line.id,
      item_id: line.itemId,
      receipt_lot: move.lotId,
    });
    const lines = await stockOf(line.itemId);
    expect(lines).toContainEqual(expect.objectContaining({ lotId: move.lotId, quantity: move.quantity }));
  }, 60_000);
});
