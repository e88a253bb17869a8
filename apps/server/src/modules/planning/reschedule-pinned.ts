/**
 * Re-scheduling with pinned work, when the pins cannot all hold. A pinned operation is firm: the
 * engine never moves it, and a machine sequence that would push it is infeasible. When work
 * ahead of it on its own machine can no longer end before its pinned start (a move pushed it, the
 * shop floor ran late), the pin and its predecessor form a cycle the warm start cannot repair
 * and the engine finds no plan at all. Then the plan is tried once more without the pins (warm
 * start only, no search) to see which of them would be pushed later; those are named, and (for
 * a re-plan) let go for this plan while every other pin holds. A what-if scenario also lets go
 * of the pins its changes take the machine's working time away from (`pinsOffShift`). Pure.
 */
import {
  ok,
  placeOnCalendar,
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
  const released = pinsInTheWay(problem, previous, options, keep);
  if (released.length === 0) return first;
  const second = reschedule(withoutPins(problem, released), previous, options);
  return second.ok ? ok({ result: second.value, released }) : first;
}

/**
 * The pins (all but `keep`) that work ahead of them would push later: the plan tried once without
 * them (warm start only, no search), in pinned-start order. Empty when the plan without them is
 * infeasible too, or none is pushed.
 */
export function pinsInTheWay(
  problem: ScheduleProblem,
  previous: ScheduleResult,
  options: ScheduleOptions,
  keep: ReadonlySet<string> = new Set(),
): string[] {
  const pins = problem.operations.filter((o) => o.firm && !keep.has(o.id));
  if (pins.length === 0) return [];
  const trial = reschedule(
    withoutPins(
      problem,
      pins.map((o) => o.id),
    ),
    previous,
    { ...options, maxIterations: 0, timeLimitMs: 0 },
  );
  if (!trial.ok) return [];
  const placed = new Map(trial.value.operations.map((o) => [o.operationId, o]));
  return pins
    .filter((o) => {
      const p = placed.get(o.id);
      // pushed later (without the pins the rest only moves earlier: it is timed as early as it can)
      return p !== undefined && (p.machineId !== o.firm!.machineId || p.setupStart > o.firm!.start);
    })
    .sort(byPinnedStart)
    .map((o) => o.id);
}

/**
 * The pins whose machine does not work at their pinned start (a calendar change took that time
 * away, a what-if scenario took the machine down): the engine would start them later anyway, so
 * they cannot hold where they are pinned. In pinned-start order.
 */
export function pinsOffShift(problem: ScheduleProblem): string[] {
  const machines = new Map(problem.machines.map((m) => [m.id, m]));
  const calendars = new Map((problem.calendars ?? []).map((c) => [c.id, c.intervals]));
  return problem.operations
    .filter((o) => {
      if (!o.firm) return false;
      const calendarId = machines.get(o.firm.machineId)?.calendarId;
      if (calendarId === undefined) return false; // always available
      const mode = o.modes.find((m) => m.machineId === o.firm!.machineId);
      const placed = placeOnCalendar(
        calendars.get(calendarId),
        o.firm.start,
        (mode?.setup ?? 0) + (mode?.duration ?? 0),
        o.shiftRule ?? 'span',
      );
      return placed?.start !== o.firm.start;
    })
    .sort(byPinnedStart)
    .map((o) => o.id);
}

/** The problem with these operations' pins let go. */
export function withoutPins(problem: ScheduleProblem, ids: Iterable<string>): ScheduleProblem {
  const loose = new Set(ids);
  return { ...problem, operations: problem.operations.map((o) => (loose.has(o.id) ? unpinned(o) : o)) };
}

const byPinnedStart = (a: ScheduleOperation, b: ScheduleOperation) =>
  a.firm!.start - b.firm!.start || a.id.localeCompare(b.id);
