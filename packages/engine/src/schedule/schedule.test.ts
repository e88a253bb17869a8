import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jobShopToProblem, parseJobShop } from '../formats/jobshop';
import { schedule } from './schedule';
import { inWorkingTime, plant } from './test-plants';
import type { ScheduleProblem, ScheduleResult } from './types';

const bench = resolve(import.meta.dirname, '../../../../../shared/bench');
const solve = (problem: ScheduleProblem, maxIterations = 300, seed = 7): ScheduleResult => {
  const result = schedule(problem, { maxIterations, seed });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

describe('schedule: invariants on random plants', () => {
  it('never overlaps two operations on a machine, setups included, and uses one of each operation’s modes', () => {
    fc.assert(
      fc.property(plant, (problem) => {
        const result = solve(problem, 50);
        const byMachine = new Map<string, ScheduleResult['operations']>();
        for (const op of result.operations) {
          const modes = problem.operations.find((o) => o.id === op.operationId)!.modes;
          expect(modes.some((m) => m.machineId === op.machineId)).toBe(true);
          byMachine.set(op.machineId, [...(byMachine.get(op.machineId) ?? []), op]);
        }
        for (const ops of byMachine.values()) {
          ops.sort((a, b) => a.setupStart - b.setupStart);
          for (let x = 1; x < ops.length; x++)
            expect(ops[x].setupStart).toBeGreaterThanOrEqual(ops[x - 1].end);
        }
      }),
      { numRuns: 60, seed: 42 },
    );
  });

  it('keeps precedences with lags, release and material dates, calendars, and never moves firm work', () => {
    fc.assert(
      fc.property(plant, (problem) => {
        const result = solve(problem, 50);
        const at = new Map(result.operations.map((o) => [o.operationId, o]));
        for (const p of problem.precedences)
          expect(at.get(p.after)!.setupStart).toBeGreaterThanOrEqual(at.get(p.before)!.end + (p.lag ?? 0));
        for (const op of problem.operations) {
          const placed = at.get(op.id)!;
          const job = problem.jobs.find((j) => j.id === op.jobId)!;
          if (op.firm) {
            expect(placed.machineId).toBe(op.firm.machineId);
            expect(placed.setupStart).toBe(op.firm.start);
            continue;
          }
          expect(placed.setupStart).toBeGreaterThanOrEqual(job.releaseDate ?? 0);
          for (const m of op.materials ?? []) expect(placed.setupStart).toBeGreaterThanOrEqual(m.availableAt);
          expect(
            inWorkingTime(problem, placed.machineId, placed.setupStart, placed.end, op.shiftRule === 'fit'),
          ).toBe(true);
        }
      }),
      { numRuns: 60, seed: 43 },
    );
  });

  it('is deterministic for a seed and an iteration limit', () => {
    fc.assert(
      fc.property(plant, (problem) => {
        expect(solve(problem, 80, 3).operations).toEqual(solve(problem, 80, 3).operations);
      }),
      { numRuns: 20, seed: 44 },
    );
  });
});

describe('schedule: specifications', () => {
  it('solves ft06 to its optimum of 55', () => {
    const instance = parseJobShop(readFileSync(resolve(bench, 'jobshop/ft06.txt'), 'utf8'), 'ft06');
    if (!instance.ok) throw new Error(instance.error.message);
    const result = solve(jobShopToProblem(instance.value), 20_000, 1);
    expect(result.objective.makespan).toBe(55);
  });

  it('improves on the construction when it may search', () => {
    const instance = parseJobShop(readFileSync(resolve(bench, 'jobshop/la02.txt'), 'utf8'), 'la02');
    if (!instance.ok) throw new Error(instance.error.message);
    const problem = jobShopToProblem(instance.value);
    const constructed = solve(problem, 0);
    const searched = solve(problem, 3_000);
    expect(searched.objective.makespan).toBeLessThan(constructed.objective.makespan);
    expect(searched.stats.improvements.length).toBeGreaterThan(1);
  });

  it('groups families on a machine to save setup time', () => {
    const problem: ScheduleProblem = {
      machines: [{ id: 'press', workCenterId: 'FP16', setupMatrixId: 'dies' }],
      setupMatrices: [{ id: 'dies', minutes: {}, defaultChangeover: 60, sameFamily: 0, initial: 0 }],
      jobs: ['a1', 'b1', 'a2', 'b2'].map((id) => ({ id, dueDate: 10_000 })),
      operations: ['a1', 'b1', 'a2', 'b2'].map((id) => ({
        id,
        jobId: id,
        family: id[0],
        modes: [{ machineId: 'press', duration: 30 }],
      })),
      precedences: [],
    };
    const result = solve(problem, 500);
    expect(result.objective.totalSetup).toBe(60);
  });

  it('names the bottleneck work center of a late order, and late material', () => {
    const problem: ScheduleProblem = {
      machines: [
        { id: 'saw', workCenterId: 'SAW' },
        { id: 'furnace', workCenterId: 'HT' },
      ],
      jobs: [
        { id: 'early', dueDate: 200, weight: 10 },
        { id: 'late', dueDate: 150 },
        { id: 'waits-for-steel', dueDate: 100 },
      ],
      operations: [
        { id: 'e1', jobId: 'early', modes: [{ machineId: 'furnace', duration: 180 }] },
        { id: 'l1', jobId: 'late', modes: [{ machineId: 'saw', duration: 10 }] },
        { id: 'l2', jobId: 'late', modes: [{ machineId: 'furnace', duration: 60 }] },
        {
          id: 'w1',
          jobId: 'waits-for-steel',
          modes: [{ machineId: 'saw', duration: 10 }],
          materials: [{ itemId: '42CrMo4', availableAt: 400 }],
        },
      ],
      precedences: [{ before: 'l1', after: 'l2' }],
    };
    const result = solve(problem, 200);
    const late = result.jobs.find((j) => j.jobId === 'late')!;
    expect(late.lateReason).toEqual({ kind: 'capacity', constraintId: 'HT', lateBy: late.tardiness });
    expect(result.jobs.find((j) => j.jobId === 'waits-for-steel')!.lateReason).toMatchObject({
      kind: 'material',
      constraintId: '42CrMo4',
      lateBy: 310,
    });
  });

  it('returns clear errors for a cycle, an unknown machine, a negative time and an empty calendar', () => {
    const base: ScheduleProblem = {
      machines: [{ id: 'm', workCenterId: 'w' }],
      jobs: [{ id: 'j' }],
      operations: [
        { id: 'a', jobId: 'j', modes: [{ machineId: 'm', duration: 5 }] },
        { id: 'b', jobId: 'j', modes: [{ machineId: 'm', duration: 5 }] },
      ],
      precedences: [
        { before: 'a', after: 'b' },
        { before: 'b', after: 'a' },
      ],
    };
    const cycle = schedule(base);
    expect(!cycle.ok && cycle.error).toMatchObject({ code: 'cycle', path: ['a', 'b', 'a'] });
    const unknown = schedule({
      ...base,
      precedences: [],
      operations: [{ id: 'a', jobId: 'j', modes: [{ machineId: 'x', duration: 1 }] }],
    });
    expect(!unknown.ok && unknown.error.code).toBe('unknown-machine');
    const negative = schedule({
      ...base,
      precedences: [],
      operations: [{ id: 'a', jobId: 'j', modes: [{ machineId: 'm', duration: -1 }] }],
    });
    expect(!negative.ok && negative.error.code).toBe('negative-duration');
    const empty = schedule({
      ...base,
      precedences: [],
      machines: [{ id: 'm', workCenterId: 'w', calendarId: 'c' }],
      calendars: [{ id: 'c', intervals: [] }],
    });
    expect(!empty.ok && empty.error.code).toBe('empty-calendar');
    const tooLong = schedule({
      ...base,
      precedences: [],
      machines: [{ id: 'm', workCenterId: 'w', calendarId: 'c' }],
      calendars: [{ id: 'c', intervals: [[0, 100]] }],
      operations: [{ id: 'a', jobId: 'j', modes: [{ machineId: 'm', duration: 500 }] }],
    });
    expect(!tooLong.ok && tooLong.error.code).toBe('no-feasible-schedule');
  });
});
