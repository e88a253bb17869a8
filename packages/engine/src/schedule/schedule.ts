/**
 * The finite-capacity scheduler: validate and compile the problem, construct a feasible
 * schedule fast (list scheduling with priority rules), then improve it with a time-boxed tabu
 * search, and explain every late job. The same function plans the plant and runs the public
 * benchmarks (there with the makespan objective and 24/7 machines).
 *
 * Two searches behind the one entry point: a problem whose timing is heads and tails only
 * (makespan, no calendars, setups or firm work; release dates, lags and alternatives allowed —
 * the job shop and flexible job shop benchmarks, and plants planned that way) gets the fast
 * disjunctive-graph tabu search with estimated moves (disjunctive-search.ts); every other problem
 * the general search, which re-times each candidate exactly (tabu-search.ts).
 */
import { fail, ok, type Result } from '../common/result';
import { compileProblem } from './compile-problem';
import { construct } from './construct';
import { disjunctiveSearch, isPureMakespan } from './disjunctive-search';
import { Binding, type Solution } from './solution';
import { tabuSearch } from './tabu-search';
import type { LateReason, ScheduleOptions, ScheduleProblem, ScheduleResult } from './types';

export function schedule(problem: ScheduleProblem, options: ScheduleOptions = {}): Result<ScheduleResult> {
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  const compiled = compileProblem(problem);
  if (!compiled.ok) return compiled;
  const p = compiled.value;
  const initial = construct(p);
  if (!initial)
    return fail(
      'no-feasible-schedule',
      'some operation cannot be placed within its machine calendar (the horizon is too short or an operation is longer than every shift)',
    );
  return ok(improve(initial, problem, options, { clock, started, timeToFirstFeasibleMs: clock() - started }));
}

/**
 * The anytime part shared by schedule and reschedule: report the first feasible schedule, run
 * the time-boxed tabu search from it, and turn the best into a result.
 */
export function improve(
  initial: Solution,
  problem: ScheduleProblem,
  options: ScheduleOptions,
  timing: { clock: () => number; started: number; timeToFirstFeasibleMs: number },
): ScheduleResult {
  const { clock, started, timeToFirstFeasibleMs } = timing;
  const p = initial.p;
  const improvements = [{ elapsedMs: timeToFirstFeasibleMs, value: initial.primaryValue() }];
  options.onImprovement?.({ elapsedMs: timeToFirstFeasibleMs, value: initial.primaryValue() });
  const timeLimitMs = options.timeLimitMs ?? 0;
  const maxIterations = options.maxIterations ?? (timeLimitMs > 0 ? Number.POSITIVE_INFINITY : 0);
  const search = {
    deadline: timeLimitMs > 0 ? started + timeLimitMs : Number.POSITIVE_INFINITY,
    maxIterations,
    seed: options.seed ?? 1,
    targetValue: options.targetValue,
    clock,
    shouldStop: options.shouldStop,
  };
  const report = (value: number) => {
    const event = { elapsedMs: clock() - started, value };
    improvements.push(event);
    options.onImprovement?.(event);
  };
  const { best, iterations } =
    maxIterations <= 0 || p.n <= 1
      ? { best: initial, iterations: 0 }
      : isPureMakespan(p)
        ? disjunctiveSearch(initial, { ...search, onImprovement: report })
        : tabuSearch(initial, { ...search, onImprovement: (solution) => report(solution.primaryValue()) });
  return toResult(best, problem, {
    timeToFirstFeasibleMs,
    elapsedMs: clock() - started,
    iterations,
    improvements,
  });
}

function toResult(s: Solution, problem: ScheduleProblem, stats: ScheduleResult['stats']): ScheduleResult {
  const p = s.p;
  const operations = problem.operations.map((op, i) => ({
    operationId: op.id,
    jobId: op.jobId,
    machineId: p.machineIds[s.machineOf(i)],
    setupStart: s.setupStart[i],
    start: s.start[i],
    end: s.end[i],
    setupMinutes: s.setup[i],
  }));
  const sequences: Record<string, string[]> = {};
  s.sequences.forEach((seq, k) => {
    sequences[p.machineIds[k]] = seq.map((i) => p.opIds[i]);
  });
  const jobLast = new Int32Array(p.jobIds.length).fill(-1);
  const jobStart = new Float64Array(p.jobIds.length).fill(Number.POSITIVE_INFINITY);
  for (let i = 0; i < p.n; i++) {
    const j = p.opJob[i];
    if (jobLast[j] < 0 || s.end[i] > s.end[jobLast[j]]) jobLast[j] = i;
    jobStart[j] = Math.min(jobStart[j], s.setupStart[i]);
  }
  const jobs = p.jobIds.map((jobId, j) => {
    const last = jobLast[j];
    const completion = last >= 0 ? s.end[last] : 0;
    const due = p.jobDue[j];
    const tardiness = !Number.isNaN(due) && completion > due ? completion - due : 0;
    const lateReason = tardiness > 0 ? explainLateness(s, last, tardiness) : undefined;
    return {
      jobId,
      start: Number.isFinite(jobStart[j]) ? jobStart[j] : 0,
      completion,
      tardiness,
      ...(lateReason ? { lateReason } : {}),
    };
  });
  return { operations, jobs, objective: { ...s.value }, sequences, stats };
}

/**
 * Why a job is late: walk its binding chain back from its last operation; the first constraint
 * that is not the job's own routing names the cause — a machine that was busy with other work
 * (capacity of its work center), material that arrived late, a release date, or firm work.
 */
export function explainLateness(s: Solution, last: number, lateBy: number): LateReason {
  const p = s.p;
  const chain = s.criticalChain(last).reverse();
  for (const i of chain) {
    switch (s.binding[i]) {
      case Binding.Machine:
        return { kind: 'capacity', constraintId: p.machineWorkCenter[s.machineOf(i)], lateBy };
      case Binding.Firm:
        return { kind: 'firm', constraintId: p.opIds[i], lateBy };
      case Binding.Release:
        return p.releaseKind[i] === 2
          ? { kind: 'material', constraintId: p.releaseMaterial[i]!, lateBy }
          : { kind: 'release', constraintId: p.jobIds[p.opJob[i]], lateBy };
    }
  }
  // nothing but the routing itself: the work content is longer than the time to the due date
  return { kind: 'capacity', constraintId: p.machineWorkCenter[s.machineOf(chain[0])], lateBy };
}
