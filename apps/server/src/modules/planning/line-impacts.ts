/**
 * What a change of the stored plan does to the open order lines it touches: planned completion
 * and P90 before and after (a Monte Carlo of each plan, 200 samples, seed 1), which lines become
 * late against their promised date, and the new promise of each line that moved. Shared by a
 * planner's move (move-operation.ts) and operations inserted into the plan (insert-operations.ts).
 */
import type { MoveLineImpact } from '@takt/contracts';
import {
  localToUtc,
  type Minutes,
  type MonteCarloResult,
  monteCarlo,
  type ScheduleProblem,
  type ScheduleResult,
  toInstant,
  toMinutes,
  type Uncertainty,
} from '@takt/engine';
import type { Db, Tx } from '../../platform/db/database';
import { RuleViolationError } from '../../platform/errors';
import type { ScheduledJobOperation } from '../production/service';
import type { SalesOrderService } from '../sales/order-service';
import type { LinePromise } from '../sales/tables';
import type { PlantModel } from './plant-model';

const SAMPLES = 200;

export async function lineImpacts(
  orders: SalesOrderService,
  db: Db | Tx,
  input: {
    model: PlantModel;
    timeZone: string;
    scheduled: ScheduledJobOperation[];
    uncertainty: Uncertainty;
    beforePlan: { problem: ScheduleProblem; result: ScheduleResult };
    afterPlan: { problem: ScheduleProblem; result: ScheduleResult };
    movedJobs: Set<string>;
    now: Date;
    /** what moved the plan, for the promise's explanation: 'a planner moved work' */
    because: string;
  },
) {
  const { model, timeZone, scheduled } = input;
  const lineIds = [...new Set(scheduled.flatMap((o) => (o.salesOrderLineId ? [o.salesOrderLineId] : [])))];
  const [open, references] = await Promise.all([
    orders.openLinePromises(lineIds, db),
    orders.lineReferences(lineIds, db),
  ]);
  const dayEnd = (date: string) =>
    toMinutes(model.originMs, localToUtc(timeZone, Date.parse(`${date}T00:00:00Z`) + 86_400_000));
  const orderDueDates = Object.fromEntries(
    open.flatMap((l) => (l.promisedDate ? [[l.lineId, dayEnd(l.promisedDate)] as const] : [])),
  );
  const forecast = (plan: { problem: ScheduleProblem; result: ScheduleResult }) => {
    const run = monteCarlo(plan.problem, plan.result, {
      samples: SAMPLES,
      seed: 1,
      now: model.now,
      uncertainty: input.uncertainty,
      orderDueDates,
    });
    if (!run.ok)
      throw new RuleViolationError(`the moved plan cannot be forecast: ${run.error.message}`, [
        { field: 'plan', rule: run.error.code, message: run.error.message },
      ]);
    return new Map(run.value.orders.map((o) => [o.orderId, o] as const));
  };
  const beforeForecast: Map<string, MonteCarloResult['orders'][number]> = forecast(input.beforePlan);
  const afterForecast = forecast(input.afterPlan);
  const jobsOfLine = new Map<string, Set<string>>();
  for (const op of scheduled)
    if (op.salesOrderLineId) {
      const set = jobsOfLine.get(op.salesOrderLineId) ?? new Set<string>();
      set.add(op.jobId);
      jobsOfLine.set(op.salesOrderLineId, set);
    }
  const at = (t: Minutes) => toInstant(model.originMs, t).toISOString();
  const local = new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' });
  const lines: MoveLineImpact[] = [];
  const promises: { lineId: string; promise: LinePromise }[] = [];
  const becameLate: MoveLineImpact[] = [];
  for (const line of open) {
    const b = beforeForecast.get(line.lineId);
    const a = afterForecast.get(line.lineId);
    if (!b || !a) continue;
    const touched = [...(jobsOfLine.get(line.lineId) ?? [])].some((j) => input.movedJobs.has(j));
    if (!touched && a.planned === b.planned && a.p90 === b.p90) continue;
    const promised = line.promisedDate ? dayEnd(line.promisedDate) : null;
    const impact: MoveLineImpact = {
      lineId: line.lineId,
      orderId: line.orderId,
      orderNumber: line.orderNumber,
      lineNo: line.lineNo,
      customerName: references.get(line.lineId)?.customerName ?? null,
      promisedDate: line.promisedDate,
      plannedBefore: at(b.planned),
      plannedAfter: at(a.planned),
      p90Before: at(b.p90),
      p90After: at(a.p90),
      plannedShiftMinutes: a.planned - b.planned,
      p90ShiftMinutes: a.p90 - b.p90,
      lateBefore: promised !== null && b.p90 > promised,
      lateAfter: promised !== null && a.p90 > promised,
    };
    lines.push(impact);
    if (impact.lateAfter && !impact.lateBefore) becameLate.push(impact);
    const old = line.promise;
    promises.push({
      lineId: line.lineId,
      promise: {
        plannedAt: impact.plannedAfter,
        p50At: at(a.p50),
        p90At: impact.p90After,
        onTimeProbability: a.onTimeProbability ?? old?.onTimeProbability ?? null,
        binding: old?.binding ?? { kind: 'none' },
        explanation: `re-promised after ${input.because} on ${local.format(input.now)}: planned ${local.format(new Date(impact.plannedAfter))}, 90 % by ${local.format(new Date(impact.p90After))}${impact.lateAfter ? `, after the promised ${line.promisedDate}` : ''}`,
        computedAt: input.now.toISOString(),
      },
    });
  }
  lines.sort((x, y) => x.orderNumber.localeCompare(y.orderNumber) || x.lineNo - y.lineNo);
  return { lines, promises, becameLate };
}

/** The `order.line.at-risk` events of the lines whose P90 passed their promised date. */
export function lineAtRiskEvents(becameLate: MoveLineImpact[]) {
  return becameLate.map((l) => ({
    type: 'order.line.at-risk',
    entity: 'sales-order-line',
    entityId: l.lineId,
    payload: {
      lineId: l.lineId,
      orderNumber: l.orderNumber,
      lineNo: l.lineNo,
      promisedDate: l.promisedDate,
      p90Before: l.p90Before,
      p90After: l.p90After,
      plannedAfter: l.plannedAfter,
    },
  }));
}
