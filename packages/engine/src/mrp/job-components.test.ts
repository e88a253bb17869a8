/**
 * What open jobs still need of their components (`MrpSupply.components`) is dependent demand:
 * netted against stock and open supply before anything is planned, pooled and pegged as the job
 * is, named in the messages it causes, and re-netted by net change when a job's components or a
 * purchase order's date change.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type MrpContext, planMrp, planNetChange, prepareMrp } from './plan-mrp';
import type { MrpInput, MrpItem, MrpPlan, MrpSupply } from './types';

const DAY = 1440;
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
const prepared = (input: MrpInput): MrpContext => {
  const result = prepareMrp(input);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

/** A rod turned from bar stock (bought, MTS); job A turns 4 rods for order line A. */
const rodPlant = (extra: Partial<MrpInput> = {}, jobA: Partial<MrpSupply> = {}): MrpInput => ({
  now: 0,
  workingDays,
  items: [item('rod'), item('bar', { kind: 'buy', strategy: 'MTS', leadTimeDays: 5 })],
  bom: [{ parentId: 'rod', childId: 'bar', quantityPer: 2 }],
  demands: [
    { id: 'A', kind: 'order', itemId: 'rod', quantity: 4, due: 20 * DAY },
    { id: 'B', kind: 'order', itemId: 'rod', quantity: 2, due: 25 * DAY },
  ],
  supplies: [
    {
      id: 'JOB-A',
      kind: 'job',
      itemId: 'rod',
      quantity: 4,
      due: 18 * DAY,
      orderLineId: 'A',
      components: [{ itemId: 'bar', quantity: 8, need: 15 * DAY }],
      ...jobA,
    },
    { id: 'PR-A', kind: 'purchase', itemId: 'bar', quantity: 8, due: 14 * DAY },
  ],
  ...extra,
});

const linksOf = (p: MrpPlan, itemId: string) => p.pegging.filter((l) => l.itemId === itemId);

describe('open jobs’ component needs', () => {
  it('does not hand the requisition bought for job A’s material to order B', () => {
    const result = plan(rodPlant());
    const bar = linksOf(result, 'bar');
    // the requisition serves the job, pegged to the line the job serves
    expect(bar.filter((l) => l.supplyId === 'PR-A')).toEqual([
      expect.objectContaining({ demandId: 'A', jobId: 'JOB-A', quantity: 8, needed: 15 * DAY }),
    ]);
    // B gets a rod order of its own and bar bought for it
    const orders = result.plannedOrders.map((o) => [o.itemId, o.quantity, o.pegging.map((p) => p.demandId)]);
    expect(orders).toEqual([
      ['bar', 4, ['B']],
      ['rod', 2, ['B']],
    ]);
    expect(result.exceptions.filter((e) => e.supplyId === 'PR-A')).toEqual([]);
    // without the job's components the same requisition reads as free supply and B takes it
    const blind = plan(rodPlant({}, { components: undefined }));
    expect(linksOf(blind, 'bar').map((l) => [l.demandId, l.supplyId])).toEqual([['B', 'PR-A']]);
  });

  it('nets a job’s component need against stock before planning an order for the rest', () => {
    const result = plan(
      rodPlant({
        demands: [{ id: 'A', kind: 'order', itemId: 'rod', quantity: 4, due: 20 * DAY }],
        supplies: rodPlant().supplies!.filter((s) => s.id === 'JOB-A'),
        onHand: [{ itemId: 'bar', quantity: 5 }],
      }),
    );
    expect(linksOf(result, 'bar').map((l) => [l.supplyKind, l.quantity, l.demandId, l.jobId])).toEqual([
      ['stock', 5, 'A', 'JOB-A'],
      ['planned', 3, 'A', 'JOB-A'],
    ]);
    const bar = result.plannedOrders.find((o) => o.itemId === 'bar')!;
    expect(bar).toMatchObject({ quantity: 3, due: 15 * DAY, pegging: [{ demandId: 'A', quantity: 3 }] });
    expect(bar.orderLineId).toBeUndefined(); // MTS material: the shared pool
  });

  it('takes the stock reserved for the job’s line first, then free stock, never another line’s', () => {
    const result = plan(
      rodPlant({
        demands: [{ id: 'A', kind: 'order', itemId: 'rod', quantity: 4, due: 20 * DAY }],
        supplies: [
          ...rodPlant().supplies!.filter((s) => s.id === 'JOB-A'),
          { id: 'PO-X', kind: 'purchase', itemId: 'bar', quantity: 10, due: 3 * DAY, orderLineId: 'X' },
        ],
        onHand: [{ itemId: 'bar', quantity: 17 }],
        reservations: [
          { itemId: 'bar', orderLineId: 'A', quantity: 3 },
          { itemId: 'bar', orderLineId: 'X', quantity: 10 },
        ],
      }),
    );
    expect(linksOf(result, 'bar').map((l) => [l.supplyId, l.quantity])).toEqual([
      ['reserved:bar:A', 3],
      ['stock:bar', 4],
      ['PL-bar-S-1', 1],
    ]);
    expect(result.exceptions.find((e) => e.supplyId === 'PO-X')?.kind).toBe('cancel');
  });

  it('plans an MTO component of an MTO job in the job’s line, from that line’s supply only', () => {
    const result = plan({
      now: 0,
      workingDays,
      items: [item('frame', { strategy: 'ETO' }), item('plate', { kind: 'buy', leadTimeDays: 5 })],
      bom: [{ parentId: 'frame', childId: 'plate', quantityPer: 1 }],
      demands: [{ id: 'A', kind: 'order', itemId: 'frame', quantity: 1, due: 30 * DAY }],
      supplies: [
        {
          id: 'JOB-A',
          kind: 'job',
          itemId: 'frame',
          quantity: 1,
          due: 28 * DAY,
          orderLineId: 'A',
          components: [{ itemId: 'plate', quantity: 5, need: 20 * DAY }],
        },
        { id: 'PO-A', kind: 'purchase', itemId: 'plate', quantity: 2, due: 10 * DAY, orderLineId: 'A' },
        { id: 'PO-X', kind: 'purchase', itemId: 'plate', quantity: 10, due: 10 * DAY, orderLineId: 'X' },
      ],
    });
    expect(linksOf(result, 'plate').map((l) => [l.supplyId, l.quantity, l.demandId])).toEqual([
      ['PO-A', 2, 'A'],
      ['PL-plate-A-1', 3, 'A'],
    ]);
    expect(result.plannedOrders.find((o) => o.itemId === 'plate')).toMatchObject({
      orderLineId: 'A',
      quantity: 3,
    });
    expect(result.exceptions.find((e) => e.supplyId === 'PO-X')?.kind).toBe('cancel');
  });

  it('pegs what no demand takes of a job to the job, and the rest to the demands it serves', () => {
    const input: MrpInput = {
      now: 0,
      workingDays,
      items: [item('shaft', { strategy: 'MTS' }), item('bar', { kind: 'buy', strategy: 'MTS' })],
      bom: [{ parentId: 'shaft', childId: 'bar', quantityPer: 2 }],
      demands: [{ id: 'F', kind: 'forecast', itemId: 'shaft', quantity: 6, due: 30 * DAY }],
      supplies: [
        {
          id: 'JOB-1',
          kind: 'job',
          itemId: 'shaft',
          quantity: 10,
          due: 20 * DAY,
          components: [{ itemId: 'bar', quantity: 20, need: 15 * DAY }],
        },
      ],
    };
    const bar = plan(input).plannedOrders.find((o) => o.itemId === 'bar')!;
    expect(bar.pegging).toEqual([
      { demandId: 'F', quantity: 12 },
      { demandId: 'job:JOB-1', quantity: 8 },
    ]);
    const idle = plan({ ...input, demands: [] }).plannedOrders.find((o) => o.itemId === 'bar')!;
    expect(idle.pegging).toEqual([{ demandId: 'job:JOB-1', quantity: 20 }]);
  });

  it('names the job in the shortage and expedite messages its components cause', () => {
    const result = plan(
      rodPlant({
        now: 10 * DAY,
        demands: [{ id: 'A', kind: 'order', itemId: 'rod', quantity: 4, due: 20 * DAY }],
        supplies: [
          ...rodPlant().supplies!.filter((s) => s.id === 'JOB-A'),
          { id: 'PO-late', kind: 'purchase', itemId: 'bar', quantity: 3, due: 30 * DAY },
        ],
      }),
    );
    const byKind = Object.fromEntries(result.exceptions.map((e) => [e.kind, e]));
    expect(byKind.expedite).toMatchObject({ supplyId: 'PO-late', demandIds: ['A'], jobIds: ['JOB-A'] });
    // the rest (5) is needed on day 15, five working days of lead time from day 10 are too late
    expect(byKind.shortage).toMatchObject({ quantity: 5, demandIds: ['A'], jobIds: ['JOB-A'] });
  });

  it('keeps shared supply committed to a job’s line for that job, though another job needs it earlier', () => {
    const jobB: MrpSupply = {
      id: 'JOB-B',
      kind: 'job',
      itemId: 'rod',
      quantity: 2,
      due: 12 * DAY,
      orderLineId: 'B',
      components: [{ itemId: 'bar', quantity: 4, need: 10 * DAY }],
    };
    const committed = (pegs: MrpSupply['pegs']) =>
      plan(
        rodPlant({
          supplies: [
            ...rodPlant().supplies!.filter((s) => s.id === 'JOB-A'),
            jobB,
            { id: 'PR-A', kind: 'purchase', itemId: 'bar', quantity: 10, due: 9 * DAY, pegs },
          ],
        }),
      );
    // bought for A's job (8 of its 10): B, needed first, gets only the 2 nobody committed, and buys 2
    const result = committed([{ demandId: 'A', quantity: 8 }]);
    expect(linksOf(result, 'bar').map((l) => [l.jobId, l.supplyId, l.quantity])).toEqual([
      ['JOB-A', 'PR-A', 8],
      ['JOB-B', 'PR-A', 2],
      ['JOB-B', 'PL-bar-S-1', 2],
    ]);
    // committed to the job itself (a job no open line takes yet): the same
    expect(linksOf(committed([{ demandId: 'job:JOB-A', quantity: 8 }]), 'bar')).toEqual(
      linksOf(result, 'bar'),
    );
    // a peg to a stock policy commits nothing: the need first in time takes it first
    const free = committed([{ demandId: 'stock:bar', quantity: 10 }]);
    expect(linksOf(free, 'bar').map((l) => [l.jobId, l.supplyId, l.quantity])).toEqual([
      ['JOB-B', 'PR-A', 4],
      ['JOB-A', 'PR-A', 6],
      ['JOB-A', 'PL-bar-S-1', 2],
    ]);
  });

  it('covers every job’s component need exactly, on random plants', () => {
    fc.assert(
      fc.property(jobPlant, (input) => {
        const result = plan(input);
        // a phantom passes its need straight to its components: no link of its own
        const phantoms = new Set(input.items.filter((i) => i.kind === 'phantom').map((i) => i.id));
        for (const s of input.supplies ?? []) {
          const needed = new Map<string, number>();
          for (const c of s.components ?? [])
            if (!phantoms.has(c.itemId)) needed.set(c.itemId, (needed.get(c.itemId) ?? 0) + c.quantity);
          for (const [itemId, quantity] of needed) {
            const covered = result.pegging
              .filter((l) => l.jobId === s.id && l.itemId === itemId)
              .reduce((sum, l) => sum + l.quantity, 0);
            expect(covered).toBeCloseTo(quantity, 6);
          }
        }
        for (const o of result.plannedOrders)
          expect(o.pegging.reduce((sum, p) => sum + p.quantity, 0)).toBeCloseTo(o.quantity, 6);
      }),
      { numRuns: 100, seed: 21 },
    );
  });

  it('refuses a job component of an unknown item and a job that needs its own item', () => {
    const unknown = planMrp(rodPlant({}, { components: [{ itemId: 'nut', quantity: 1, need: DAY }] }));
    expect(!unknown.ok && unknown.error.code).toBe('unknown-item');
    const cycle = planMrp(rodPlant({}, { components: [{ itemId: 'rod', quantity: 1, need: DAY }] }));
    expect(!cycle.ok && cycle.error.code).toBe('cycle');
  });
});

describe('net change of open supply', () => {
  it('gives the regenerative plan after an engineering change adds a component to a job', () => {
    const input = rodPlant({ items: [...rodPlant().items, item('pin', { kind: 'buy', strategy: 'MTS' })] });
    const before = prepared(input);
    const jobA = input.supplies!.find((s) => s.id === 'JOB-A')!;
    const changed: MrpSupply = {
      ...jobA,
      components: [...jobA.components!, { itemId: 'pin', quantity: 4, need: 16 * DAY }],
    };
    const supplies = input.supplies!.map((s) => (s.id === 'JOB-A' ? changed : s));
    const next = before.changeSupplies({ set: [changed] }, supplies);
    if (!next.ok) throw new Error(next.error.message);
    expect(next.value.context.plan()).toEqual(plan({ ...input, supplies }));
    expect([...next.value.replannedItemIds].sort()).toEqual(['bar', 'pin', 'rod']);
    expect(next.value.changedOrders.map((o) => [o.itemId, o.quantity, o.pegging])).toEqual([
      ['pin', 4, [{ demandId: 'A', quantity: 4 }]],
    ]);
    // the context it came from still answers the old input
    expect(before.plan()).toEqual(plan(input));
  });

  it('re-nets a purchase order moved later through planNetChange, as a regenerative run would', () => {
    const input = rodPlant();
    const previous = plan(input);
    const supplies = input.supplies!.map((s) => (s.id === 'PR-A' ? { ...s, due: 19 * DAY } : s));
    const moved = { ...input, supplies };
    const net = planNetChange(moved, previous, [], ['PR-A']);
    if (!net.ok) throw new Error(net.error.message);
    expect(net.value).toEqual(plan(moved));
    expect(net.value.exceptions.find((e) => e.supplyId === 'PR-A')).toMatchObject({
      kind: 'expedite',
      jobIds: ['JOB-A'],
    });
    // a removed supply (received, cancelled) by id
    const gone = { ...input, supplies: input.supplies!.filter((s) => s.id !== 'PR-A') };
    const removed = planNetChange(gone, previous, [], ['PR-A']);
    expect(removed.ok && removed.value).toEqual(plan(gone));
  });

  it('gives exactly the regenerative plan after random changes of jobs’ components, supply dates and reservations', () => {
    fc.assert(
      fc.property(jobPlant, fc.array(supplyChange, { minLength: 1, maxLength: 3 }), (input, changes) => {
        let context = prepared(input);
        let supplies = input.supplies ?? [];
        let reservations = input.reservations ?? [];
        for (const change of changes) {
          if (change.kind === 'reserve') {
            // stock set aside for a line (a confirmation), or a reservation released
            const item = `i${change.at}`;
            const line = change.line ? 'D0' : 'D1';
            reservations =
              change.quantity % 3 === 0
                ? reservations.filter((r) => r.itemId !== item || r.orderLineId !== line)
                : [...reservations, { itemId: item, orderLineId: line, quantity: change.quantity }];
            const next = context.change({ reservations });
            if (!next.ok) throw new Error(next.error.message);
            context = next.value.context;
            expect(context.plan()).toEqual(plan({ ...input, supplies, reservations }));
            continue;
          }
          const target = supplies[change.at % Math.max(1, supplies.length)];
          let set: MrpSupply[] = [];
          let remove: string[] = [];
          if (!target || change.kind === 'add') {
            set = [
              {
                id: `NEW-${supplies.length}`,
                kind: 'job',
                itemId: 'i1',
                quantity: change.quantity,
                due: change.day * DAY,
                ...(change.line ? { orderLineId: 'D0' } : {}),
                components: [{ itemId: 'i4', quantity: change.quantity * 2, need: (change.day - 2) * DAY }],
              },
            ];
          } else if (change.kind === 'remove') remove = [target.id];
          else if (change.kind === 'move')
            set = [
              { ...target, due: change.day * DAY, pegs: [{ demandId: 'D0', quantity: change.quantity }] },
            ];
          else
            set = [
              {
                ...target,
                components:
                  target.kind === 'job'
                    ? [
                        ...(target.components ?? []).slice(1),
                        { itemId: 'i8', quantity: change.quantity, need: change.day * DAY },
                      ]
                    : undefined,
              },
            ];
          const ids = new Set([...set.map((s) => s.id), ...remove]);
          const kept = supplies.filter((s) => !ids.has(s.id) || set.some((n) => n.id === s.id));
          supplies = [
            ...kept.map((s) => set.find((n) => n.id === s.id) ?? s),
            ...set.filter((n) => !kept.some((s) => s.id === n.id)),
          ];
          const next = context.changeSupplies({ set, remove }, supplies);
          if (!next.ok) throw new Error(next.error.message);
          context = next.value.context;
          expect(context.plan()).toEqual(plan({ ...input, supplies, reservations }));
        }
      }),
      { numRuns: 150, seed: 22 },
    );
  });
});

/**
 * Random plants with open jobs that have components: 9 items in a random DAG (children have
 * higher numbers), mixed strategies and kinds, stock, reservations, purchases (some dedicated to
 * a line), jobs of the upper items with components below them, order lines and forecasts.
 */
const jobPlant = fc
  .record({
    strategies: fc.array(fc.constantFrom('MTS', 'MTO', 'ATO', 'ETO') as fc.Arbitrary<MrpItem['strategy']>, {
      minLength: 9,
      maxLength: 9,
    }),
    phantom: fc.integer({ min: 0, max: 12 }),
    edges: fc.array(
      fc.record({ parent: fc.integer({ min: 0, max: 7 }), step: fc.integer({ min: 1, max: 4 }) }),
      { minLength: 3, maxLength: 12 },
    ),
    stock: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 9, maxLength: 9 }),
    jobs: fc.array(
      fc.record({
        item: fc.integer({ min: 0, max: 4 }),
        quantity: fc.integer({ min: 0, max: 12 }),
        day: fc.integer({ min: 2, max: 50 }),
        line: fc.option(fc.integer({ min: 0, max: 5 })),
        parts: fc.array(
          fc.record({
            step: fc.integer({ min: 1, max: 4 }),
            quantity: fc.integer({ min: 0, max: 25 }),
            before: fc.integer({ min: 0, max: 5 }),
          }),
          { maxLength: 3 },
        ),
      }),
      { maxLength: 5 },
    ),
    purchases: fc.array(
      fc.record({
        item: fc.integer({ min: 3, max: 8 }),
        quantity: fc.integer({ min: 1, max: 30 }),
        day: fc.integer({ min: 1, max: 50 }),
        line: fc.option(fc.integer({ min: 0, max: 5 })),
        // what an earlier plan bought it for: an order line, a job, a stock policy
        pegs: fc.array(
          fc.record({
            to: fc.constantFrom('D0', 'D1', 'D2', 'J0', 'J1', 'stock'),
            quantity: fc.integer({ min: 1, max: 20 }),
          }),
          { maxLength: 2 },
        ),
      }),
      { maxLength: 4 },
    ),
    demands: fc.array(
      fc.record({
        item: fc.integer({ min: 0, max: 3 }),
        quantity: fc.integer({ min: 1, max: 15 }),
        day: fc.integer({ min: 5, max: 60 }),
        forecast: fc.boolean(),
      }),
      { minLength: 1, maxLength: 6 },
    ),
  })
  .map(({ strategies, phantom, edges, stock, jobs, purchases, demands }): MrpInput => {
    const items = strategies.map((strategy, k) =>
      item(`i${k}`, {
        strategy,
        kind: k === phantom ? 'phantom' : k >= 6 ? 'buy' : 'make',
        leadTimeDays: k % 4,
        lotSizing: { rule: k % 3 === 0 ? 'minimum' : 'lot-for-lot', quantity: 4 },
        ...(k === 7 ? { safetyStock: 3 } : {}),
        ...(k === 6 ? { reorderPoint: 5 } : {}),
      }),
    );
    return {
      now: DAY,
      workingDays,
      items,
      bom: edges.map(({ parent, step }, k) => ({
        parentId: `i${parent}`,
        childId: `i${Math.min(8, parent + step)}`,
        quantityPer: 1 + (k % 2),
      })),
      onHand: stock.map((quantity, k) => ({ itemId: `i${k}`, quantity })),
      reservations: [
        { itemId: 'i6', orderLineId: 'D0', quantity: 4 },
        { itemId: 'i7', orderLineId: 'D1', quantity: 2 },
      ],
      supplies: [
        ...jobs.map(
          (j, k): MrpSupply => ({
            id: `J${k}`,
            kind: 'job',
            itemId: `i${j.item}`,
            quantity: j.quantity,
            due: j.day * DAY,
            ...(j.line === null ? {} : { orderLineId: `D${j.line}` }),
            components: j.parts.map((p) => ({
              itemId: `i${Math.min(8, j.item + p.step)}`,
              quantity: p.quantity,
              need: Math.max(0, j.day - p.before) * DAY,
            })),
          }),
        ),
        ...purchases.map(
          (p, k): MrpSupply => ({
            id: `P${k}`,
            kind: 'purchase',
            itemId: `i${p.item}`,
            quantity: p.quantity,
            due: p.day * DAY,
            ...(p.line === null ? {} : { orderLineId: `D${p.line}` }),
            pegs: p.pegs.map((peg) => ({
              demandId:
                peg.to === 'stock' ? `stock:i${p.item}` : peg.to.startsWith('J') ? `job:${peg.to}` : peg.to,
              quantity: peg.quantity,
            })),
          }),
        ),
      ],
      demands: demands.map((d, k) => ({
        id: `D${k}`,
        kind: d.forecast ? 'forecast' : 'order',
        itemId: `i${d.item}`,
        quantity: d.quantity,
        due: d.day * DAY,
      })),
    };
  });

const supplyChange = fc.record({
  kind: fc.constantFrom('add', 'remove', 'move', 'components', 'reserve') as fc.Arbitrary<
    'add' | 'remove' | 'move' | 'components' | 'reserve'
  >,
  at: fc.integer({ min: 0, max: 8 }),
  quantity: fc.integer({ min: 1, max: 10 }),
  day: fc.integer({ min: 3, max: 50 }),
  line: fc.boolean(),
});
