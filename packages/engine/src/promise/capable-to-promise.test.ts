import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placeOnCalendar } from '../calendar/working-time';
import type { ScheduleProblem, ScheduleResult } from '../schedule/types';
import { planOf, testPlant } from '../simulate/test-plant';
import { capableToPromise, promiseDelivery } from './capable-to-promise';
import { createPromiseContext } from './promise-context';
import type { DeliveryPromise, PromiseRequest } from './types';

const promise = (
  problem: ScheduleProblem,
  plan: ScheduleResult,
  request: PromiseRequest,
  options: Parameters<typeof capableToPromise>[3] = {},
): DeliveryPromise => {
  const result = capableToPromise(problem, plan, request, options);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

/** A saw and a furnace (heat treatment), 24/7; the furnace is booked by `furnaceBusyUntil`. */
function shop(furnaceBusyUntil: number): { problem: ScheduleProblem; plan: ScheduleResult } {
  const problem: ScheduleProblem = {
    machines: [
      { id: 'saw-1', workCenterId: 'SAW' },
      { id: 'furnace-1', workCenterId: 'HEAT-TREATMENT' },
    ],
    jobs: [{ id: 'booked', dueDate: 10_000 }],
    operations: [
      { id: 'booked.ht', jobId: 'booked', modes: [{ machineId: 'furnace-1', duration: furnaceBusyUntil }] },
    ],
    precedences: [],
  };
  return { problem, plan: planOf(problem) };
}

const sawThenHeat = (material?: number): PromiseRequest => ({
  orderId: 'SO-9',
  requestedDate: 400,
  jobs: [{ id: 'new' }],
  operations: [
    {
      id: 'new.saw',
      jobId: 'new',
      modes: [{ machineId: 'saw-1', duration: 30 }],
      materials: material === undefined ? undefined : [{ itemId: '42CrMo4', availableAt: material }],
    },
    { id: 'new.ht', jobId: 'new', modes: [{ machineId: 'furnace-1', duration: 120 }] },
  ],
  precedences: [{ before: 'new.saw', after: 'new.ht', lag: 10 }],
});

describe('capable-to-promise: specifications', () => {
  it('names heat treatment as binding when it is full', () => {
    const { problem, plan } = shop(600);
    const p = promise(problem, plan, sawThenHeat());
    expect(p.delivery).toBe(600 + 120);
    expect(p.binding).toMatchObject({
      kind: 'capacity',
      workCenterId: 'HEAT-TREATMENT',
      machineId: 'furnace-1',
      operationId: 'new.ht',
      freeAt: 600,
      waited: 600 - 40,
      delay: 720 - 160,
    });
    expect(p.freeCapacityDelivery).toBe(30 + 10 + 120);
    expect(p.lateBy).toBe(320);
  });

  it('promises the later of capacity and material date', () => {
    const { problem, plan } = shop(600);
    const capacityLater = promise(problem, plan, sawThenHeat(300));
    expect(capacityLater.delivery).toBe(720);
    expect(capacityLater.binding).toMatchObject({ kind: 'capacity', workCenterId: 'HEAT-TREATMENT' });
    const materialLater = promise(problem, plan, sawThenHeat(900));
    expect(materialLater.delivery).toBe(900 + 30 + 10 + 120);
    expect(materialLater.binding).toEqual({
      kind: 'material',
      itemId: '42CrMo4',
      operationId: 'new.saw',
      availableAt: 900,
      delay: 900 - 600 + 30 + 10, // lifted, the saw would start at 0 and wait for the furnace at 600
    });
  });

  it('names no constraint when capacity is free, and keeps the precedence lag', () => {
    const { problem, plan } = shop(10);
    const p = promise(problem, plan, sawThenHeat());
    expect(p.binding).toEqual({ kind: 'none' });
    expect(p.constraints).toEqual([]);
    const at = Object.fromEntries(p.operations.map((o) => [o.operationId, o]));
    expect(at['new.ht'].setupStart).toBe(at['new.saw'].end + 10);
    expect(p.delivery).toBe(p.freeCapacityDelivery);
    expect(p.lateBy).toBe(0);
  });

  it('never moves existing work: fills a long enough gap between planned operations, else waits', () => {
    const problem: ScheduleProblem = {
      machines: [{ id: 'lathe', workCenterId: 'LATHE' }],
      jobs: [{ id: 'a' }, { id: 'b' }, { id: 'c' }],
      operations: [
        {
          id: 'a1',
          jobId: 'a',
          modes: [{ machineId: 'lathe', duration: 100 }],
          firm: { machineId: 'lathe', start: 0 },
        },
        {
          id: 'b1',
          jobId: 'b',
          modes: [{ machineId: 'lathe', duration: 100 }],
          firm: { machineId: 'lathe', start: 150 },
        },
        {
          id: 'c1',
          jobId: 'c',
          modes: [{ machineId: 'lathe', duration: 100 }],
          firm: { machineId: 'lathe', start: 400 },
        },
      ],
      precedences: [],
    };
    const plan = planOf(problem);
    const request = (duration: number): PromiseRequest => ({
      orderId: 'SO',
      jobs: [{ id: 'n' }],
      operations: [{ id: 'n1', jobId: 'n', modes: [{ machineId: 'lathe', duration }] }],
      precedences: [],
    });
    // gaps: [100,150) of 50 and [250,400) of 150 minutes
    expect(promise(problem, plan, request(50)).delivery).toBe(150);
    expect(promise(problem, plan, request(120)).delivery).toBe(370);
    const long = promise(problem, plan, request(200));
    expect(long.delivery).toBe(700);
    expect(long.binding).toMatchObject({ kind: 'capacity', freeAt: 500, waited: 500 });
    expect(long.sequences).toEqual({ lathe: ['a1', 'b1', 'c1', 'n1'] });
    expect(promise(problem, plan, request(120)).sequences).toEqual({ lathe: ['a1', 'b1', 'n1', 'c1'] });
  });

  it('chooses the alternative machine that finishes earliest', () => {
    const { problem, plan } = shop(600);
    problem.machines.push({ id: 'furnace-2', workCenterId: 'HEAT-TREATMENT-OLD' });
    const request = sawThenHeat();
    request.operations[1].modes.push({ machineId: 'furnace-2', duration: 300 });
    const p = promise(problem, plan, request);
    expect(p.operations.find((o) => o.operationId === 'new.ht')!.machineId).toBe('furnace-2');
    expect(p.delivery).toBe(40 + 300);
  });

  it('takes setups from the matrix between its neighbours and never lengthens the next setup', () => {
    const problem: ScheduleProblem = {
      machines: [{ id: 'press', workCenterId: 'PRESS', setupMatrixId: 'dies' }],
      setupMatrices: [
        { id: 'dies', minutes: { A: { B: 60 } }, defaultChangeover: 40, sameFamily: 5, initial: 20 },
      ],
      jobs: [{ id: 'a' }, { id: 'b' }],
      operations: [
        { id: 'a1', jobId: 'a', family: 'A', modes: [{ machineId: 'press', duration: 100 }] },
        {
          id: 'b1',
          jobId: 'b',
          family: 'A',
          releaseDate: 1000,
          modes: [{ machineId: 'press', duration: 100 }],
        },
      ],
      precedences: [],
    };
    const plan = planOf(problem);
    // a1: [0,120) with initial setup 20; b1 at 1000 with same-family setup 5
    const request = (family: string): PromiseRequest => ({
      orderId: 'SO',
      jobs: [{ id: 'n' }],
      operations: [{ id: 'n1', jobId: 'n', family, modes: [{ machineId: 'press', duration: 50 }] }],
      precedences: [],
    });
    const same = promise(problem, plan, request('A'));
    expect(same.operations[0]).toMatchObject({ setupStart: 120, start: 125, end: 175, setupMinutes: 5 });
    // family B after A costs 60, and b1 (A after B: 40) would need more than its planned 5: after b1
    const other = promise(problem, plan, request('B'));
    expect(other.operations[0]).toMatchObject({ setupStart: 1105, setupMinutes: 60, end: 1215 });
  });

  it('keeps calendars: spans nights by default and fits a shift when asked', () => {
    const problem: ScheduleProblem = {
      machines: [{ id: 'mill', workCenterId: 'MILL', calendarId: 'day' }],
      calendars: [
        {
          id: 'day',
          intervals: [
            [480, 960],
            [1920, 2400],
            [3360, 3840],
          ],
        },
      ],
      jobs: [],
      operations: [],
      precedences: [],
    };
    const plan = planOf(problem);
    const request = (shiftRule: 'span' | 'fit'): PromiseRequest => ({
      orderId: 'SO',
      jobs: [{ id: 'n', releaseDate: 800 }],
      operations: [{ id: 'n1', jobId: 'n', shiftRule, modes: [{ machineId: 'mill', duration: 300 }] }],
      precedences: [],
    });
    expect(promise(problem, plan, request('span')).operations[0]).toMatchObject({
      start: 800,
      end: 1920 + 140,
    });
    expect(promise(problem, plan, request('fit')).operations[0]).toMatchObject({ start: 1920, end: 2220 });
    expect(promise(problem, plan, request('span')).binding).toMatchObject({
      kind: 'release',
      releaseDate: 800,
    });
  });

  it('starts nothing before now, and waits for a planned predecessor', () => {
    const { problem, plan } = shop(600);
    const request = sawThenHeat();
    request.precedences.push({ before: 'booked.ht', after: 'new.saw', lag: 5 });
    const p = promise(problem, plan, request, { now: 50 });
    expect(p.operations.find((o) => o.operationId === 'new.saw')!.start).toBe(605);
    expect(promise(problem, plan, sawThenHeat(), { now: 50 }).operations[0].start).toBe(50);
  });

  it('returns errors for clashing ids, unknown machines, cycles and a horizon too short', () => {
    const { problem, plan } = shop(600);
    const base = sawThenHeat();
    const code = (request: PromiseRequest) => {
      const r = capableToPromise(problem, plan, request);
      return r.ok ? 'ok' : r.error.code;
    };
    expect(code({ ...base, jobs: [{ id: 'booked' }] })).toBe('duplicate-job');
    expect(code({ ...base, operations: [{ ...base.operations[0], id: 'booked.ht' }] })).toBe(
      'duplicate-operation',
    );
    expect(
      code({ ...base, operations: [{ ...base.operations[0], modes: [{ machineId: 'x', duration: 1 }] }] }),
    ).toBe('unknown-machine');
    expect(
      code({ ...base, precedences: [...base.precedences, { before: 'new.ht', after: 'new.saw' }] }),
    ).toBe('cycle');
    expect(code({ ...base, operations: [] })).toBe('empty-request');
    const short: ScheduleProblem = {
      ...problem,
      machines: [{ id: 'saw-1', workCenterId: 'SAW', calendarId: 'c' }, problem.machines[1]],
      calendars: [{ id: 'c', intervals: [[0, 20]] }],
    };
    const r = capableToPromise(short, plan, base);
    expect(!r.ok && r.error).toMatchObject({ code: 'beyond-horizon', path: ['new.saw'] });
  });
});

/** A random request against a random plant: a chain or a small tree with alternatives and material. */
const requestArbitrary = fc.record({
  ops: fc.array(
    fc.record({
      machine: fc.nat(5),
      alternative: fc.option(fc.nat(5), { nil: undefined }),
      duration: fc.integer({ min: 1, max: 600 }),
      family: fc.constantFrom('A', 'B', 'C', undefined),
      fit: fc.boolean(),
      material: fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined }),
      lag: fc.integer({ min: 0, max: 120 }),
      parent: fc.nat(),
    }),
    { minLength: 1, maxLength: 8 },
  ),
  release: fc.integer({ min: 0, max: 10_000 }),
  plantSeed: fc.integer({ min: 1, max: 50 }),
});

const plants = new Map<number, { problem: ScheduleProblem; plan: ScheduleResult }>();
function plantOf(seed: number) {
  let plant = plants.get(seed);
  if (!plant) {
    const problem = testPlant({ seed, orders: 25, days: 120 });
    plant = { problem, plan: planOf(problem) };
    plants.set(seed, plant);
  }
  return plant;
}

type RandomCase = typeof requestArbitrary extends fc.Arbitrary<infer T> ? T : never;

function randomCase(c: RandomCase) {
  const { problem, plan } = plantOf(c.plantSeed);
  const request: PromiseRequest = {
    orderId: 'NEW',
    jobs: [{ id: 'N', releaseDate: c.release }],
    operations: c.ops.map((o, x) => ({
      id: `N.${x}`,
      jobId: 'N',
      family: o.family,
      shiftRule: o.fit ? 'fit' : 'span',
      modes: [
        { machineId: `M${o.machine}`, duration: o.duration },
        ...(o.alternative !== undefined && o.alternative !== o.machine
          ? [{ machineId: `M${o.alternative}`, duration: o.duration + 30 }]
          : []),
      ],
      materials: o.material === undefined ? undefined : [{ itemId: `RM${x % 2}`, availableAt: o.material }],
    })),
    precedences: c.ops
      .slice(1)
      .map((o, x) => ({ before: `N.${o.parent % (x + 1)}`, after: `N.${x + 1}`, lag: o.lag })),
  };
  return { problem, plan, request };
}

describe('capable-to-promise: invariants on random plants and requests', () => {
  it('never overlaps existing work on a machine, nor its own operations, setups included', () => {
    fc.assert(
      fc.property(requestArbitrary, (c) => {
        const { problem, plan, request } = randomCase(c);
        const p = promise(problem, plan, request);
        const all = [...plan.operations, ...p.operations];
        for (const machine of problem.machines) {
          const on = all
            .filter((o) => o.machineId === machine.id)
            .sort((a, b) => a.setupStart - b.setupStart);
          for (let x = 1; x < on.length; x++) expect(on[x].setupStart).toBeGreaterThanOrEqual(on[x - 1].end);
          const sequence = p.sequences[machine.id];
          if (sequence) expect(sequence).toEqual(on.map((o) => o.operationId));
        }
      }),
      { numRuns: 80, seed: 11 },
    );
  });

  it('keeps precedences with lags, release, material and calendars (span and fit)', () => {
    fc.assert(
      fc.property(requestArbitrary, (c) => {
        const { problem, plan, request } = randomCase(c);
        const p = promise(problem, plan, request);
        const at = new Map(p.operations.map((o) => [o.operationId, o]));
        for (const pr of request.precedences)
          expect(at.get(pr.after)!.setupStart).toBeGreaterThanOrEqual(at.get(pr.before)!.end + (pr.lag ?? 0));
        const intervals = problem.calendars![0].intervals;
        for (const op of request.operations) {
          const placed = at.get(op.id)!;
          expect(placed.setupStart).toBeGreaterThanOrEqual(c.release);
          for (const m of op.materials ?? []) expect(placed.setupStart).toBeGreaterThanOrEqual(m.availableAt);
          const mode = op.modes.find((m) => m.machineId === placed.machineId)!;
          const onCalendar = placeOnCalendar(
            intervals,
            placed.setupStart,
            placed.setupMinutes + mode.duration,
            op.shiftRule,
          );
          expect(onCalendar).toEqual({ start: placed.setupStart, end: placed.end });
        }
        expect(p.delivery).toBe(Math.max(...p.operations.map((o) => o.end)));
        // free capacity is no strict lower bound: a planned neighbour of the same family saves setup
        expect(p.delivery + 20 * request.operations.length).toBeGreaterThanOrEqual(p.freeCapacityDelivery);
      }),
      { numRuns: 80, seed: 12 },
    );
  });

  it('finds the same slots with the indexed gap search as with a linear scan, deterministically', () => {
    fc.assert(
      fc.property(requestArbitrary, (c) => {
        const { problem, plan, request } = randomCase(c);
        const context = createPromiseContext(problem, plan);
        if (!context.ok) throw new Error(context.error.message);
        const indexed = promiseDelivery(context.value, request);
        expect(promiseDelivery(context.value, request, { gapSearch: 'linear' })).toEqual(indexed);
        expect(promiseDelivery(context.value, request)).toEqual(indexed);
      }),
      { numRuns: 60, seed: 13 },
    );
  });

  it('leaves the context untouched, so a request does not see the one before it', () => {
    const { problem, plan, request } = randomCase({
      ops: [
        {
          machine: 1,
          duration: 300,
          fit: false,
          lag: 0,
          parent: 0,
          family: 'A',
          alternative: undefined,
          material: undefined,
        },
      ],
      release: 0,
      plantSeed: 3,
    });
    const context = createPromiseContext(problem, plan);
    if (!context.ok) throw new Error(context.error.message);
    const first = promiseDelivery(context.value, request);
    const second = promiseDelivery(context.value, request);
    expect(second).toEqual(first);
  });
});
