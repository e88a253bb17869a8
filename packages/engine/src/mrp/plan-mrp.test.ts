import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addWorkingDays, planMrp, planNetChange } from './plan-mrp';
import type { MrpInput, MrpItem, MrpPlan } from './types';

const DAY = 1440;
// working days Monday–Friday from day 0 (a Monday) for 400 days; day starts at 06:00
const workingDays = Array.from({ length: 400 }, (_, d) => d)
  .filter((d) => d % 7 < 5)
  .map((d) => d * DAY + 360);
const item = (id: string, extra: Partial<MrpItem> = {}): MrpItem => ({
  id,
  kind: 'make',
  strategy: 'MTO',
  leadTimeDays: 2,
  ...extra,
});
const plan = (input: MrpInput): MrpPlan => {
  const result = planMrp(input);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};
const base = (extra: Partial<MrpInput>): MrpInput => ({
  now: 0,
  workingDays,
  items: [],
  bom: [],
  demands: [],
  ...extra,
});

describe('MRP netting and offsetting', () => {
  it('offsets lead time over the weekend in working days', () => {
    // need on Tuesday of week 2 (day 8) at 10:00; 3 working days earlier is Thursday of week 1
    expect(addWorkingDays(workingDays, 8 * DAY + 600, -3)).toBe(3 * DAY + 600);
  });

  it('plans an MTO order line through three levels, pegged to the line all the way down', () => {
    const result = plan(
      base({
        items: [
          item('assembly'),
          item('shaft'),
          item('bar', { kind: 'buy', strategy: 'MTS', leadTimeDays: 5 }),
        ],
        bom: [
          { parentId: 'assembly', childId: 'shaft', quantityPer: 2, scrapFactor: 0.1 },
          { parentId: 'shaft', childId: 'bar', quantityPer: 12.5 },
        ],
        demands: [{ id: 'SO-1/10', kind: 'order', itemId: 'assembly', quantity: 3, due: 30 * DAY }],
      }),
    );
    const byItem = Object.fromEntries(result.plannedOrders.map((o) => [o.itemId, o]));
    expect(byItem.assembly).toMatchObject({ quantity: 3, orderLineId: 'SO-1/10', due: 30 * DAY });
    expect(byItem.shaft.quantity).toBeCloseTo(6.6, 9);
    expect(byItem.shaft.due).toBe(byItem.assembly.start);
    expect(byItem.bar.quantity).toBeCloseTo(82.5, 9);
    expect(byItem.bar.orderLineId).toBeUndefined(); // MTS material is planned in the shared pool
    expect(byItem.bar.pegging).toEqual([{ demandId: 'SO-1/10', quantity: expect.closeTo(82.5, 9) }]);
  });

  it('never shares MTO supply between two order lines', () => {
    const result = plan(
      base({
        items: [item('shaft', { lotSizing: { rule: 'minimum', quantity: 10 } })],
        demands: [
          { id: 'A', kind: 'order', itemId: 'shaft', quantity: 2, due: 20 * DAY },
          { id: 'B', kind: 'order', itemId: 'shaft', quantity: 3, due: 21 * DAY },
        ],
        supplies: [
          { id: 'JOB-7', kind: 'job', itemId: 'shaft', quantity: 5, due: 10 * DAY, orderLineId: 'A' },
        ],
      }),
    );
    const orders = result.plannedOrders;
    expect(orders).toHaveLength(1); // A is covered by its own job; B gets its own order of 10
    expect(orders[0]).toMatchObject({ orderLineId: 'B', quantity: 10 });
    expect(result.pegging.filter((l) => l.supplyId === 'JOB-7').map((l) => l.demandId)).toEqual(['A']);
    expect(result.exceptions.some((e) => e.kind === 'defer' && e.supplyId === 'JOB-7')).toBe(true);
  });

  it('nets shared stock, reservations and safety stock without counting stock twice', () => {
    const result = plan(
      base({
        items: [item('bolt', { kind: 'buy', strategy: 'MTS', safetyStock: 50, leadTimeDays: 1 })],
        demands: [
          { id: 'F-1', kind: 'forecast', itemId: 'bolt', quantity: 80, due: 10 * DAY },
          { id: 'F-2', kind: 'forecast', itemId: 'bolt', quantity: 40, due: 12 * DAY },
        ],
        onHand: [{ itemId: 'bolt', quantity: 120 }],
        reservations: [{ itemId: 'bolt', orderLineId: 'SO-9', quantity: 20 }],
      }),
    );
    // free stock 100 covers safety stock 50 and 50 of F-1; F-1's other 30 and F-2's 40 are planned
    const stock = result.pegging.filter((l) => l.supplyKind === 'stock').reduce((s, l) => s + l.quantity, 0);
    expect(stock).toBe(100);
    expect(result.plannedOrders.reduce((s, o) => s + o.quantity, 0)).toBe(70);
  });

  it('sizes lots: fixed, minimum, multiple and period', () => {
    const demands = [10, 11, 12, 20].map((day, k) => ({
      id: `d${k}`,
      kind: 'forecast' as const,
      itemId: 'x',
      quantity: 7,
      due: day * DAY,
    }));
    const quantities = (lotSizing: MrpItem['lotSizing']) =>
      plan(base({ items: [item('x', { strategy: 'MTS', lotSizing })], demands })).plannedOrders.map(
        (o) => o.quantity,
      );
    expect(quantities({ rule: 'lot-for-lot' })).toEqual([7, 7, 7, 7]);
    expect(quantities({ rule: 'fixed', quantity: 20 })).toEqual([20, 20]);
    expect(quantities({ rule: 'minimum', quantity: 10 })).toEqual([10, 10, 10]);
    expect(quantities({ rule: 'multiple', quantity: 5 })).toEqual([10, 5, 10, 5]);
    expect(quantities({ rule: 'period', quantity: 5 })).toEqual([21, 7]);
  });

  it('passes phantom requirements straight to their components', () => {
    const result = plan(
      base({
        items: [
          item('asm'),
          item('kit', { kind: 'phantom' }),
          item('screw', { kind: 'buy', strategy: 'MTS' }),
        ],
        bom: [
          { parentId: 'asm', childId: 'kit', quantityPer: 1 },
          { parentId: 'kit', childId: 'screw', quantityPer: 8 },
        ],
        demands: [{ id: 'SO', kind: 'order', itemId: 'asm', quantity: 2, due: 30 * DAY }],
      }),
    );
    expect(result.plannedOrders.map((o) => [o.itemId, o.quantity])).toEqual([
      ['asm', 2],
      ['screw', 16],
    ]);
  });

  it('raises late, shortage, expedite and cancel messages with quantity and date', () => {
    const result = plan(
      base({
        now: 10 * DAY,
        items: [
          item('gear', { leadTimeDays: 5 }),
          item('steel', { kind: 'buy', strategy: 'MTS', leadTimeDays: 30 }),
        ],
        bom: [{ parentId: 'gear', childId: 'steel', quantityPer: 4 }],
        demands: [{ id: 'SO-2', kind: 'order', itemId: 'gear', quantity: 1, due: 12 * DAY }],
        supplies: [
          { id: 'PO-1', kind: 'purchase', itemId: 'steel', quantity: 1, due: 40 * DAY },
          { id: 'PO-2', kind: 'purchase', itemId: 'steel', quantity: 9, due: 5 * DAY, orderLineId: 'SO-old' },
        ],
      }),
    );
    const kinds = result.exceptions.map((e) => [e.kind, e.itemId, e.supplyId ?? '']);
    expect(kinds).toEqual(
      expect.arrayContaining([
        ['late', 'gear', expect.any(String)],
        ['expedite', 'steel', 'PO-1'],
        ['shortage', 'steel', expect.any(String)],
        ['cancel', 'steel', 'PO-2'],
      ]),
    );
    const late = result.exceptions.find((e) => e.kind === 'late')!;
    expect(late.date).toBe(addWorkingDays(workingDays, 10 * DAY, 5));
  });

  it('uses an order line’s own configured BOM for that line only', () => {
    const result = plan(
      base({
        items: [item('shaft'), item('flange'), item('bolts', { kind: 'buy', strategy: 'MTS' })],
        bom: [{ parentId: 'shaft', childId: 'flange', quantityPer: 1 }],
        demands: [
          { id: 'std', kind: 'order', itemId: 'shaft', quantity: 1, due: 30 * DAY },
          {
            id: 'cfg',
            kind: 'order',
            itemId: 'shaft',
            quantity: 1,
            due: 30 * DAY,
            bom: [{ parentId: 'shaft', childId: 'bolts', quantityPer: 8 }],
          },
        ],
      }),
    );
    expect(result.plannedOrders.filter((o) => o.itemId === 'flange').map((o) => o.orderLineId)).toEqual([
      'std',
    ]);
    expect(result.plannedOrders.find((o) => o.itemId === 'bolts')!.pegging).toEqual([
      { demandId: 'cfg', quantity: 8 },
    ]);
  });

  it('rejects a BOM cycle with its path', () => {
    const result = planMrp(
      base({
        items: [item('a'), item('b')],
        bom: [
          { parentId: 'a', childId: 'b', quantityPer: 1 },
          { parentId: 'b', childId: 'a', quantityPer: 1 },
        ],
      }),
    );
    expect(!result.ok && result.error.code).toBe('cycle');
    expect(!result.ok && result.error.path).toEqual(['a', 'b', 'a']);
  });
});

/** Random plants: 3 levels, mixed strategies, stock, open supply, order lines and forecasts. */
const randomPlant = fc
  .record({
    strategies: fc.array(fc.constantFrom('MTS', 'MTO', 'ATO') as fc.Arbitrary<'MTS' | 'MTO' | 'ATO'>, {
      minLength: 6,
      maxLength: 6,
    }),
    lots: fc.array(
      fc.constantFrom('lot-for-lot', 'minimum', 'multiple', 'fixed') as fc.Arbitrary<
        'lot-for-lot' | 'minimum' | 'multiple' | 'fixed'
      >,
      { minLength: 6, maxLength: 6 },
    ),
    stock: fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 6, maxLength: 6 }),
    demands: fc.array(
      fc.record({
        item: fc.integer({ min: 0, max: 1 }),
        quantity: fc.integer({ min: 1, max: 20 }),
        day: fc.integer({ min: 5, max: 60 }),
        forecast: fc.boolean(),
      }),
      { minLength: 1, maxLength: 8 },
    ),
  })
  .map(({ strategies, lots, stock, demands }): MrpInput => {
    const items = strategies.map((strategy, k) =>
      item(`i${k}`, { strategy, kind: k >= 4 ? 'buy' : 'make', lotSizing: { rule: lots[k], quantity: 5 } }),
    );
    return base({
      items,
      bom: [
        { parentId: 'i0', childId: 'i2', quantityPer: 2 },
        { parentId: 'i1', childId: 'i2', quantityPer: 1 },
        { parentId: 'i1', childId: 'i3', quantityPer: 3 },
        { parentId: 'i2', childId: 'i4', quantityPer: 1.5 },
        { parentId: 'i3', childId: 'i5', quantityPer: 2 },
        { parentId: 'i2', childId: 'i5', quantityPer: 1 },
      ],
      onHand: stock.map((quantity, k) => ({ itemId: `i${k}`, quantity })),
      demands: demands.map((d, k) => ({
        id: `D${k}`,
        kind: d.forecast ? 'forecast' : 'order',
        itemId: `i${d.item}`,
        quantity: d.quantity,
        due: d.day * DAY,
      })),
    });
  });

describe('MRP invariants on random plants', () => {
  it('pegs every planned order exactly: its pegs add up to its quantity', () => {
    fc.assert(
      fc.property(randomPlant, (input) => {
        for (const o of plan(input).plannedOrders) {
          expect(o.pegging.reduce((s, p) => s + p.quantity, 0)).toBeCloseTo(o.quantity, 6);
        }
      }),
      { numRuns: 100, seed: 5 },
    );
  });

  it('covers each top-level demand exactly, and never uses more stock than there is', () => {
    fc.assert(
      fc.property(randomPlant, (input) => {
        const result = plan(input);
        for (const d of input.demands) {
          const covered = result.pegging
            .filter((l) => l.demandId === d.id && l.itemId === d.itemId)
            .reduce((s, l) => s + l.quantity, 0);
          expect(covered).toBeCloseTo(d.quantity, 6);
        }
        for (const s of input.onHand ?? []) {
          const used = result.pegging
            .filter((l) => l.supplyKind === 'stock' && l.itemId === s.itemId)
            .reduce((sum, l) => sum + l.quantity, 0);
          expect(used).toBeLessThanOrEqual(s.quantity + 1e-6);
        }
      }),
      { numRuns: 100, seed: 6 },
    );
  });

  it('never pegs one MTO planned order to two order lines', () => {
    fc.assert(
      fc.property(randomPlant, (input) => {
        const result = plan(input);
        const strategy = new Map(input.items.map((i) => [i.id, i.strategy]));
        for (const o of result.plannedOrders.filter(
          (x) => strategy.get(x.itemId) === 'MTO' && x.orderLineId,
        )) {
          expect(
            o.pegging.every((p) => p.demandId === o.orderLineId || p.demandId.startsWith('surplus:')),
          ).toBe(true);
        }
      }),
      { numRuns: 100, seed: 7 },
    );
  });

  it('gives the same plan by net change as by a regenerative run', () => {
    fc.assert(
      fc.property(randomPlant, fc.integer({ min: 1, max: 20 }), (input, quantity) => {
        const before = plan(input);
        const added = {
          ...input,
          demands: [
            ...input.demands,
            { id: 'NEW', kind: 'order' as const, itemId: 'i0', quantity, due: 40 * DAY },
          ],
        };
        const net = planNetChange(added, before, ['NEW']);
        if (!net.ok) throw new Error(net.error.message);
        const regenerated = plan(added);
        const key = (p: MrpPlan) =>
          p.plannedOrders.map((o) => `${o.id}:${o.quantity.toFixed(6)}:${o.due}`).sort();
        expect(key(net.value)).toEqual(key(regenerated));
      }),
      { numRuns: 100, seed: 8 },
    );
  });
});
