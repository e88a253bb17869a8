/**
 * The work a planning worker thread does: plain data in, plain data out (structured clone), so
 * the same task runs in the thread or in process with the same result for the same seed.
 * Callbacks cannot cross a thread: progress comes back as messages, stopping goes through a
 * shared flag (see run-in-worker.ts).
 */
import type { Result } from '../common/result';
import { planMrp } from '../mrp/plan-mrp';
import type { MrpInput, MrpPlan } from '../mrp/types';
import { reschedule } from '../schedule/reschedule';
import { schedule } from '../schedule/schedule';
import type { ScheduleOptions, ScheduleProblem, ScheduleResult } from '../schedule/types';

/** Schedule options that are plain data (no callbacks, no clock). */
export type PlainScheduleOptions = Pick<
  ScheduleOptions,
  'timeLimitMs' | 'maxIterations' | 'seed' | 'targetValue'
>;

export type EngineTask =
  | { kind: 'schedule'; problem: ScheduleProblem; options?: PlainScheduleOptions }
  | { kind: 'reschedule'; problem: ScheduleProblem; previous: ScheduleResult; options?: PlainScheduleOptions }
  | { kind: 'mrp'; input: MrpInput };

export type EngineTaskResult<T extends EngineTask> = T extends { kind: 'mrp' }
  ? Result<MrpPlan>
  : Result<ScheduleResult>;

export interface TaskHooks {
  onImprovement?: (event: { elapsedMs: number; value: number }) => void;
  shouldStop?: () => boolean;
}

/** Runs a task in this thread. */
export function runTask<T extends EngineTask>(task: T, hooks: TaskHooks = {}): EngineTaskResult<T> {
  switch (task.kind) {
    case 'mrp':
      return planMrp(task.input) as EngineTaskResult<T>;
    case 'schedule':
      return schedule(task.problem, { ...task.options, ...hooks }) as EngineTaskResult<T>;
    case 'reschedule':
      return reschedule(task.problem, task.previous, { ...task.options, ...hooks }) as EngineTaskResult<T>;
  }
}
