/**
 * The current plan as the engine sees it: the scheduled, unfinished operations of open jobs,
 * each on the machine it is scheduled on, as a problem plus the result that places them. A new
 * promise is fitted around this plan without moving it. Pure.
 *
 * Besides each job's own operation order, `links` are the precedences between jobs (a child
 * job's last operations before the parent operation that consumes it, `child-job-precedences.ts`),
 * so a re-plan keeps a sub-assembly ahead of its use as the first planning did. A pinned
 * operation (a planner's decision) is firm at its planned machine and setup start while that
 * start is still ahead; one whose start has passed without the shop floor starting it keeps
 * only its machine (an operation is on one machine here anyway) and is planned from now.
 */
import {
  type Minutes,
  type Precedence,
  type ScheduledOperation,
  type ScheduleJob,
  type ScheduleOperation,
  type ScheduleProblem,
  type ScheduleResult,
  toMinutes,
} from '@takt/engine';
import type { ScheduledJobOperation } from '../production/service';
import { machineId, type PlantModel } from './plant-model';

export interface CurrentPlan {
  problem: ScheduleProblem;
  result: ScheduleResult;
}

export function currentPlan(
  model: PlantModel,
  scheduled: ScheduledJobOperation[],
  links: Precedence[] = [],
): CurrentPlan {
  const m = (d: Date): Minutes => toMinutes(model.originMs, d);
  const operations: ScheduleOperation[] = [];
  const placed: ScheduledOperation[] = [];
  const jobs = new Map<string, ScheduleJob & { start: Minutes; completion: Minutes }>();
  const byJobAndNumber = new Map<string, string>();
  const kept: ScheduledJobOperation[] = [];
  for (const op of scheduled) {
    const wc = model.workCenters.get(op.workCenterId);
    if (!wc) continue; // a deactivated work center: its work no longer occupies planned capacity
    const machine = machineId(op.workCenterId, op.machineIndex % wc.machineIds.length);
    const setupStart = m(op.plannedSetupStart);
    const start = m(op.plannedStart);
    const end = m(op.plannedEnd);
    const duration = Math.max(1, Math.round(op.runMinutes));
    // a 'fit' operation longer than every shift was planned spanning shifts (supply-request.ts)
    const longest = model.longestShift.get(machine) ?? Number.POSITIVE_INFINITY;
    operations.push({
      id: op.id,
      jobId: op.jobId,
      modes: [{ machineId: machine, duration, setup: op.setupMinutes }],
      ...(op.family ? { family: op.family } : {}),
      shiftRule: op.shiftRule === 'fit' && op.setupMinutes + duration > longest ? 'span' : op.shiftRule,
      ...(op.pinnedAt && setupStart >= model.now ? { firm: { machineId: machine, start: setupStart } } : {}),
    });
    placed.push({
      operationId: op.id,
      jobId: op.jobId,
      machineId: machine,
      setupStart,
      start,
      end,
      setupMinutes: op.setupMinutes,
    });
    byJobAndNumber.set(`${op.jobId}\u0000${op.number}`, op.id);
    kept.push(op);
    const job = jobs.get(op.jobId);
    if (job) {
      job.start = Math.min(job.start, setupStart);
      job.completion = Math.max(job.completion, end);
    } else
      jobs.set(op.jobId, {
        id: op.jobId,
        orderId: op.salesOrderLineId ?? op.jobId,
        dueDate: m(op.jobDue),
        start: setupStart,
        completion: end,
      });
  }
  const precedences: Precedence[] = [];
  for (const op of kept)
    for (const p of op.predecessors) {
      const before = byJobAndNumber.get(`${op.jobId}\u0000${p}`);
      if (before) precedences.push({ before, after: op.id, lag: Math.round(op.queueMinutes) });
    }
  const inPlan = new Set(kept.map((o) => o.id));
  for (const link of links) if (inPlan.has(link.before) && inPlan.has(link.after)) precedences.push(link);
  const sequences: Record<string, string[]> = {};
  for (const op of [...placed].sort((a, b) => a.setupStart - b.setupStart || a.end - b.end)) {
    sequences[op.machineId] ??= [];
    sequences[op.machineId].push(op.operationId);
  }
  const jobList = [...jobs.values()];
  return {
    problem: {
      machines: model.machines,
      calendars: model.calendars,
      setupMatrices: model.setupMatrices,
      jobs: jobList.map(({ id, orderId, dueDate }) => ({ id, orderId, dueDate })),
      operations,
      precedences,
    },
    result: {
      operations: placed,
      jobs: jobList.map((j) => ({
        jobId: j.id,
        start: j.start,
        completion: j.completion,
        tardiness: Math.max(0, j.completion - (j.dueDate ?? j.completion)),
      })),
      objective: { weightedTardiness: 0, totalSetup: 0, flowTime: 0, makespan: 0 },
      sequences,
      stats: { timeToFirstFeasibleMs: 0, elapsedMs: 0, iterations: 0, improvements: [] },
    },
  };
}
