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
 * changed in between is a 409, never a silent overwrite. The moved operation is then pinned:
 * later re-plans keep its machine and start (`current-plan.ts`) until a planner unpins it.
 *
 * Alternative work centers: the operation may go to a machine of its routing operation's own
 * work center or of an alternative the routing names (`work-center-options.ts`); its duration is
 * recomputed there (efficiency × speed factor), and apply stores the new work center with it, so
 * every later re-plan keeps the choice. Any other work center is refused (422, `workCenterId`).
 *
 * Other jobs: the plan carries the precedences between jobs (a child job before the parent
 * operation that consumes it, `child-job-precedences.ts`), the same arcs the first planning gave
 * the engine: a child operation moved later pushes its parent's consuming operation, and a parent
 * operation moved earlier is placed after its children end (they are not pulled earlier: nothing
 * starts before its planned time). Pinned work never moves: a drop onto it is placed after it,
 * and a move that would push a pinned operation's predecessor past its start is refused.
 */
import type {
  ApplyMoveRequest,
  MovedOperation,
  MoveLineImpact,
  MoveOperationRequest,
  MovePreview,
} from '@takt/contracts';
import {
  type Minutes,
  placeOnCalendar,
  type ScheduledOperation,
  type ScheduleProblem,
  toInstant,
  type Uncertainty,
} from '@takt/engine';
import { sql } from 'drizzle-orm';
import { type Actor, recordAudit } from '../../platform/audit';
import type { Db, Tx } from '../../platform/db/database';
import { DomainError, NotFoundError, RuleViolationError, ruleViolation } from '../../platform/errors';
import { planningResources, plantTimeZone } from '../catalog/plant-structure';
import { routingOperationKey, routingOperationOptions } from '../catalog/routing-operation-options';
import { recordIntegrationEvents } from '../integration/outbox';
import { machineCode } from '../production/machines';
import type { OperationProgress, ProductionService, ScheduledJobOperation } from '../production/service';
import type { SalesOrderService } from '../sales/order-service';
import type { LinePromise } from '../sales/tables';
import { readChildJobPrecedences } from './child-job-precedences';
import { currentPlan } from './current-plan';
import type { OpenDesign } from './engineering-work';
import { lineAtRiskEvents, lineImpacts } from './line-impacts';
import { OperationPinService } from './operation-pins';
import { buildPlantModel, machineId } from './plant-model';
import { progressedProblem } from './progress-replan';
import { reschedulePinned } from './reschedule-pinned';
import { runMinutesOn, workCenterOptionsOf } from './work-center-options';

/**
 * Iterations of the improvement search after the warm start. None: a planner who moves one
 * operation wants to see what that move pushes, not the search re-sequencing unrelated work for
 * a few minutes of setup (it did, on the demo plant); the warm start alone (repair, insert,
 * re-time) is exact and repeatable. Raise it to let a move also re-optimise around itself.
 */
const SEARCH_ITERATIONS = 0;
/** A cap on the search's wall-clock time (a cut search changes the fingerprint: apply then says 409). */
const SEARCH_CAP_MS = 2_000;
/** How long a preview may be applied (the plan is re-computed as of the preview's moment). */
const PREVIEW_VALID_MS = 15 * 60_000;
const UNDER_WAY = new Set(['setup', 'running', 'paused']);

interface Computed {
  preview: MovePreview;
  /** the planned times to write: every operation whose machine or times change */
  writes: {
    id: string;
    machineIndex: number;
    setupStart: Date;
    start: Date;
    end: Date;
    /** the moved operation on another work center: it and its processing minutes there */
    workCenterId?: string;
    runMinutes?: number;
  }[];
  promises: { lineId: string; promise: LinePromise }[];
  becameLate: MoveLineImpact[];
}

export class MoveOperationService {
  /** pinning an operation where it is, and unpinning it (a move pins what it moves) */
  readonly pins: OperationPinService;

  constructor(
    private readonly db: Db,
    private readonly deps: {
      production: (db: Db | Tx) => ProductionService;
      orders: (db: Db | Tx) => SalesOrderService;
      measuredUncertainty: (db: Db | Tx) => Promise<Uncertainty>;
      /** the open projects' designs, whose gate a move keeps (`PlanningService.openDesigns`) */
      openDesigns?: (db: Db | Tx) => Promise<OpenDesign[]>;
    },
  ) {
    this.pins = new OperationPinService(db, { production: deps.production });
  }

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
      const production = this.deps.production(tx);
      await production.updatePlannedTimes(tx, actor, computed.writes);
      // the planner put it there: later re-plans keep it until it is unpinned
      await production.setPinned(tx, actor, [request.operationId], { at: now, by: actor.id });
      const orders = this.deps.orders(tx);
      await orders.updateLinePromises(tx, actor, computed.promises);
      await recordIntegrationEvents(tx, lineAtRiskEvents(computed.becameLate));
      const op = computed.preview.operation;
      await recordAudit(tx, actor, {
        entity: 'plan',
        entityId: op.id,
        action: 'move-operation',
        before: {
          machine: op.before.machineCode,
          setupStart: op.before.setupStart,
          runMinutes: op.before.runMinutes,
        },
        after: {
          machine: op.after.machineCode,
          setupStart: op.after.setupStart,
          runMinutes: op.after.runMinutes,
          pinned: true,
          moved: computed.writes.length,
          rePromised: computed.promises.length,
        },
      });
      return { ...computed.preview, applied: true };
    });
  }

  private async compute(db: Db | Tx, request: MoveOperationRequest, now: Date): Promise<Computed> {
    const production = this.deps.production(db);
    const orders = this.deps.orders(db);
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
    const own = model.workCenters.get(target.workCenterId);
    if (!own)
      throw ruleViolation('operationId', 'active-work-center', 'the operation’s work center is not active');
    const [routingOptions, jobs] = await Promise.all([
      target.routingId
        ? routingOperationOptions(db, [{ routingId: target.routingId, number: target.number }])
        : Promise.resolve(new Map()),
      production.summaries([...new Set(scheduled.map((o) => o.jobId))], db),
    ]);
    const jobOf = new Map(jobs.map((j) => [j.id, j]));
    const jobNumber = (id: string) => jobOf.get(id)?.number ?? id;

    // the work center: its own, or an alternative its routing operation names
    const options = workCenterOptionsOf(target, routingOptions);
    const toId = request.workCenterId ?? target.workCenterId;
    const option = options.find((o) => o.workCenterId === toId);
    const codeOf = (id: string) =>
      model.workCenters.get(id)?.code ?? resources.workCenters.find((w) => w.id === id)?.code ?? null;
    if (!option) {
      const allowed = options.map((o) => codeOf(o.workCenterId) ?? 'an inactive work center');
      throw ruleViolation(
        'workCenterId',
        'alternative-work-center',
        `${codeOf(toId) ?? 'that work center'} is not an alternative for operation ${target.number} of ${jobNumber(target.jobId)}: its routing runs it on ${allowed.join(' or ')} only`,
      );
    }
    const wc = model.workCenters.get(toId);
    if (!wc)
      throw ruleViolation(
        'workCenterId',
        'active-work-center',
        `${codeOf(toId) ?? 'that work center'} is not active`,
      );
    if (request.machineIndex >= wc.machineIds.length)
      throw ruleViolation(
        'machineIndex',
        'machine-of-work-center',
        `${wc.code} has ${wc.machineIds.length} machine(s): move the operation to one of them`,
      );
    const ownSpeed = options.find((o) => o.workCenterId === target.workCenterId)?.speedFactor ?? 1;
    const perUnit = target.routingId
      ? routingOptions.get(routingOperationKey(target.routingId, target.number))?.runMinutesPerUnit
      : undefined;
    const runMinutes =
      toId === target.workCenterId
        ? target.runMinutes
        : runMinutesOn(
            target.runMinutes,
            { efficiency: own.efficiency, speedFactor: ownSpeed },
            { efficiency: wc.efficiency, speedFactor: option.speedFactor },
            perUnit !== undefined ? perUnit * target.jobQuantity : undefined,
          );

    // the plan with the precedences between jobs the first planning gave the engine
    const links = await readChildJobPrecedences(
      db,
      scheduled,
      (h) => orders.openDemands(h),
      this.deps.openDesigns,
    );
    const plan = currentPlan(model, scheduled, links);
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
    const byId = new Map(scheduled.map((o) => [o.id, o]));
    /** "operation 030 of the job", "operation 040 of JOB-000012 (the MP-SHAFT-080 it consumes)" */
    const nameOf = (id: string) => {
      const op = byId.get(id);
      if (!op) return 'an operation';
      if (op.jobId === target.jobId) return `operation ${op.number} of the job`;
      const job = jobOf.get(op.jobId);
      const consumed = links.some((l) => l.before === id && byId.get(l.after)?.jobId === target.jobId);
      return `operation ${op.number} of ${job?.number ?? op.jobId}${consumed && job ? ` (the ${job.itemNumber} it consumes)` : ''}`;
    };
    const predecessors = problem.precedences.filter((p) => p.after === target.id);
    for (const p of predecessors) {
      const ready = (before.get(p.before)?.end ?? 0) + (p.lag ?? 0);
      if (ready > earliest) {
        earliest = ready;
        reason = `${nameOf(p.before)} ends ${local.format(at(ready))}${p.lag ? ' (with its queue time)' : ''}`;
      }
    }
    const machine = wc.machineIds[request.machineIndex];
    const code = machineCode(wc.code, request.machineIndex);
    const targetOp = problem.operations.find((o) => o.id === target.id)!;
    const mode = {
      machineId: machine,
      duration: Math.max(1, Math.round(runMinutes)),
      setup: target.setupMinutes,
    };
    const longest = model.longestShift.get(machine) ?? Number.POSITIVE_INFINITY;
    const shiftRule =
      target.shiftRule === 'fit' && mode.setup + mode.duration > longest
        ? ('span' as const)
        : target.shiftRule;
    // pinned work on the machine stays: a drop onto it goes after it
    const calendarId = model.machines.find((m) => m.id === machine)?.calendarId;
    const intervals = model.calendars.find((c) => c.id === calendarId)?.intervals;
    const pinnedThere = problem.operations
      .filter((o) => o.id !== target.id && o.firm?.machineId === machine)
      .flatMap((o) => {
        const b = before.get(o.id);
        return b ? [{ id: o.id, start: b.setupStart, end: b.end }] : [];
      })
      .sort((a, b) => a.start - b.start);
    for (let guard = 0; guard <= pinnedThere.length; guard++) {
      const span = placeOnCalendar(intervals, earliest, mode.setup + mode.duration, shiftRule);
      const blocking = span && pinnedThere.find((f) => f.start < span.end && f.end > span.start);
      if (!blocking) break;
      earliest = blocking.end;
      reason = `${byId.get(blocking.id)?.number ? `operation ${byId.get(blocking.id)!.number} of ${jobNumber(byId.get(blocking.id)!.jobId)}` : 'pinned work'} is pinned on ${code} until ${local.format(at(blocking.end))}`;
    }
    const pinned: ScheduleProblem = {
      ...problem,
      operations: problem.operations.map((op) =>
        op === targetOp
          ? { ...op, modes: [mode], shiftRule, firm: { machineId: machine, start: earliest } }
          : op,
      ),
    };
    const replanned = reschedulePinned(
      pinned,
      plan.result,
      { maxIterations: SEARCH_ITERATIONS, timeLimitMs: SEARCH_CAP_MS, seed: 1 },
      new Set([target.id]),
    );
    if (!replanned.ok)
      throw new RuleViolationError(`the operation cannot be placed there: ${replanned.error.message}`, [
        { field: 'start', rule: replanned.error.code, message: replanned.error.message },
      ]);
    // pinned work in the way: the planner unpins it or moves less, the move never shifts it
    if (replanned.value.released.length > 0) {
      const named = replanned.value.released.slice(0, 3).map((id) => {
        const op = byId.get(id)!;
        return `operation ${op.number} of ${jobNumber(op.jobId)} (pinned at ${local.format(at(before.get(id)!.setupStart))})`;
      });
      const more = replanned.value.released.length - named.length;
      throw ruleViolation(
        'start',
        'pinned-work',
        `the move would push pinned work: ${named.join(', ')}${more > 0 ? ` and ${more} more` : ''}: unpin it first, or move less`,
      );
    }
    const result = replanned.value.result;
    const after = new Map(result.operations.map((o) => [o.operationId, o]));
    const placed = after.get(target.id)!;
    if (placed.setupStart > earliest && !reason)
      reason = `no working time on ${code} before ${local.format(at(placed.setupStart))}`;
    for (const p of predecessors) {
      const end = (after.get(p.before)?.end ?? 0) + (p.lag ?? 0);
      if (end > placed.setupStart)
        throw ruleViolation(
          'start',
          'precedence',
          `${nameOf(p.before)} would end after ${local.format(at(placed.setupStart))}: move it later`,
        );
    }
    // work under way is never pushed by a move
    const sequence = result.sequences[machine] ?? [];
    const targetAt = sequence.indexOf(target.id);
    const pushed = sequence.slice(targetAt + 1).find((id) => UNDER_WAY.has(progress.get(id)?.status ?? ''));
    if (pushed)
      throw ruleViolation(
        'start',
        'under-way-work',
        `${code} is busy with work under way (operation ${byId.get(pushed)?.number} of ${jobNumber(byId.get(pushed)?.jobId ?? '')}) then: pick a later time`,
      );
    // nor is pinned work: a move that makes a pinned operation's predecessor end after its start
    const firm = new Set(pinned.operations.flatMap((o) => (o.firm && o.id !== target.id ? [o.id] : [])));
    for (const p of pinned.precedences) {
      if (!firm.has(p.after)) continue;
      const late = (plans: Map<string, ScheduledOperation>) =>
        (plans.get(p.before)?.end ?? 0) + (p.lag ?? 0) >
        (plans.get(p.after)?.setupStart ?? Number.POSITIVE_INFINITY);
      if (late(after) && !late(before)) {
        const op = byId.get(p.after)!;
        throw ruleViolation(
          'start',
          'pinned-work',
          `operation ${op.number} of ${jobNumber(op.jobId)} is pinned at ${local.format(at(after.get(p.after)!.setupStart))}, and the move makes operation ${byId.get(p.before)?.number} of ${jobNumber(byId.get(p.before)?.jobId ?? '')} end after that: unpin it first, or move less`,
        );
      }
    }

    // what changes, against the stored plan
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
      const b = before.get(o.operationId)!;
      const side = (s: ScheduledOperation, run: number) => {
        const m = model.machineOf.get(s.machineId);
        const w = model.workCenters.get(m?.workCenterId ?? op.workCenterId)!;
        const index = m?.index ?? 0;
        return {
          workCenterId: w.id,
          workCenterCode: w.code,
          machineIndex: index,
          machineCode: machineCode(w.code, index),
          setupStart: at(s.setupStart).toISOString(),
          start: at(s.start).toISOString(),
          end: at(s.end).toISOString(),
          runMinutes: run,
        };
      };
      const afterSide = side(o, op.id === target.id ? mode.duration : op.runMinutes);
      return {
        id: op.id,
        jobId: op.jobId,
        jobNumber: jobNumber(op.jobId),
        operationNumber: op.number,
        workCenterId: afterSide.workCenterId,
        workCenterCode: afterSide.workCenterCode,
        before: side(b, op.runMinutes),
        after: afterSide,
        shiftMinutes: o.end - b.end,
      };
    };
    const moved = changed
      .filter((o) => o.operationId !== target.id)
      .sort((a, b) => a.setupStart - b.setupStart || a.operationId.localeCompare(b.operationId))
      .map(describe);

    const { lines, promises, becameLate } = await lineImpacts(this.deps.orders(db), db, {
      model,
      timeZone,
      scheduled,
      uncertainty,
      beforePlan: { problem, result: plan.result },
      afterPlan: { problem: pinned, result },
      movedJobs: new Set(changed.map((o) => o.jobId)),
      now,
      because: 'a planner moved work',
    });
    const changesWorkCenter = toId !== target.workCenterId;
    const writes: Computed['writes'] = changed.map((o) => ({
      id: o.operationId,
      machineIndex: model.machineOf.get(o.machineId)?.index ?? 0,
      setupStart: at(o.setupStart),
      start: at(o.start),
      end: at(o.end),
      ...(o.operationId === target.id && changesWorkCenter
        ? { workCenterId: toId, runMinutes: mode.duration }
        : {}),
    }));
    return {
      preview: {
        operation: describe(placed),
        requestedStart: new Date(request.start).toISOString(),
        placement: placed.setupStart > requested ? 'later' : 'as-requested',
        placementReason: placed.setupStart > requested ? reason : null,
        workCenterChange: changesWorkCenter
          ? {
              fromCode: own.code,
              toCode: wc.code,
              speedFactor: option.speedFactor,
              runMinutesBefore: target.runMinutes,
              runMinutesAfter: mode.duration,
            }
          : null,
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
    yield `${request.operationId}|${request.workCenterId ?? ''}|${request.machineIndex}|${Date.parse(request.start)}|${now.getTime()};`;
    for (const op of scheduled) {
      const p = progress.get(op.id);
      yield `${op.id}|${op.workCenterId}|${op.machineIndex}|${op.plannedSetupStart.getTime()}|${op.plannedStart.getTime()}|${op.plannedEnd.getTime()}|${op.runMinutes}|${op.setupMinutes}|${op.pinnedAt?.getTime() ?? ''}|${p?.status}|${p?.doneShare}|${p?.actualSetupMinutes};`;
    }
  };
  const outputs = writes.map(
    (w) =>
      `${w.id}|${w.workCenterId ?? ''}|${w.machineIndex}|${w.setupStart.getTime()}|${w.start.getTime()}|${w.end.getTime()}|${w.runMinutes ?? ''};`,
  );
  return `${scheduled.length}:${hash(inputs())}.${hash(outputs)}`;
}
