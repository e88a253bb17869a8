import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addWorkingDays, type MrpContext, planMrp, planNetChange, prepareMrp } from './plan-mrp';
import type { MrpBomLine, MrpDemand, MrpInput, MrpItem, MrpPlan } from './types';

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

  it('nets the needs of many parents on one working day into one lot-for-lot order', () => {
    const result = plan(
      base({
        items: [item('left'), item('right'), item('bolt', { kind: 'buy', strategy: 'MTS', leadTimeDays: 1 })],
        bom: [
          { parentId: 'left', childId: 'bolt', quantityPer: 4 },
          { parentId: 'right', childId: 'bolt', quantityPer: 6 },
        ],
        demands: [
          { id: 'A', kind: 'order', itemId: 'left', quantity: 1, due: 30 * DAY + 600 },
          { id: 'B', kind: 'order', itemId: 'right', quantity: 1, due: 30 * DAY + 900 },
          { id: 'C', kind: 'order', itemId: 'right', quantity: 1, due: 44 * DAY + 600 },
        ],
      }),
    );
    const bolts = result.plannedOrders.filter((o) => o.itemId === 'bolt');
    // A and B start on the same working day: one order of 10 for both; C's need is another day
    expect(bolts.map((o) => o.quantity)).toEqual([10, 6]);
    expect(bolts[0].pegging).toEqual([
      { demandId: 'A', quantity: 4 },
      { demandId: 'B', quantity: 6 },
    ]);
    expect(bolts[0].due).toBe(result.plannedOrders.find((o) => o.orderLineId === 'A')!.start);
  });

  it('rejects two demands with one id', () => {
    const result = planMrp(
      base({
        items: [item('a')],
        demands: [
          { id: 'D', kind: 'order', itemId: 'a', quantity: 1, due: 20 * DAY },
          { id: 'D', kind: 'order', itemId: 'a', quantity: 2, due: 21 * DAY },
        ],
      }),
    );
    expect(!result.ok && result.error.code).toBe('duplicate-demand');
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

/**
 * Richer random plants for net change: 9 items in a random DAG, phantoms, every lot rule, safety
 * stock, a reorder point, open supply (some dedicated to a line; jobs with remaining components),
 * reservations, priorities, forecasts and configured BOMs.
 */
const richPlant = fc
  .record({
    kinds: fc.array(fc.constantFrom('make', 'buy', 'phantom') as fc.Arbitrary<MrpItem['kind']>, {
      minLength: 9,
      maxLength: 9,
    }),
    strategies: fc.array(fc.constantFrom('MTS', 'MTO', 'ATO', 'ETO') as fc.Arbitrary<MrpItem['strategy']>, {
      minLength: 9,
      maxLength: 9,
    }),
    lots: fc.array(
      fc.constantFrom('lot-for-lot', 'minimum', 'multiple', 'fixed', 'period') as fc.Arbitrary<
        NonNullable<MrpItem['lotSizing']>['rule']
      >,
      { minLength: 9, maxLength: 9 },
    ),
    safety: fc.array(fc.constantFrom(0, 0, 5), { minLength: 9, maxLength: 9 }),
    edges: fc.array(
      fc.record({ parent: fc.integer({ min: 0, max: 7 }), step: fc.integer({ min: 1, max: 4 }) }),
      { minLength: 4, maxLength: 14 },
    ),
    stock: fc.array(fc.integer({ min: 0, max: 25 }), { minLength: 9, maxLength: 9 }),
    supplies: fc.array(
      fc.record({
        item: fc.integer({ min: 0, max: 8 }),
        quantity: fc.integer({ min: 1, max: 30 }),
        day: fc.integer({ min: 1, max: 60 }),
        line: fc.option(fc.integer({ min: 0, max: 9 })),
      }),
      { maxLength: 4 },
    ),
    demands: fc.array(
      fc.record({
        item: fc.integer({ min: 0, max: 3 }),
        quantity: fc.integer({ min: 0, max: 20 }),
        day: fc.integer({ min: 3, max: 60 }),
        minute: fc.constantFrom(0, 400, 900),
        forecast: fc.boolean(),
        priority: fc.constantFrom(0, 0, 1),
        configured: fc.boolean(),
      }),
      { minLength: 1, maxLength: 10 },
    ),
  })
  .map(({ kinds, strategies, lots, safety, edges, stock, supplies, demands }): MrpInput => {
    const items = kinds.map((kind, k) =>
      item(`i${k}`, {
        kind: k === 8 ? 'buy' : kind,
        strategy: strategies[k],
        leadTimeDays: k % 3,
        lotSizing: { rule: lots[k], quantity: lots[k] === 'period' ? 3 : 5 },
        ...(safety[k] ? { safetyStock: safety[k] } : {}),
        ...(k === 5 ? { reorderPoint: 8 } : {}),
        ...(k === 2 ? { scrapFactor: 0.1 } : {}),
      }),
    );
    const bom: MrpBomLine[] = edges.map(({ parent, step }, k) => ({
      parentId: `i${parent}`,
      childId: `i${Math.min(8, parent + step)}`,
      quantityPer: 1 + (k % 3),
      ...(k % 4 === 0 ? { scrapFactor: 0.05 } : {}),
    }));
    return base({
      items,
      bom,
      onHand: stock.map((quantity, k) => ({ itemId: `i${k}`, quantity })),
      reservations: [{ itemId: 'i4', orderLineId: 'D1', quantity: 3 }],
      supplies: supplies.map((s, k) => ({
        id: `S${k}`,
        kind: k % 2 ? ('job' as const) : ('purchase' as const),
        itemId: `i${s.item}`,
        quantity: s.quantity,
        due: s.day * DAY,
        ...(s.line === null ? {} : { orderLineId: `D${s.line}` }),
        // a job's remaining material: components below its item, needed before it is due
        ...(k % 2 && s.item < 8
          ? {
              components: [
                { itemId: `i${s.item + 1}`, quantity: s.quantity * 2, need: Math.max(0, s.day - 3) * DAY },
                ...(s.item < 6 ? [{ itemId: 'i8', quantity: s.quantity % 7, need: s.day * DAY }] : []),
              ],
            }
          : {}),
      })),
      demands: demands.map(
        (d, k): MrpDemand => ({
          id: `D${k}`,
          kind: d.forecast ? 'forecast' : 'order',
          itemId: `i${d.item}`,
          quantity: d.quantity,
          due: d.day * DAY + d.minute,
          priority: d.priority,
          ...(d.configured && !d.forecast
            ? { bom: [{ parentId: `i${d.item}`, childId: `i${d.item + 3}`, quantityPer: 2 }] }
            : {}),
        }),
      ),
    });
  });

const changeOf = fc.record({
  add: fc.record({
    item: fc.integer({ min: 0, max: 3 }),
    quantity: fc.integer({ min: 1, max: 20 }),
    day: fc.integer({ min: 3, max: 60 }),
    configured: fc.boolean(),
  }),
  resize: fc.integer({ min: 0, max: 9 }),
  remove: fc.integer({ min: 0, max: 9 }),
});

const prepared = (input: MrpInput): MrpContext => {
  const result = prepareMrp(input);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

describe('MRP net change on a prepared context', () => {
  it('gives exactly the plan of a regenerative run, change after change', () => {
    fc.assert(
      fc.property(richPlant, fc.array(changeOf, { minLength: 1, maxLength: 3 }), (input, changes) => {
        let context = prepared(input);
        let demands = input.demands;
        changes.forEach((change, n) => {
          const added: MrpDemand = {
            id: `NEW-${n}`,
            kind: 'order',
            itemId: `i${change.add.item}`,
            quantity: change.add.quantity,
            due: change.add.day * DAY,
            ...(change.add.configured
              ? { bom: [{ parentId: `i${change.add.item}`, childId: 'i8', quantityPer: 3 }] }
              : {}),
          };
          const resized = demands.find((d) => d.id === `D${change.resize}`);
          const removed = `D${change.remove}` === resized?.id ? undefined : `D${change.remove}`;
          const set = [added, ...(resized ? [{ ...resized, quantity: resized.quantity + 3 }] : [])];
          demands = [...demands.filter((d) => d.id !== removed && d.id !== resized?.id), ...set];
          const next = context.changeDemands({ set, remove: removed ? [removed] : [] });
          if (!next.ok) throw new Error(next.error.message);
          context = next.value.context;
          expect(context.plan()).toEqual(plan({ ...input, demands }));
        });
      }),
      { numRuns: 150, seed: 9 },
    );
  });

  it('re-nets only the changed line’s BOM explosion and shares every other item’s plan', () => {
    const input = base({
      items: [
        item('a'),
        item('b'),
        item('shared', { strategy: 'MTS', kind: 'buy' }),
        item('only-b', { strategy: 'MTS', kind: 'buy' }),
        item('only-a', { strategy: 'MTS', kind: 'buy' }),
      ],
      bom: [
        { parentId: 'a', childId: 'shared', quantityPer: 1 },
        { parentId: 'a', childId: 'only-a', quantityPer: 1 },
        { parentId: 'b', childId: 'shared', quantityPer: 2 },
        { parentId: 'b', childId: 'only-b', quantityPer: 1 },
      ],
      demands: [
        { id: 'A1', kind: 'order', itemId: 'a', quantity: 2, due: 20 * DAY },
        { id: 'B1', kind: 'order', itemId: 'b', quantity: 3, due: 30 * DAY },
      ],
    });
    const before = prepared(input);
    const change = before.changeDemands({
      set: [{ id: 'A2', kind: 'order', itemId: 'a', quantity: 5, due: 40 * DAY }],
    });
    if (!change.ok) throw new Error(change.error.message);
    const { context, replannedItemIds, changedOrders, removedOrderIds, pegging } = change.value;
    expect([...replannedItemIds].sort()).toEqual(['a', 'only-a', 'shared']);
    const untouched = (p: MrpPlan) => p.plannedOrders.filter((o) => o.itemId === 'only-b');
    expect(untouched(context.plan())[0]).toBe(untouched(before.plan())[0]);
    expect(changedOrders.map((o) => o.id).sort()).toEqual(['PL-a-A2-1', 'PL-only-a-S-2', 'PL-shared-S-3']);
    expect(removedOrderIds).toEqual([]);
    expect(new Set(pegging.map((l) => l.demandId))).toEqual(new Set(['A2']));
    expect(pegging.map((l) => l.itemId).sort()).toEqual(['a', 'only-a', 'shared']);
    // the context it came from still answers the old input
    expect(before.plan()).toEqual(plan(input));
    expect(context.input.demands.map((d) => d.id)).toEqual(['A1', 'B1', 'A2']);
  });

  it('reports the planned orders that changed, and those that are gone', () => {
    fc.assert(
      fc.property(richPlant, fc.integer({ min: 0, max: 9 }), (input, k) => {
        const context = prepared(input);
        const next = context.changeDemands({ remove: [`D${k}`] });
        if (!next.ok) throw new Error(next.error.message);
        const was = new Map(context.plan().plannedOrders.map((o) => [o.id, JSON.stringify(o)]));
        const now = next.value.context.plan().plannedOrders;
        const changed = now.filter((o) => was.get(o.id) !== JSON.stringify(o)).map((o) => o.id);
        const ids = new Set(now.map((o) => o.id));
        expect(next.value.changedOrders.map((o) => o.id).sort()).toEqual(changed.sort());
        expect(next.value.removedOrderIds.sort()).toEqual(
          [...was.keys()].filter((id) => !ids.has(id)).sort(),
        );
      }),
      { numRuns: 100, seed: 10 },
    );
  });

  it('plans regeneratively when planNetChange gets other items than the previous run', () => {
    const input = base({
      items: [item('a', { strategy: 'MTS' })],
      demands: [{ id: 'F', kind: 'forecast', itemId: 'a', quantity: 4, due: 20 * DAY }],
    });
    const before = plan(input);
    const changed = { ...input, items: [item('a', { strategy: 'MTS', leadTimeDays: 5 })] };
    const net = planNetChange(changed, before, []);
    expect(net.ok && net.value).toEqual(plan(changed));
  });
});
