/**
 * A promise context: the plan's busy time per machine as sorted arrays with a gap index
 * (machine-timeline.ts), built once per plan in O(n log n) and shared by every request against
 * that plan (requests copy only the machines they use).
 */
import { fail, ok, type Result } from '../common/result';
import type {
  Machine,
  ScheduledOperation,
  ScheduleOperation,
  ScheduleProblem,
  ScheduleResult,
  SetupMatrix,
  WorkingIntervals,
} from '../schedule/types';
import { type BusyOperation, buildTimeline, type MachineTimeline } from './machine-timeline';

export interface PromiseContext {
  problem: ScheduleProblem;
  plan: ScheduleResult;
  machines: Machine[];
  machineIndex: Map<string, number>;
  calendars: (WorkingIntervals | undefined)[];
  matrices: (SetupMatrix | undefined)[];
  timelines: MachineTimeline[];
  /** an empty timeline per machine, for "what if this work center were free" */
  emptyTimelines: MachineTimeline[];
  planned: Map<string, ScheduledOperation>;
  operations: Map<string, ScheduleOperation>;
  jobIds: Set<string>;
}

export function createPromiseContext(problem: ScheduleProblem, plan: ScheduleResult): Result<PromiseContext> {
  const machineIndex = new Map(problem.machines.map((m, k) => [m.id, k]));
  const calendarById = new Map((problem.calendars ?? []).map((c) => [c.id, c.intervals]));
  const matrixById = new Map((problem.setupMatrices ?? []).map((s) => [s.id, s]));
  const calendars = problem.machines.map((m) =>
    m.calendarId === undefined ? undefined : calendarById.get(m.calendarId),
  );
  for (const [k, m] of problem.machines.entries())
    if (m.calendarId !== undefined && !calendars[k])
      return fail('unknown-calendar', `machine ${m.id} uses unknown calendar ${m.calendarId}`, [m.id]);
  const matrices = problem.machines.map((m) =>
    m.setupMatrixId === undefined ? undefined : matrixById.get(m.setupMatrixId),
  );
  const operations = new Map(problem.operations.map((o) => [o.id, o]));
  const planned = new Map(plan.operations.map((o) => [o.operationId, o]));
  const busy: BusyOperation[][] = problem.machines.map(() => []);
  for (const scheduled of plan.operations) {
    const k = machineIndex.get(scheduled.machineId);
    const op = operations.get(scheduled.operationId);
    const mode = op?.modes.find((m) => m.machineId === scheduled.machineId);
    if (k === undefined || !op || !mode)
      return fail(
        'plan-mismatch',
        `the plan runs ${scheduled.operationId} on ${scheduled.machineId}, which the problem does not allow`,
        [scheduled.operationId],
      );
    busy[k].push({
      operationId: op.id,
      setupStart: scheduled.setupStart,
      end: scheduled.end,
      family: op.family,
      setupMinutes: scheduled.setupMinutes,
      modeSetup: Math.round(mode.setup ?? 0),
    });
  }
  for (const [k, list] of busy.entries()) {
    list.sort((a, b) => a.setupStart - b.setupStart || a.end - b.end);
    for (let x = 1; x < list.length; x++)
      if (list[x].setupStart < list[x - 1].end)
        return fail(
          'plan-overlap',
          `${list[x - 1].operationId} and ${list[x].operationId} overlap on ${problem.machines[k].id}`,
          [list[x - 1].operationId, list[x].operationId],
        );
  }
  return ok({
    problem,
    plan,
    machines: problem.machines,
    machineIndex,
    calendars,
    matrices,
    timelines: busy.map((list, k) => buildTimeline(calendars[k], matrices[k], list)),
    emptyTimelines: problem.machines.map((_, k) => buildTimeline(calendars[k], matrices[k], [])),
    planned,
    operations,
    jobIds: new Set(problem.jobs.map((j) => j.id)),
  });
}
