import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Random } from '../common/random';
import { flexibleJobShopToProblem, parseFlexibleJobShop } from '../formats/flexible-jobshop';
import { type CompiledProblem, compileProblem } from './compile-problem';
import { construct } from './construct';
import {
  applyMove,
  criticalPath,
  DisjunctiveGraph,
  type DisjunctiveMove,
  isPureMakespan,
  neighbourhoodMoves,
} from './disjunctive-search';
import { schedule } from './schedule';
import type { ScheduleProblem, ScheduleResult } from './types';

const bench = resolve(import.meta.dirname, '../../../../../shared/bench');

/**
 * Random pure makespan problems: flexible (1–3 machines per operation), precedence chains and
 * extra cross arcs (a DAG, not only chains), lags, release dates, and — when `zero` — operations
 * of zero duration. Two operations of a job may share a machine.
 */
const pureProblem = (zero: boolean) =>
  fc
    .record({
      machines: fc.integer({ min: 1, max: 5 }),
      jobs: fc.array(
        fc.record({
          ops: fc.array(
            fc.record({
              modes: fc.uniqueArray(
                fc.record({ machine: fc.nat(4), duration: fc.integer({ min: zero ? 0 : 1, max: 30 }) }),
                { minLength: 1, maxLength: 3, selector: (m) => m.machine },
              ),
              lag: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10 })),
              release: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 40 })),
            }),
            { minLength: 1, maxLength: 5 },
          ),
        }),
        { minLength: 1, maxLength: 7 },
      ),
      cross: fc.array(fc.tuple(fc.nat(40), fc.nat(40), fc.integer({ min: 0, max: 5 })), { maxLength: 6 }),
    })
    .map(({ machines, jobs, cross }): ScheduleProblem => {
      const problem: ScheduleProblem = {
        machines: Array.from({ length: machines }, (_, k) => ({ id: `M${k}`, workCenterId: `M${k}` })),
        jobs: jobs.map((_, j) => ({ id: `J${j}` })),
        operations: [],
        precedences: [],
        objective: 'makespan',
      };
      jobs.forEach((job, j) => {
        job.ops.forEach((op, o) => {
          problem.operations.push({
            id: `J${j}.${o}`,
            jobId: `J${j}`,
            releaseDate: op.release,
            modes: op.modes
              .map((m) => ({ machineId: `M${m.machine % machines}`, duration: m.duration }))
              .filter((m, x, all) => all.findIndex((y) => y.machineId === m.machineId) === x),
          });
          if (o > 0) problem.precedences.push({ before: `J${j}.${o - 1}`, after: `J${j}.${o}`, lag: op.lag });
        });
      });
      // cross arcs from an earlier operation (in creation order) to a later one keep it acyclic
      const n = problem.operations.length;
      for (const [a, b, lag] of cross) {
        const from = a % n;
        const to = b % n;
        if (from < to)
          problem.precedences.push({
            before: problem.operations[from].id,
            after: problem.operations[to].id,
            lag,
          });
      }
      return problem;
    });

function compiled(problem: ScheduleProblem): CompiledProblem {
  const result = compileProblem(problem);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** Heads and tails of g recomputed from scratch, as Solution.evaluate times it. */
function exactTimes(g: DisjunctiveGraph) {
  const s = g.toSolution();
  return { head: Array.from(s.start), makespan: s.value.makespan };
}

function undo(g: DisjunctiveGraph, move: DisjunctiveMove, oldMode: number, oldAt: number) {
  if (move.kind === 'shift') g.shift(move.k, move.b, move.a);
  else g.reassign(move.op, oldMode, oldAt);
  expect(g.time()).toBe(true);
  g.computeTails();
}

/** Every precedence (with lag) and release kept, no two operations of one machine overlap, modes used. */
function expectFeasible(problem: ScheduleProblem, result: ScheduleResult) {
  const at = new Map(result.operations.map((o) => [o.operationId, o]));
  for (const p of problem.precedences)
    expect(at.get(p.after)!.start).toBeGreaterThanOrEqual(at.get(p.before)!.end + (p.lag ?? 0));
  const byMachine = new Map<string, ScheduleResult['operations']>();
  for (const op of problem.operations) {
    const placed = at.get(op.id)!;
    expect(placed.start).toBeGreaterThanOrEqual(op.releaseDate ?? 0);
    const mode = op.modes.find((m) => m.machineId === placed.machineId);
    expect(mode).toBeDefined();
    expect(placed.end - placed.start).toBe(mode!.duration);
    byMachine.set(placed.machineId, [...(byMachine.get(placed.machineId) ?? []), placed]);
  }
  for (const ops of byMachine.values()) {
    ops.sort((a, b) => a.start - b.start || a.end - b.end);
    for (let x = 1; x < ops.length; x++) expect(ops[x].start).toBeGreaterThanOrEqual(ops[x - 1].end);
  }
  expect(result.objective.makespan).toBe(Math.max(0, ...result.operations.map((o) => o.end)));
}

describe('disjunctive search: heads, tails and moves', () => {
  it('times the graph exactly as Solution.evaluate does, and heads + durations + tails meet the makespan on the critical path', () => {
    fc.assert(
      fc.property(pureProblem(true), (problem) => {
        const p = compiled(problem);
        expect(isPureMakespan(p)).toBe(true);
        const g = DisjunctiveGraph.fromSolution(construct(p)!);
        expect(g.time()).toBe(true);
        g.computeTails();
        const exact = exactTimes(g);
        expect(Array.from(g.head)).toEqual(exact.head);
        expect(g.makespan).toBe(exact.makespan);
        let longest = 0;
        for (let i = 0; i < p.n; i++) longest = Math.max(longest, g.head[i] + g.duration[i] + g.tail[i]);
        expect(longest).toBe(g.makespan);
        const path = new Int32Array(p.n);
        const length = criticalPath(g, path, new Random(1));
        for (let c = 0; c < length; c++) {
          const i = path[c];
          expect(g.head[i] + g.duration[i] + g.tail[i]).toBe(g.makespan);
        }
      }),
      { numRuns: 150, seed: 71 },
    );
  });

  it('offers only moves that keep the schedule feasible (no cycle), zero durations and lags included', () => {
    fc.assert(
      fc.property(pureProblem(true), fc.integer({ min: 1, max: 1000 }), (problem, seed) => {
        const p = compiled(problem);
        const g = DisjunctiveGraph.fromSolution(construct(p)!);
        const random = new Random(seed);
        const path = new Int32Array(p.n);
        // walk a few steps so the moves are tried on more than the construction
        for (let step = 0; step < 4; step++) {
          expect(g.time()).toBe(true);
          g.computeTails();
          const moves = neighbourhoodMoves(g, path, criticalPath(g, path, random));
          for (const move of moves) {
            const oldMode = move.kind === 'reassign' ? g.mode[move.op] : 0;
            const oldAt = move.kind === 'reassign' ? g.position[move.op] : 0;
            if (move.kind === 'shift') g.shift(move.k, move.a, move.b);
            else g.reassign(move.op, move.mode, move.at);
            // the proof of acyclicity holds: the exact timing succeeds and the schedule is valid
            expect(g.time()).toBe(true);
            const s = g.toSolution();
            expect(s.evaluate()).toBe(true);
            undo(g, move, oldMode, oldAt);
          }
          if (moves.length === 0) break;
          expect(applyMove(g, moves[random.int(moves.length)])).toBe(true);
        }
      }),
      { numRuns: 150, seed: 72 },
    );
  });

  it('estimates the swap of two adjacent critical operations of a job shop exactly (longest path through them)', () => {
    const jobShop = pureProblem(false).filter((problem) =>
      problem.operations.every((op) => op.modes.length === 1),
    );
    let checked = 0;
    fc.assert(
      fc.property(jobShop, (problem) => {
        const p = compiled(problem);
        const g = DisjunctiveGraph.fromSolution(construct(p)!);
        g.time();
        g.computeTails();
        const path = new Int32Array(p.n);
        const moves = neighbourhoodMoves(g, path, criticalPath(g, path, new Random(3)));
        for (const move of moves) {
          if (move.kind !== 'shift' || Math.abs(move.a - move.b) !== 1) continue;
          const seq = g.sequences[move.k];
          const pair = [seq[move.a], seq[move.b]];
          g.shift(move.k, move.a, move.b);
          expect(g.time()).toBe(true);
          g.computeTails();
          const through = Math.max(...pair.map((i) => g.head[i] + g.duration[i] + g.tail[i]));
          expect(move.estimate).toBe(through);
          checked++;
          undo(g, move, 0, 0);
        }
      }),
      { numRuns: 150, seed: 73 },
    );
    expect(checked).toBeGreaterThan(20);
  });

  it('estimates a reassignment by the longest path through the moved operation, never above it when nothing else moves', () => {
    // Mastrolilli & Gambardella's estimate keeps the other heads and tails: removing the operation
    // from its machine can only shorten them, so the exact path through it is at most the estimate
    fc.assert(
      fc.property(pureProblem(false), (problem) => {
        const p = compiled(problem);
        const g = DisjunctiveGraph.fromSolution(construct(p)!);
        g.time();
        g.computeTails();
        const path = new Int32Array(p.n);
        const moves = neighbourhoodMoves(g, path, criticalPath(g, path, new Random(5)));
        for (const move of moves) {
          if (move.kind !== 'reassign') continue;
          const oldMode = g.mode[move.op];
          const oldAt = g.position[move.op];
          g.reassign(move.op, move.mode, move.at);
          expect(g.time()).toBe(true);
          g.computeTails();
          const v = move.op;
          expect(g.head[v] + g.duration[v] + g.tail[v]).toBeLessThanOrEqual(move.estimate);
          undo(g, move, oldMode, oldAt);
        }
      }),
      { numRuns: 150, seed: 74 },
    );
  });
});

describe('disjunctive search: through schedule()', () => {
  it('returns feasible schedules no longer than the construction, deterministically for a seed', () => {
    fc.assert(
      fc.property(pureProblem(true), fc.integer({ min: 1, max: 50 }), (problem, seed) => {
        const constructed = schedule(problem, { maxIterations: 0 });
        const searched = schedule(problem, { maxIterations: 300, seed });
        if (!constructed.ok || !searched.ok) throw new Error('no schedule');
        expectFeasible(problem, searched.value);
        expect(searched.value.objective.makespan).toBeLessThanOrEqual(constructed.value.objective.makespan);
        const again = schedule(problem, { maxIterations: 300, seed });
        expect(again.ok && again.value.operations).toEqual(searched.value.operations);
      }),
      { numRuns: 80, seed: 75 },
    );
  });

  it('solves Brandimarte mk01 (flexible job shop) to its optimum of 40', () => {
    const text = readFileSync(resolve(bench, 'flexible-jobshop/mk01.txt'), 'utf8');
    const instance = parseFlexibleJobShop(text, 'mk01');
    if (!instance.ok) throw new Error(instance.error.message);
    const problem = flexibleJobShopToProblem(instance.value);
    const result = schedule(problem, { maxIterations: 20_000, seed: 1, targetValue: 40 });
    if (!result.ok) throw new Error(result.error.message);
    expectFeasible(problem, result.value);
    expect(result.value.objective.makespan).toBe(40);
  });

  it('leaves problems with calendars, setups or firm work to the general search', () => {
    const base: ScheduleProblem = {
      machines: [{ id: 'm', workCenterId: 'w' }],
      jobs: [{ id: 'j' }],
      operations: [{ id: 'a', jobId: 'j', modes: [{ machineId: 'm', duration: 5 }] }],
      precedences: [],
      objective: 'makespan',
    };
    expect(isPureMakespan(compiled(base))).toBe(true);
    expect(isPureMakespan(compiled({ ...base, objective: 'lexicographic' }))).toBe(false);
    expect(
      isPureMakespan(
        compiled({
          ...base,
          machines: [{ id: 'm', workCenterId: 'w', calendarId: 'c' }],
          calendars: [{ id: 'c', intervals: [[0, 100]] }],
        }),
      ),
    ).toBe(false);
    expect(
      isPureMakespan(
        compiled({
          ...base,
          operations: [{ id: 'a', jobId: 'j', modes: [{ machineId: 'm', duration: 5, setup: 3 }] }],
        }),
      ),
    ).toBe(false);
    expect(
      isPureMakespan(
        compiled({
          ...base,
          operations: [
            {
              id: 'a',
              jobId: 'j',
              modes: [{ machineId: 'm', duration: 5 }],
              firm: { machineId: 'm', start: 0 },
            },
          ],
        }),
      ),
    ).toBe(false);
  });
});
