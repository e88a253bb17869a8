/**
 * Incremental re-scheduling: when an order is added or removed, a machine goes away or a calendar
 * changes, start from the previous schedule instead of from nothing. The previous machine
 * sequences are kept for the operations that still exist, new and displaced operations are
 * inserted (warm-start.ts), everything is re-timed semi-actively, and the time-boxed tabu search
 * improves from there. Firm operations never move. The plan the shop floor works to changes only
 * where the change demands it, and the first feasible plan comes in a fraction of a construction.
 *
 * Always feasible: when the previous sequences cannot be repaired (new precedences that contradict
 * them, a calendar that now ends too early everywhere), the plan is constructed anew, as schedule
 * does, and the report says so.
 */
import { fail, ok, type Result } from '../common/result';
import { compileProblem } from './compile-problem';
import { construct } from './construct';
import { improve } from './schedule';
import type { ScheduleOptions, ScheduleProblem, ScheduleResult } from './types';
import { warmStart } from './warm-start';

export function reschedule(
  problem: ScheduleProblem,
  previous: ScheduleResult,
  options: ScheduleOptions = {},
): Result<ScheduleResult> {
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  const compiled = compileProblem(problem);
  if (!compiled.ok) return compiled;
  const p = compiled.value;
  const warm = warmStart(p, previous);
  const initial = warm?.solution ?? construct(p);
  if (!initial)
    return fail(
      'no-feasible-schedule',
      'some operation cannot be placed within its machine calendar (the horizon is too short or an operation is longer than every shift)',
    );
  const result = improve(initial, problem, options, {
    clock,
    started,
    timeToFirstFeasibleMs: clock() - started,
  });
  const exists = new Set(p.opIds);
  const known = new Set(previous.operations.map((o) => o.operationId));
  result.rescheduled = {
    kept: warm?.kept ?? 0,
    inserted: warm ? warm.inserted.map((i) => p.opIds[i]) : p.opIds.filter((id) => !known.has(id)),
    moved: warm ? warm.moved.map((i) => p.opIds[i]) : p.opIds.filter((id) => known.has(id)),
    dropped: previous.operations.filter((o) => !exists.has(o.operationId)).length,
    constructedAnew: !warm,
  };
  return ok(result);
}

/**
 * The problem without one machine (broken down, taken out for maintenance): the machine and every
 * mode on it are removed, so its operations must run on their alternatives. An error names the
 * operations that have no other machine, or firm work on it (a planner decides those).
 */
export function withoutMachine(problem: ScheduleProblem, machineId: string): Result<ScheduleProblem> {
  if (!problem.machines.some((m) => m.id === machineId))
    return fail('unknown-machine', `there is no machine ${machineId}`, [machineId]);
  const stranded = problem.operations.filter((op) => op.modes.every((m) => m.machineId === machineId));
  if (stranded.length > 0)
    return fail(
      'no-modes',
      `${stranded.length} operation(s) can only run on ${machineId}: ${stranded
        .slice(0, 5)
        .map((op) => op.id)
        .join(', ')}`,
      stranded.map((op) => op.id),
    );
  const firm = problem.operations.filter((op) => op.firm?.machineId === machineId);
  if (firm.length > 0)
    return fail(
      'firm-machine',
      `firm work is on ${machineId}: ${firm.map((op) => op.id).join(', ')}`,
      firm.map((op) => op.id),
    );
  return ok({
    ...problem,
    machines: problem.machines.filter((m) => m.id !== machineId),
    operations: problem.operations.map((op) =>
      op.modes.some((m) => m.machineId === machineId)
        ? { ...op, modes: op.modes.filter((m) => m.machineId !== machineId) }
        : op,
    ),
  });
}
