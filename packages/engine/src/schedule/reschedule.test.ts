import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reschedule, withoutMachine } from './reschedule';
import { schedule } from './schedule';
import { inWorkingTime, plant } from './test-plants';
import type { ScheduleProblem, ScheduleResult } from './types';

const unwrap = (result: ReturnType<typeof schedule>): ScheduleResult => {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

/** A change to a plant: a new order, an order removed, a machine gone, a calendar changed, or nothing. */
const change = fc.record({
  kind: fc.constantFrom('add-order', 'remove-order', 'machine-gone', 'calendar', 'none'),
  pick: fc.nat(20),
  order: fc.array(
    fc.record({
      machine: fc.nat(3),
      duration: fc.integer({ min: 1, max: 90 }),
      alternative: fc.option(fc.nat(3), { nil: undefined }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  due: fc.integer({ min: 60, max: 3000 }),
});

function applyChange(problem: ScheduleProblem, c: typeof change extends fc.Arbitrary<infer T> ? T : never) {
  const machines = problem.machines.length;
  switch (c.kind) {
    case 'add-order': {
      const operations = c.order.map((op, o) => {
        const modes = [{ machineId: `M${op.machine % machines}`, duration: op.duration }];
        const alt = op.alternative === undefined ? undefined : `M${op.alternative % machines}`;
        if (alt && alt !== modes[0].machineId) modes.push({ machineId: alt, duration: op.duration + 10 });
        return { id: `NEW.${o}`, jobId: 'NEW', modes, family: 'B' };
      });
      return {
        ...problem,
        jobs: [...problem.jobs, { id: 'NEW', dueDate: c.due, releaseDate: 0 }],
        operations: [...problem.operations, ...operations],
        precedences: [
          ...problem.precedences,
          ...operations.slice(1).map((op, o) => ({ before: operations[o].id, after: op.id, lag: 5 })),
        ],
      };
    }
    case 'remove-order': {
      const jobId = problem.jobs[c.pick % problem.jobs.length].id;
      const gone = new Set(problem.operations.filter((o) => o.jobId === jobId).map((o) => o.id));
      return {
        ...problem,
        jobs: problem.jobs.filter((j) => j.id !== jobId),
        operations: problem.operations.filter((o) => !gone.has(o.id)),
        precedences: problem.precedences.filter((p) => !gone.has(p.before) && !gone.has(p.after)),
      };
    }
    case 'machine-gone': {
      if (machines < 2) return problem;
      const gone = `M${c.pick % machines}`;
      const spare = `M${(c.pick + 1) % machines}`;
      return {
        ...problem,
        machines: problem.machines.filter((m) => m.id !== gone),
        operations: problem.operations.map((op) => {
          const modes = op.modes.filter((m) => m.machineId !== gone);
          return {
            ...op,
            modes: modes.length > 0 ? modes : [{ machineId: spare, duration: op.modes[0].duration }],
            firm: op.firm?.machineId === gone ? undefined : op.firm,
          };
        }),
      };
    }
    case 'calendar': {
      // a breakdown of days 2 and 3 on one machine
      const machineId = `M${c.pick % machines}`;
      const base = problem.machines.find((m) => m.id === machineId)!.calendarId
        ? problem.calendars![0].intervals
        : [[0, 200_000] as const];
      const intervals: [number, number][] = [];
      for (const [a, b] of base) {
        if (b <= 2880 || a >= 5760) intervals.push([a, b]);
        else {
          if (a < 2880) intervals.push([a, 2880]);
          if (b > 5760) intervals.push([5760, b]);
        }
      }
      return {
        ...problem,
        calendars: [...(problem.calendars ?? []), { id: 'repair', intervals }],
        machines: problem.machines.map((m) => (m.id === machineId ? { ...m, calendarId: 'repair' } : m)),
      };
    }
    default:
      return problem;
  }
}

function expectFeasible(problem: ScheduleProblem, result: ScheduleResult) {
  const at = new Map(result.operations.map((o) => [o.operationId, o]));
  expect(result.operations.map((o) => o.operationId).sort()).toEqual(
    problem.operations.map((o) => o.id).sort(),
  );
  const byMachine = new Map<string, ScheduleResult['operations']>();
  for (const op of result.operations)
    byMachine.set(op.machineId, [...(byMachine.get(op.machineId) ?? []), op]);
  for (const ops of byMachine.values()) {
    ops.sort((a, b) => a.setupStart - b.setupStart);
    for (let x = 1; x < ops.length; x++) expect(ops[x].setupStart).toBeGreaterThanOrEqual(ops[x - 1].end);
  }
  for (const p of problem.precedences)
    expect(at.get(p.after)!.setupStart).toBeGreaterThanOrEqual(at.get(p.before)!.end + (p.lag ?? 0));
  for (const op of problem.operations) {
    const placed = at.get(op.id)!;
    expect(op.modes.some((m) => m.machineId === placed.machineId)).toBe(true);
    if (op.firm) {
      expect(placed.machineId).toBe(op.firm.machineId);
      expect(placed.setupStart).toBe(op.firm.start);
      continue;
    }
    const job = problem.jobs.find((j) => j.id === op.jobId)!;
    expect(placed.setupStart).toBeGreaterThanOrEqual(job.releaseDate ?? 0);
    for (const m of op.materials ?? []) expect(placed.setupStart).toBeGreaterThanOrEqual(m.availableAt);
    expect(
      inWorkingTime(problem, placed.machineId, placed.setupStart, placed.end, op.shiftRule === 'fit'),
    ).toBe(true);
  }
}

describe('reschedule: invariants on random plants and random changes', () => {
  it('always gives a feasible plan: no overlaps, precedences, calendars, release and material dates, firm work in place', () => {
    fc.assert(
      fc.property(plant, change, fc.constantFrom(0, 40), (problem, c, maxIterations) => {
        const previous = schedule(problem, { maxIterations: 30, seed: 3 });
        if (!previous.ok) return;
        const changed = applyChange(problem, c);
        const fromScratch = schedule(changed, { maxIterations: 0 });
        const result = reschedule(changed, previous.value, { maxIterations, seed: 3 });
        expect(result.ok).toBe(fromScratch.ok);
        if (result.ok) expectFeasible(changed, result.value);
      }),
      { numRuns: 150, seed: 51 },
    );
  });

  it('with no search, keeps the order of the work that stays on its machine, and the whole sequence of machines whose work did not change', () => {
    fc.assert(
      fc.property(plant, change, (problem, c) => {
        const previous = schedule(problem, { maxIterations: 30, seed: 3 });
        if (!previous.ok) return;
        const result = unwrap(reschedule(applyChange(problem, c), previous.value, { maxIterations: 0 }));
        const moved = new Set(result.rescheduled!.moved);
        for (const [machineId, sequence] of Object.entries(result.sequences)) {
          const before = previous.value.sequences[machineId] ?? [];
          const stayed = new Set(sequence.filter((id) => before.includes(id) && !moved.has(id)));
          expect(sequence.filter((id) => stayed.has(id))).toEqual(before.filter((id) => stayed.has(id)));
          if ([...sequence].sort().join() === [...before].sort().join()) expect(sequence).toEqual(before);
        }
      }),
      { numRuns: 150, seed: 52 },
    );
  });

  it('is deterministic for a seed and an iteration limit', () => {
    fc.assert(
      fc.property(plant, change, (problem, c) => {
        const previous = schedule(problem, { maxIterations: 30, seed: 3 });
        if (!previous.ok) return;
        const changed = applyChange(problem, c);
        const a = reschedule(changed, previous.value, { maxIterations: 60, seed: 9 });
        const b = reschedule(changed, previous.value, { maxIterations: 60, seed: 9 });
        expect(a.ok && a.value.operations).toEqual(b.ok && b.value.operations);
      }),
      { numRuns: 30, seed: 53 },
    );
  });
});

/** Two machines: a lathe with two jobs in a row, a mill with one; 24/7. */
const shop = (): ScheduleProblem => ({
  machines: [
    { id: 'lathe', workCenterId: 'TURN' },
    { id: 'mill', workCenterId: 'MILL' },
    { id: 'mill-2', workCenterId: 'MILL' },
  ],
  jobs: [
    { id: 'A', dueDate: 1000 },
    { id: 'B', dueDate: 1000 },
    { id: 'C', dueDate: 1000 },
  ],
  operations: [
    { id: 'A1', jobId: 'A', modes: [{ machineId: 'lathe', duration: 60 }] },
    {
      id: 'A2',
      jobId: 'A',
      modes: [
        { machineId: 'mill', duration: 30 },
        { machineId: 'mill-2', duration: 45 },
      ],
    },
    { id: 'B1', jobId: 'B', modes: [{ machineId: 'lathe', duration: 40 }] },
    {
      id: 'C1',
      jobId: 'C',
      modes: [
        { machineId: 'mill', duration: 50 },
        { machineId: 'mill-2', duration: 60 },
      ],
    },
  ],
  precedences: [{ before: 'A1', after: 'A2' }],
});

describe('reschedule: specifications', () => {
  it('returns the same plan when nothing changed', () => {
    const previous = unwrap(schedule(shop(), { maxIterations: 100 }));
    const again = unwrap(reschedule(shop(), previous, { maxIterations: 0 }));
    expect(again.operations).toEqual(previous.operations);
    expect(again.rescheduled).toMatchObject({
      kept: 4,
      inserted: [],
      moved: [],
      dropped: 0,
      constructedAnew: false,
    });
  });

  it('keeps the sequence of machines the change does not touch', () => {
    const previous = unwrap(schedule(shop(), { maxIterations: 100 }));
    const problem = shop();
    problem.jobs.push({ id: 'D', dueDate: 50 });
    problem.operations.push({ id: 'D1', jobId: 'D', modes: [{ machineId: 'lathe', duration: 20 }] });
    const result = unwrap(reschedule(problem, previous, { maxIterations: 0 }));
    expect(result.sequences.mill).toEqual(previous.sequences.mill);
    expect(result.sequences['mill-2']).toEqual(previous.sequences['mill-2']);
    expect(result.sequences.lathe.filter((id) => id !== 'D1')).toEqual(previous.sequences.lathe);
    expect(result.rescheduled!.inserted).toEqual(['D1']);
  });

  it('inserts a new order into free time without moving planned work', () => {
    const problem = shop();
    problem.jobs.push({ id: 'late-start', releaseDate: 500 });
    problem.operations.push({
      id: 'B1-next',
      jobId: 'late-start',
      modes: [{ machineId: 'lathe', duration: 60 }],
    });
    const previous = unwrap(schedule(problem, { maxIterations: 0 }));
    // the lathe is free between B1/A1 (done by 100) and 500: a 30-minute job fits there
    const changed = { ...problem, jobs: [...problem.jobs, { id: 'rush', dueDate: 400 }] };
    changed.operations = [
      ...problem.operations,
      { id: 'R1', jobId: 'rush', modes: [{ machineId: 'lathe', duration: 30 }] },
    ];
    const result = unwrap(reschedule(changed, previous, { maxIterations: 0 }));
    const at = new Map(result.operations.map((o) => [o.operationId, o]));
    for (const op of previous.operations) expect(at.get(op.operationId)).toEqual(op);
    expect(at.get('R1')!.end).toBeLessThanOrEqual(500);
  });

  it('moves the work of a machine that is gone to its alternative machines', () => {
    const previous = unwrap(schedule(shop(), { maxIterations: 100 }));
    const usedMill = previous.operations.filter((o) => o.machineId === 'mill').map((o) => o.operationId);
    expect(usedMill.length).toBeGreaterThan(0);
    const problem = withoutMachine(shop(), 'mill');
    if (!problem.ok) throw new Error(problem.error.message);
    const result = unwrap(reschedule(problem.value, previous, { maxIterations: 0 }));
    expect(result.sequences.mill).toBeUndefined();
    for (const id of usedMill)
      expect(result.operations.find((o) => o.operationId === id)!.machineId).toBe('mill-2');
    expect(result.rescheduled!.moved.sort()).toEqual(usedMill.sort());
    expectFeasible(problem.value, result);
  });

  it('names the operations that have no other machine when one goes away', () => {
    const gone = withoutMachine(shop(), 'lathe');
    expect(!gone.ok && gone.error).toMatchObject({ code: 'no-modes', path: ['A1', 'B1'] });
  });

  it('re-times the plan on a changed calendar and never moves firm work', () => {
    const problem = shop();
    problem.operations[2] = { ...problem.operations[2], firm: { machineId: 'lathe', start: 600 } };
    const previous = unwrap(schedule(problem, { maxIterations: 50 }));
    // the lathe breaks down for the first 4 hours
    const broken: ScheduleProblem = {
      ...problem,
      calendars: [{ id: 'repaired', intervals: [[240, 100_000]] }],
      machines: problem.machines.map((m) => (m.id === 'lathe' ? { ...m, calendarId: 'repaired' } : m)),
    };
    const result = unwrap(reschedule(broken, previous, { maxIterations: 0 }));
    const at = new Map(result.operations.map((o) => [o.operationId, o]));
    expect(at.get('B1')).toMatchObject({ machineId: 'lathe', setupStart: 600 });
    expect(at.get('A1')!.setupStart).toBeGreaterThanOrEqual(240);
    expect(at.get('A2')!.setupStart).toBeGreaterThanOrEqual(at.get('A1')!.end);
    expectFeasible(broken, result);
  });

  it('moves work out of the way of firm work it would now run into', () => {
    const problem = shop();
    const previous = unwrap(schedule(problem, { maxIterations: 0 }));
    // B1 is now frozen early on the lathe, where A1 used to run
    problem.operations[2] = { ...problem.operations[2], firm: { machineId: 'lathe', start: 0 } };
    const result = unwrap(reschedule(problem, previous, { maxIterations: 0 }));
    expect(result.operations.find((o) => o.operationId === 'B1')).toMatchObject({ setupStart: 0, end: 40 });
    expectFeasible(problem, result);
  });

  it('drops operations that were removed and closes up behind them', () => {
    const previous = unwrap(schedule(shop(), { maxIterations: 0 }));
    const first = previous.sequences.lathe[0];
    const problem = shop();
    const jobOf = problem.operations.find((o) => o.id === first)!.jobId;
    problem.jobs = problem.jobs.filter((j) => j.id !== jobOf);
    problem.operations = problem.operations.filter((o) => o.jobId !== jobOf);
    problem.precedences = problem.precedences.filter((p) => problem.operations.some((o) => o.id === p.after));
    const result = unwrap(reschedule(problem, previous, { maxIterations: 0 }));
    expect(result.rescheduled!.dropped).toBeGreaterThan(0);
    expect(result.operations.find((o) => o.operationId === result.sequences.lathe[0])!.setupStart).toBe(0);
  });

  it('constructs anew when new precedences contradict the previous sequences', () => {
    const previous = unwrap(schedule(shop(), { maxIterations: 0 }));
    const [first, second] = previous.sequences.lathe;
    const problem = shop();
    problem.precedences.push({ before: second, after: first });
    const result = unwrap(reschedule(problem, previous, { maxIterations: 0 }));
    expect(result.rescheduled!.constructedAnew).toBe(true);
    expectFeasible(problem, result);
  });
});
