/**
 * Drag and re-plan: a planner moves one operation on the board to another time or another
 * machine of its work center, and sees before anything is written what that does. The current
 * plan (with the shop floor's progress, as `progress-replan.ts` reads it) gets the moved
 * operation pinned (engine `firm`) at the earliest feasible start at or after the requested one
 * (not before now, not before its predecessors end, the calendar's next working minute), the
 * rest is re-scheduled warm-started from the plan (`reschedule`: repair, insert, re-time; the
 * search after it is iteration-bounded and seeded, so the same plan and request give the same
 * answer) with no operation starting before its planned time, so only what the move pushes
 * moves, and the order lines whose planned
 * completion or P90 move are compared by a Monte Carlo over the plan before and after.
 *
 * Apply re-computes the same plan as of the preview's moment and writes it only when its
 * fingerprint (the plan it started from and the plan it made) is the preview's: a plan that
 * changed in between is a 409, never a silent overwrite.
 *
 * Alternatives: scheduled jobs keep only the work center they were planned on (the routing's
 * alternatives reach the engine as modes only when a line is first planned), so a move stays on
 * the machines of the operation's own work center.
 */
import type {
  ApplyMoveRequest,
  MovedOperation,
  MoveLineImpact,
  MoveOperationRequest,
  MovePreview,
} from '@takt/contracts';
import {
  localToUtc,
  type Minutes,
  type MonteCarloResult,
  monteCarlo,
  reschedule,
  type ScheduledOperation,
  type ScheduleProblem,
  type ScheduleResult,
  toInstant,
  toMinutes,
  type Uncertainty,
} from '@takt/engine';
import { sql } from 'drizzle-orm';
import { type Actor, recordAudit } from '../../platform/audit';
import type { Db, Tx } from '../../platform/db/database';
import { DomainError, NotFoundError, RuleViolationError, ruleViolation } from '../../platform/errors';
import { planningResources, plantTimeZone } from '../catalog/plant-structure';
import { recordIntegrationEvents } from '../integration/outbox';
import { machineCode } from '../production/machines';
import type { OperationProgress, ProductionService, ScheduledJobOperation } from '../production/service';
import type { SalesOrderService } from '../sales/order-service';
import type { LinePromise } from '../sales/tables';
import { currentPlan } from './current-plan';
import { buildPlantModel, machineId, type PlantModel } from './plant-model';
import { progressedProblem } from './progress-replan';

/**
 * Iterations of the improvement search after the warm start. None: a planner who moves one
 * operation wants to see what that move pushes, not the search re-sequencing unrelated work for
 * a few minutes of setup (it did, on the demo plant); the warm start alone (repair, insert,
 * re-time) is exact and repeatable. Raise it to let a move also re-optimise around itself.
 */
const SEARCH_ITERATIONS = 0;
/** A cap on the search's wall-clock time (a cut search changes the fingerprint: apply then says 409). */
const SEARCH_CAP_MS = 2_000;
const SAMPLES = 200;
/** How long a preview may be applied (the plan is re-computed as of the preview's moment). */
const PREVIEW_VALID_MS = 15 * 60_000;
const UNDER_WAY = new Set(['setup', 'running', 'paused']);

interface Computed {
  preview: MovePreview;
  /** the planned times to write: every operation whose machine or times change */
  writes: { id: string; machineIndex: number; setupStart: Date; start: Date; end: Date }[];
  promises: { lineId: string; promise: LinePromise }[];
  becameLate: MoveLineImpact[];
}

export class MoveOperationService {
  constructor(
    private readonly db: Db,
    private readonly deps: {
      production: (db: Db | Tx) => ProductionService;
      orders: (db: Db | Tx) => SalesOrderService;
      measuredUncertainty: (db: Db | Tx) => Promise<Uncertainty>;
    },
  ) {}

  /** What the move would do. Writes nothing. */
  async preview(request: MoveOperationRequest, now = new Date()): Promise<MovePreview> {
    return (await this.compute(this.db, request, floorMinute(now))).preview;
  }

  /** Writes the previewed plan, if the plan is still the one the preview was made from. */
  async apply(actor: Actor, request: ApplyMoveRequest, now = new Date()): Promise<MovePreview> {
    const previewedAt = new Date(request.previewedAt);
    const age = now.getTime() - previewedAt.getTime();
    if (age > PREVIEW_VALID_MS || age < -60_000)
      throw planChanged('previewedAt', 'the preview is too old to apply: preview the move again');
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('takt.planning'))`);
      const computed = await this.compute(tx, request, floorMinute(previewedAt));
      if (computed.preview.planFingerprint !== request.planFingerprint)
        throw planChanged(
          'planFingerprint',
          'the plan changed since the preview (another move, a re-plan or shop-floor progress): preview the move again',
        );
      await this.deps.production(tx).updatePlannedTimes(tx, actor, computed.writes);
      const orders = this.deps.orders(tx);
      await orders.updateLinePromises(tx, actor, computed.promises);
      await recordIntegrationEvents(tx, [
        ...computed.becameLate.map((l) => ({
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
        })),
      ]);
      const op = computed.preview.operation;
      await recordAudit(tx, actor, {
        entity: 'plan',
        entityId: op.id,
        action: 'move-operation',
        before: { machine: op.before.machineCode, setupStart: op.before.setupStart },
        after: {
          machine: op.after.machineCode,
          setupStart: op.after.setupStart,
          moved: computed.writes.length,
          rePromised: computed.promises.length,
        },
      });
      return { ...computed.preview, applied: true };
    });
  }

  private async compute(db: Db | Tx, request: MoveOperationRequest, now: Date): Promise<Computed> {
    const production = this.deps.production(db);
    const [resources, scheduled, timeZone, uncertainty] = await Promise.all([
      planningResources(db),
      production.scheduledOperations(db),
      plantTimeZone(db),
      this.deps.measuredUncertainty(db),
    ]);
    const target = scheduled.find((o) => o.id === request.operationId);
    const progress = await production.operationProgress(
      target ? scheduled.map((o) => o.id) : [request.operationId],
      db,
    );
    const status = progress.get(request.operationId)?.status;
    if (!status) throw new NotFoundError('operation', request.operationId);
    if (status === 'done' || UNDER_WAY.has(status))
      throw ruleViolation(
        'operationId',
        'not-under-way',
        `the operation is ${status}: work the shop floor has started or finished stays where it is`,
      );
    if (!target)
      throw ruleViolation('operationId', 'scheduled', 'the operation is not scheduled in the current plan');
    const model = buildPlantModel(resources, now.getTime());
    const wc = model.workCenters.get(target.workCenterId);
    if (!wc)
      throw ruleViolation('operationId', 'active-work-center', 'the operation’s work center is not active');
    if (request.machineIndex >= wc.machineIds.length)
      throw ruleViolation(
        'machineIndex',
        'machine-of-work-center',
        `${wc.code} has ${wc.machineIds.length} machine(s): move the operation to one of them (alternative work centers are not offered for planned jobs)`,
      );

    const plan = currentPlan(model, scheduled);
    const actualMachine = new Map<string, string>();
    for (const op of scheduled) {
      const p = progress.get(op.id);
      const w = model.workCenters.get(op.workCenterId);
      if (p?.actualMachineIndex !== null && p?.actualMachineIndex !== undefined && w)
        actualMachine.set(op.id, machineId(op.workCenterId, p.actualMachineIndex % w.machineIds.length));
    }
    const before = new Map(plan.result.operations.map((o) => [o.operationId, o]));
    // a move moves only what it must: no other operation starts earlier than it is planned (the
    // plan holds jobs back to when they are needed; the engine alone would pull them to now)
    const progressed = progressedProblem(plan.problem, progress, actualMachine, model.now);
    const problem: ScheduleProblem = {
      ...progressed,
      operations: progressed.operations.map((op) => ({
        ...op,
        releaseDate: Math.max(op.releaseDate ?? 0, before.get(op.id)?.setupStart ?? 0),
      })),
    };

    // the earliest feasible start at or after the requested one
    const requested = Math.ceil((Date.parse(request.start) - model.originMs) / 60_000);
    let earliest = requested;
    let reason: string | null = null;
    const local = new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' });
    const at = (t: Minutes) => toInstant(model.originMs, t);
    if (model.now > earliest) {
      earliest = model.now;
      reason = 'nothing can be planned in the past: it starts now';
    }
    const predecessors = problem.precedences.filter((p) => p.after === target.id);
    const opNumber = new Map(scheduled.map((o) => [o.id, o.number]));
    for (const p of predecessors) {
      const ready = (before.get(p.before)?.end ?? 0) + (p.lag ?? 0);
      if (ready > earliest) {
        earliest = ready;
        reason = `operation ${opNumber.get(p.before)} of the job ends ${local.format(at(ready))} (with its queue time)`;
      }
    }
    const machine = wc.machineIds[request.machineIndex];
    const pinned: ScheduleProblem = {
      ...problem,
      operations: problem.operations.map((op) =>
        op.id === target.id
          ? {
              ...op,
              modes: [{ ...op.modes[0], machineId: machine }],
              firm: { machineId: machine, start: earliest },
            }
          : op,
      ),
    };
    const replanned = reschedule(pinned, plan.result, {
      maxIterations: SEARCH_ITERATIONS,
      timeLimitMs: SEARCH_CAP_MS,
      seed: 1,
    });
    if (!replanned.ok)
      throw new RuleViolationError(`the operation cannot be placed there: ${replanned.error.message}`, [
        { field: 'start', rule: replanned.error.code, message: replanned.error.message },
      ]);
    const result = replanned.value;
    const after = new Map(result.operations.map((o) => [o.operationId, o]));
    const placed = after.get(target.id)!;
    if (placed.setupStart > earliest && !reason)
      reason = `no working time on ${machineCode(wc.code, request.machineIndex)} before ${local.format(at(placed.setupStart))}`;
    for (const p of predecessors) {
      const end = (after.get(p.before)?.end ?? 0) + (p.lag ?? 0);
      if (end > placed.setupStart)
        throw ruleViolation(
          'start',
          'precedence',
          `operation ${opNumber.get(p.before)} of the job would end after ${local.format(at(placed.setupStart))}: move it later`,
        );
    }
    // work under way is never pushed by a move
    const sequence = result.sequences[machine] ?? [];
    const pinnedAt = sequence.indexOf(target.id);
    const pushed = sequence.slice(pinnedAt + 1).find((id) => UNDER_WAY.has(progress.get(id)?.status ?? ''));
    if (pushed)
      throw ruleViolation(
        'start',
        'under-way-work',
        `${machineCode(wc.code, request.machineIndex)} is busy with work under way (operation ${opNumber.get(pushed)}) then: pick a later time`,
      );

    // what changes, against the stored plan
    const byId = new Map(scheduled.map((o) => [o.id, o]));
    const jobNumbers = new Map(
      (await production.summaries([...new Set(scheduled.map((o) => o.jobId))], db)).map((j) => [
        j.id,
        j.number,
      ]),
    );
    const changed = result.operations.filter((o) => {
      const b = before.get(o.operationId);
      return (
        !b ||
        b.machineId !== o.machineId ||
        b.setupStart !== o.setupStart ||
        b.start !== o.start ||
        b.end !== o.end
      );
    });
    const describe = (o: ScheduledOperation): MovedOperation => {
      const op = byId.get(o.operationId)!;
      const w = model.workCenters.get(op.workCenterId)!;
      const b = before.get(o.operationId)!;
      const side = (s: ScheduledOperation) => {
        const index = model.machineOf.get(s.machineId)?.index ?? 0;
        return {
          machineIndex: index,
          machineCode: machineCode(w.code, index),
          setupStart: at(s.setupStart).toISOString(),
          start: at(s.start).toISOString(),
          end: at(s.end).toISOString(),
        };
      };
      return {
        id: op.id,
        jobId: op.jobId,
        jobNumber: jobNumbers.get(op.jobId) ?? op.jobId,
        operationNumber: op.number,
        workCenterId: op.workCenterId,
        workCenterCode: w.code,
        before: side(b),
        after: side(o),
        shiftMinutes: o.end - b.end,
      };
    };
    const moved = changed
      .filter((o) => o.operationId !== target.id)
      .sort((a, b) => a.setupStart - b.setupStart || a.operationId.localeCompare(b.operationId))
      .map(describe);

    const { lines, promises, becameLate } = await this.lineImpacts(db, {
      model,
      timeZone,
      scheduled,
      uncertainty,
      beforePlan: { problem, result: plan.result },
      afterPlan: { problem: pinned, result },
      movedJobs: new Set(changed.map((o) => o.jobId)),
      now,
    });
    const writes = changed.map((o) => ({
      id: o.operationId,
      machineIndex: model.machineOf.get(o.machineId)?.index ?? 0,
      setupStart: at(o.setupStart),
      start: at(o.start),
      end: at(o.end),
    }));
    return {
      preview: {
        operation: describe(placed),
        requestedStart: new Date(request.start).toISOString(),
        placement: placed.setupStart > requested ? 'later' : 'as-requested',
        placementReason: placed.setupStart > requested ? reason : null,
        moved,
        lines,
        planFingerprint: fingerprint(scheduled, progress, request, now, writes),
        previewedAt: now.toISOString(),
        applied: false,
      },
      writes,
      promises,
      becameLate,
    };
  }

  /** Planned completion and P90 of the order lines before and after, where they change. */
  private async lineImpacts(
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
    },
  ) {
    const { model, timeZone, scheduled } = input;
    const lineIds = [...new Set(scheduled.flatMap((o) => (o.salesOrderLineId ? [o.salesOrderLineId] : [])))];
    const orders = this.deps.orders(db);
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
          explanation: `re-promised after a planner moved work on ${local.format(input.now)}: planned ${local.format(new Date(impact.plannedAfter))}, 90 % by ${local.format(new Date(impact.p90After))}${impact.lateAfter ? `, after the promised ${line.promisedDate}` : ''}`,
          computedAt: input.now.toISOString(),
        },
      });
    }
    lines.sort((x, y) => x.orderNumber.localeCompare(y.orderNumber) || x.lineNo - y.lineNo);
    return { lines, promises, becameLate };
  }
}

function floorMinute(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 60_000) * 60_000);
}

function planChanged(field: string, message: string): DomainError {
  return new DomainError(409, 'plan-changed', 'The plan changed', message, [
    { field, rule: 'current-plan', message },
  ]);
}

/**
 * The plan a move starts from (every scheduled operation where and when, the shop floor's
 * progress on it), the move asked for, the moment, and the plan it made: FNV-1a, two halves.
 */
function fingerprint(
  scheduled: ScheduledJobOperation[],
  progress: Map<string, OperationProgress>,
  request: MoveOperationRequest,
  now: Date,
  writes: Computed['writes'],
): string {
  const hash = (parts: Iterable<string>) => {
    let h = 0x811c9dc5;
    for (const text of parts)
      for (let i = 0; i < text.length; i++) {
        h ^= text.charCodeAt(i);
        h = Math.imul(h, 0x01000193) >>> 0;
      }
    return h.toString(16).padStart(8, '0');
  };
  const inputs = function* () {
    yield `${request.operationId}|${request.machineIndex}|${Date.parse(request.start)}|${now.getTime()};`;
    for (const op of scheduled) {
      const p = progress.get(op.id);
      yield `${op.id}|${op.workCenterId}|${op.machineIndex}|${op.plannedSetupStart.getTime()}|${op.plannedStart.getTime()}|${op.plannedEnd.getTime()}|${op.runMinutes}|${op.setupMinutes}|${p?.status}|${p?.doneShare}|${p?.actualSetupMinutes};`;
    }
  };
  const outputs = writes.map(
    (w) => `${w.id}|${w.machineIndex}|${w.setupStart.getTime()}|${w.start.getTime()}|${w.end.getTime()};`,
  );
  return `${scheduled.length}:${hash(inputs())}.${hash(outputs)}`;
}
