/**
 * Re-scheduling with pinned work, when the pins cannot all hold. A pinned operation is firm: the
 * engine never moves it, and a machine sequence that would push it is infeasible. When work
 * ahead of it on its own machine can no longer end before its pinned start (a move pushed it, the
 * shop floor ran late), the pin and its predecessor form a cycle the warm start cannot repair
 * and the engine finds no plan at all. Then the plan is tried once more without the pins (warm
 * start only, no search) to see which of them would be pushed later; those are named, and (for
 * a re-plan) let go for this plan while every other pin holds. Pure.
 */
import {
  ok,
  type Result,
  reschedule,
  type ScheduleOperation,
  type ScheduleOptions,
  type ScheduleProblem,
  type ScheduleResult,
} from '@takt/engine';

export interface PinnedReschedule {
  result: ScheduleResult;
  /** pinned operations that could not hold (in pinned-start order); empty when all did */
  released: string[];
}

const unpinned = (op: ScheduleOperation): ScheduleOperation => {
  const { firm: _firm, ...rest } = op;
  return rest;
};

/**
 * `reschedule`, and when it finds no plan while pinned work is in the problem: the pins in the
 * way (all but `keep`) are named and the plan made with them let go. The error of the first try
 * stands when the plan is infeasible for another reason.
 */
export function reschedulePinned(
  problem: ScheduleProblem,
  previous: ScheduleResult,
  options: ScheduleOptions,
  keep: ReadonlySet<string> = new Set(),
): Result<PinnedReschedule> {
  const first = reschedule(problem, previous, options);
  if (first.ok) return ok({ result: first.value, released: [] });
  const pins = problem.operations.filter((o) => o.firm && !keep.has(o.id));
  if (pins.length === 0) return first;
  const trial = reschedule(
    { ...problem, operations: problem.operations.map((o) => (o.firm && !keep.has(o.id) ? unpinned(o) : o)) },
    previous,
    { ...options, maxIterations: 0, timeLimitMs: 0 },
  );
  if (!trial.ok) return first;
  const placed = new Map(trial.value.operations.map((o) => [o.operationId, o]));
  const released = pins
    .filter((o) => {
      const p = placed.get(o.id);
      // pushed later (without the pins the rest only moves earlier: it is timed as early as it can)
      return p !== undefined && (p.machineId !== o.firm!.machineId || p.setupStart > o.firm!.start);
    })
    .sort((a, b) => a.firm!.start - b.firm!.start || a.id.localeCompare(b.id))
    .map((o) => o.id);
  if (released.length === 0) return first;
  const loose = new Set(released);
  const second = reschedule(
    { ...problem, operations: problem.operations.map((o) => (loose.has(o.id) ? unpinned(o) : o)) },
    previous,
    options,
  );
  return second.ok ? ok({ result: second.value, released }) : first;
}
