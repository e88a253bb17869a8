/**
 * The plan follows the shop floor: from what the operations really did (started, how many good
 * parts, still waiting), the current plan is re-scheduled from now, warm-started from its own
 * sequences; every operation that moves gets its new times, and every confirmed order line it
 * touches is re-promised (plan and P50/P90 from the Monte Carlo over the new plan). A line
 * whose P90 now falls after the date the customer was promised is an alert: it is returned, and
 * an `order.line.at-risk` event goes to the outbox. The promised date itself never changes
 * here: that is the sales department's call with the customer.
 *
 * The plan keeps what planners decided and what the structure demands: pinned operations are
 * firm (they keep machine and start), a child job stays ahead of the parent operation that
 * consumes it and an engineer-to-order line's jobs behind its design (`child-job-precedences.ts`). A pin the shop floor's progress has overtaken (its
 * predecessors now end after its start) still holds; it is returned as a conflict for the
 * planner to resolve, and the promises are forecast with it starting when it really can.
 */
import {
  localToUtc,
  type Minutes,
  monteCarlo,
  type Result,
  type ScheduleProblem,
  type ScheduleResult,
  toInstant,
  toMinutes,
  type Uncertainty,
} from '@takt/engine';
import { sql } from 'drizzle-orm';
import { type Actor, recordAudit, systemActor } from '../../platform/audit';
import { type Db, queryRows, type Tx } from '../../platform/db/database';
import { DomainError, RuleViolationError } from '../../platform/errors';
import { planningResources, plantTimeZone } from '../catalog/plant-structure';
import { recordIntegrationEvents } from '../integration/outbox';
import type { OperationProgress, ProductionService } from '../production/service';
import {
  latePurchaseKey,
  markLatePurchaseLines,
  type OpenPurchaseLine,
  openPurchaseLines,
} from '../purchasing/late-lines';
import type { SalesOrderService } from '../sales/order-service';
import type { LinePromise } from '../sales/tables';
import { readChildJobPrecedences } from './child-job-precedences';
import { currentPlan } from './current-plan';
import type { OpenDesign } from './engineering-work';
import {
  bindingHoldJobs,
  type PurchaseConsumers,
  purchaseHolds,
  readPurchaseConsumers,
  releasedFromSequences,
  withPurchaseHolds,
} from './late-purchase-holds';
import { buildPlantModel, machineId } from './plant-model';
import { type PinnedReschedule, reschedulePinned } from './reschedule-pinned';

/** how long the re-plan may search for a better sequence */
const SEARCH_MS = 1_500;
const SAMPLES = 200;

export interface LineAtRisk {
  lineId: string;
  orderNumber: string;
  lineNo: number;
  promisedDate: string | null;
  p90Before: string | null;
  p90After: string;
  plannedAfter: string;
}

/**
 * A pinned operation the progress overtook: its predecessors now end after its pinned start. It
 * holds (the plan starts it then all the same) unless work ahead of it on its own machine runs
 * into it; then it is let go and unpinned, and `readyAt` is where the plan puts it.
 */
export interface PinConflict {
  operationId: string;
  jobId: string;
  operationNumber: string;
  pinnedStart: string;
  /** when its predecessors end (with their queue time), or, let go, where it now starts */
  readyAt: string;
  held: boolean;
}

export interface ProgressReplan {
  /** operations with new planned times */
  moved: number;
  rePromised: number;
  atRisk: LineAtRisk[];
  pinConflicts: PinConflict[];
  /** purchase order lines that became late (reported once, `purchase-order.late`) */
  latePurchases: { purchaseOrderLineId: string; number: string; lineNo: number }[];
}

/**
 * The current plan as it stands after the shop floor's progress, from `now`: an operation under
 * way stays on its machine with what is left of it (its remaining share of the run, the setup
 * not yet done), nothing starts before now. Pure.
 */
export function progressedProblem(
  problem: ScheduleProblem,
  progress: Map<string, OperationProgress>,
  machineOfOperation: Map<string, string>,
  now: Minutes,
): ScheduleProblem {
  return {
    ...problem,
    jobs: problem.jobs.map((j) => ({ ...j, releaseDate: Math.max(j.releaseDate ?? 0, now) })),
    operations: problem.operations.map((op) => {
      const p = progress.get(op.id);
      if (!p || !['setup', 'running', 'paused'].includes(p.status)) return op;
      const mode = op.modes[0];
      const machine = machineOfOperation.get(op.id) ?? mode.machineId;
      const remainingSetup = p.status === 'setup' ? Math.max(0, (mode.setup ?? 0) - p.actualSetupMinutes) : 0;
      // work under way is where the shop floor runs it: a pin from before it started no longer holds it
      const { firm: _pin, ...unpinned } = op;
      return {
        ...unpinned,
        modes: [
          {
            machineId: machine,
            duration: Math.max(1, Math.round(mode.duration * (1 - p.doneShare))),
            setup: Math.round(remainingSetup),
          },
        ],
        // under way: a started operation is not split again by a shift rule
        shiftRule: 'span' as const,
      };
    }),
  };
}

/** How a caller runs the re-plan's search and follows its phases (a long run with progress). */
export interface ReplanHooks {
  reschedule?: (
    problem: ScheduleProblem,
    previous: ScheduleResult,
    options: { timeLimitMs: number; seed: number },
  ) => Promise<Result<ScheduleResult>>;
  phase?: (phase: 'reading' | 'scheduling' | 'monte-carlo' | 'writing', message: string) => void;
  /** the search's budget (default 1.5 s); 0 keeps the sequences and only re-times and re-inserts */
  searchMs?: number;
  /** jobs whose not-started operations leave their places and go in again where they fit earliest */
  releaseJobs?: string[];
  /** why the lines are re-promised, the start of their explanation */
  reason?: string;
}

export class ProgressReplanService {
  constructor(
    private readonly db: Db,
    private readonly deps: {
      production: (db: Db | Tx) => ProductionService;
      orders: (db: Db | Tx) => SalesOrderService;
      measuredUncertainty: (db: Db | Tx) => Promise<Uncertainty>;
      /** the open projects' designs, whose gate the re-plan keeps (`PlanningService.openDesigns`) */
      openDesigns?: (db: Db | Tx) => Promise<OpenDesign[]>;
    },
  ) {}

  /**
   * `hooks` let a long run (planning-runs.ts) schedule in a worker thread and follow the phases.
   * Its search then runs outside the transaction (PGlite is one connection: the server keeps
   * answering meanwhile), and the transaction writes it only if the plan it started from is
   * still the plan (else a 409: run it again). Without hooks the search runs in this thread
   * inside the transaction, as the timer's re-plan does.
   */
  async replan(actor: Actor, now = new Date(), hooks: ReplanHooks = {}): Promise<ProgressReplan> {
    hooks.phase?.('reading', 'reading the plan and the shop floor’s progress');
    let prepared: { key: string; result: Result<ScheduleResult> } | null = null;
    if (hooks.reschedule) {
      const outside = await this.problemOf(this.db, now, hooks.releaseJobs);
      if (outside) {
        hooks.phase?.(
          'scheduling',
          `re-scheduling ${outside.problem.operations.length} operations from progress`,
        );
        prepared = {
          key: outside.key,
          result: await hooks.reschedule(outside.problem, outside.previous, {
            timeLimitMs: SEARCH_MS,
            seed: 1,
          }),
        };
        const failed = prepared.result;
        // pinned work that cannot hold leaves the worker no plan: the transaction plans around it
        if (!failed.ok && outside.problem.operations.some((o) => o.firm)) prepared = null;
        else if (!failed.ok)
          throw new RuleViolationError(`re-planning from progress failed: ${failed.error.message}`, [
            { field: 'plan', rule: failed.error.code, message: failed.error.message },
          ]);
      }
    }
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('takt.planning'))`);
      const inputs = await this.problemOf(tx, now, hooks.releaseJobs);
      const latePurchases = await reportLatePurchases(tx, now, inputs?.consumers);
      if (!inputs) return { moved: 0, rePromised: 0, atRisk: [], pinConflicts: [], latePurchases };
      const { production, timeZone, uncertainty, model, plan, problem, previous, scheduled } = inputs;
      if (prepared && prepared.key !== inputs.key)
        throw new DomainError(
          409,
          'plan-changed',
          'The plan changed',
          'the plan changed while it was re-planned (a move, an order, shop-floor progress): run the re-plan again',
          [{ field: 'plan', rule: 'current-plan', message: 'the plan changed during the run' }],
        );
      const replanned: Result<PinnedReschedule> = prepared
        ? prepared.result.ok
          ? { ok: true, value: { result: prepared.result.value, released: [] } }
          : prepared.result
        : reschedulePinned(problem, previous, { timeLimitMs: hooks.searchMs ?? SEARCH_MS, seed: 1 });
      if (!replanned.ok)
        throw new RuleViolationError(`re-planning from progress failed: ${replanned.error.message}`, [
          { field: 'plan', rule: replanned.error.code, message: replanned.error.message },
        ]);
      const { result, released } = replanned.value;
      const at = (t: Minutes) => toInstant(model.originMs, t);
      const before = new Map(plan.result.operations.map((o) => [o.operationId, o]));
      const placed = new Map(result.operations.map((o) => [o.operationId, o]));
      const opOf = new Map(scheduled.map((o) => [o.id, o]));
      // pins that hold though their predecessors end later, and pins the plan had to let go
      const pinConflicts: PinConflict[] = [
        ...conflictsOfPins(problem, result).map((c) => ({ ...c, held: true })),
        ...released.map((id) => ({
          operationId: id,
          start: before.get(id)?.setupStart ?? 0,
          readyAt: placed.get(id)?.setupStart ?? 0,
          held: false,
        })),
      ].map((c) => ({
        operationId: c.operationId,
        jobId: opOf.get(c.operationId)?.jobId ?? '',
        operationNumber: opOf.get(c.operationId)?.number ?? '',
        pinnedStart: at(c.start).toISOString(),
        readyAt: at(c.readyAt).toISOString(),
        held: c.held,
      }));
      // a pin let go is no pin any more: the planner pins it again where it now goes, if at all
      await production.setPinned(tx, actor, released, null);
      const moves = result.operations
        .filter((o) => {
          const b = before.get(o.operationId);
          return !b || b.machineId !== o.machineId || b.setupStart !== o.setupStart || b.end !== o.end;
        })
        .map((o) => ({
          id: o.operationId,
          machineIndex: model.machineOf.get(o.machineId)?.index ?? 0,
          setupStart: at(o.setupStart),
          start: at(o.start),
          end: at(o.end),
        }));
      await production.updatePlannedTimes(tx, actor, moves);

      // re-promise the confirmed lines whose work is in the plan
      const lineIds = [
        ...new Set(scheduled.flatMap((o) => (o.salesOrderLineId ? [o.salesOrderLineId] : []))),
      ];
      const orders = this.deps.orders(tx);
      const lines = await orders.openLinePromises(lineIds, tx);
      // the promised date's end (plant time) is each line's due date in the simulation
      const dayEnd = (date: string) =>
        toMinutes(model.originMs, localToUtc(timeZone, Date.parse(`${date}T00:00:00Z`) + 86_400_000));
      const orderDueDates = Object.fromEntries(
        lines.flatMap((l) => (l.promisedDate ? [[l.lineId, dayEnd(l.promisedDate)] as const] : [])),
      );
      hooks.phase?.('monte-carlo', `re-promising ${lines.length} order lines (Monte Carlo)`);
      const forecast = monteCarlo(problem, result, {
        samples: SAMPLES,
        seed: 1,
        now: model.now,
        uncertainty,
        orderDueDates,
      });
      if (!forecast.ok)
        throw new RuleViolationError(`re-promising failed: ${forecast.error.message}`, [
          { field: 'plan', rule: forecast.error.code, message: forecast.error.message },
        ]);
      const byOrder = new Map(forecast.value.orders.map((o) => [o.orderId, o]));
      const atRisk: LineAtRisk[] = [];
      const promises: { lineId: string; promise: LinePromise }[] = [];
      const computedAt = now.toISOString();
      const local = new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' });
      for (const line of lines) {
        const f = byOrder.get(line.lineId);
        if (!f) continue;
        const old = line.promise;
        const promised = line.promisedDate ? dayEnd(line.promisedDate) : null;
        const late = promised !== null && f.p90 > promised;
        const promise: LinePromise = {
          plannedAt: at(f.planned).toISOString(),
          p50At: at(f.p50).toISOString(),
          p90At: at(f.p90).toISOString(),
          onTimeProbability: f.onTimeProbability ?? old?.onTimeProbability ?? null,
          binding: old?.binding ?? { kind: 'none' },
          explanation: `${hooks.reason ?? 're-promised from shop-floor progress'} on ${local.format(now)}: planned ${local.format(at(f.planned))}, 90 % by ${local.format(at(f.p90))}${late ? `, after the promised ${line.promisedDate}` : ''}`,
          computedAt,
        };
        promises.push({ lineId: line.lineId, promise });
        const wasLate =
          old && promised !== null ? toMinutes(model.originMs, new Date(old.p90At)) > promised : false;
        if (late && !wasLate)
          atRisk.push({
            lineId: line.lineId,
            orderNumber: line.orderNumber,
            lineNo: line.lineNo,
            promisedDate: line.promisedDate,
            p90Before: old?.p90At ?? null,
            p90After: promise.p90At,
            plannedAfter: promise.plannedAt,
          });
      }
      hooks.phase?.('writing', 'writing the new planned times and promises');
      await orders.updateLinePromises(tx, actor, promises);
      await recordIntegrationEvents(
        tx,
        atRisk.map((r) => ({
          type: 'order.line.at-risk',
          entity: 'sales-order-line',
          entityId: r.lineId,
          payload: { ...r },
        })),
      );
      await recordAudit(tx, actor, {
        entity: 'plan',
        entityId: 'progress',
        action: 're-plan',
        after: {
          moved: moves.length,
          rePromised: promises.length,
          atRisk: atRisk.map((r) => r.orderNumber),
          pinConflicts: pinConflicts.map((c) => c.operationId),
        },
      });
      return { moved: moves.length, rePromised: promises.length, atRisk, pinConflicts, latePurchases };
    });
  }

  /** The current plan as a problem progressed to now, and what it was read from; none when empty. */
  private async problemOf(db: Db | Tx, now: Date, releaseJobs: string[] = []) {
    const production = this.deps.production(db);
    const [resources, scheduled, timeZone, uncertainty] = await Promise.all([
      planningResources(db),
      production.scheduledOperations(db),
      plantTimeZone(db),
      this.deps.measuredUncertainty(db),
    ]);
    if (scheduled.length === 0) return null;
    const model = buildPlantModel(resources, now.getTime());
    const [links, progress] = await Promise.all([
      readChildJobPrecedences(
        db,
        scheduled,
        (h) => this.deps.orders(h).openDemands(h),
        this.deps.openDesigns,
      ),
      production.operationProgress(
        scheduled.map((o) => o.id),
        db,
      ),
    ]);
    const plan = currentPlan(model, scheduled, links);
    const actualMachine = new Map<string, string>();
    for (const op of scheduled) {
      const p = progress.get(op.id);
      const wc = model.workCenters.get(op.workCenterId);
      if (p?.actualMachineIndex !== null && p?.actualMachineIndex !== undefined && wc)
        actualMachine.set(op.id, machineId(op.workCenterId, p.actualMachineIndex % wc.machineIds.length));
    }
    // what consumes purchased material waits for it, a late line's too (late-purchase-holds.ts)
    const purchases = await openPurchaseLines(db, now);
    const consumers = await readPurchaseConsumers(db, purchases, scheduled, progress);
    const holds = purchaseHolds(model, purchases, consumers);
    const problem = withPurchaseHolds(
      progressedProblem(plan.problem, progress, actualMachine, model.now),
      holds,
    );
    const previous = releasedFromSequences(
      plan.result,
      [...new Set([...bindingHoldJobs(plan.result, holds), ...releaseJobs])],
      scheduled,
      progress,
    );
    // what the search started from: the problem, the plan and the calendars behind them
    const key = fnv([
      JSON.stringify(problem.operations),
      JSON.stringify(problem.precedences),
      JSON.stringify(plan.result.operations),
      JSON.stringify(resources),
    ]);
    return {
      production,
      resources,
      scheduled,
      timeZone,
      uncertainty,
      model,
      plan,
      problem,
      previous,
      consumers,
      key,
    };
  }
}

/** Firm operations that start before their predecessors end (plus lag) in `result`. Pure. */
export function conflictsOfPins(
  problem: ScheduleProblem,
  result: ScheduleResult,
): { operationId: string; start: Minutes; readyAt: Minutes }[] {
  const firm = new Set(problem.operations.flatMap((o) => (o.firm ? [o.id] : [])));
  if (firm.size === 0) return [];
  const placed = new Map(result.operations.map((o) => [o.operationId, o]));
  const ready = new Map<string, Minutes>();
  for (const p of problem.precedences) {
    if (!firm.has(p.after)) continue;
    const end = (placed.get(p.before)?.end ?? Number.NEGATIVE_INFINITY) + (p.lag ?? 0);
    ready.set(p.after, Math.max(ready.get(p.after) ?? Number.NEGATIVE_INFINITY, end));
  }
  return [...ready]
    .flatMap(([id, readyAt]) => {
      const start = placed.get(id)?.setupStart;
      return start !== undefined && readyAt > start ? [{ operationId: id, start, readyAt }] : [];
    })
    .sort((a, b) => a.start - b.start || a.operationId.localeCompare(b.operationId));
}

/**
 * Marks the purchase order lines that became late and reports each once (`purchase-order.late`,
 * with the order lines it hits), in the caller's transaction.
 */
async function reportLatePurchases(
  tx: Tx,
  now: Date,
  consumers: Map<string, PurchaseConsumers> | undefined,
): Promise<ProgressReplan['latePurchases']> {
  const newly = await markLatePurchaseLines(tx, now);
  await recordIntegrationEvents(
    tx,
    newly.map((l) => latePurchaseEvent(l, consumers?.get(l.id)?.lineIds ?? [])),
  );
  return newly.map((l) => ({ purchaseOrderLineId: l.id, number: l.number, lineNo: l.lineNo }));
}

/** The outbox event of a late purchase order line. */
export function latePurchaseEvent(line: OpenPurchaseLine, salesOrderLineIds: string[]) {
  return {
    type: 'purchase-order.late',
    entity: 'purchase-order-line',
    entityId: line.id,
    payload: {
      purchaseOrderId: line.purchaseOrderId,
      purchaseOrderNumber: line.number,
      lineNo: line.lineNo,
      itemNumber: line.itemNumber,
      supplierName: line.supplierName,
      openQuantity: line.openQuantity,
      dueAt: line.dueAt.toISOString(),
      confirmedAt: line.confirmedAt?.toISOString() ?? null,
      expectedAt: line.expectedAt.toISOString(),
      overdue: line.overdue,
      confirmedLater: line.confirmedLater,
      salesOrderLineIds,
    },
  };
}

function fnv(parts: string[]): string {
  let h = 0x811c9dc5;
  for (const text of parts)
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  return h.toString(16);
}

/**
 * Re-plans from progress every `minutes`, when the shop floor booked something since the last
 * run or a purchase order line became late (or its date moved) since then (an idle plant is not
 * re-planned). Returns a stop function.
 */
export function scheduleProgressReplan(
  db: Db,
  service: ProgressReplanService,
  minutes: number,
  log: { info(o: object, m: string): void; error(o: object, m: string): void },
): () => Promise<void> {
  if (minutes <= 0) return async () => {};
  let lastBooking = 0;
  let lastLate = '';
  let running: Promise<void> | null = null;
  const tick = async () => {
    const [row] = await queryRows<{ at: string | null }>(
      db,
      sql`select max(at) as at from operation_bookings`,
    );
    const latest = row?.at ? new Date(row.at).getTime() : 0;
    const late = await latePurchaseKey(db, new Date());
    if (latest <= lastBooking && late === lastLate) return;
    const result = await service.replan(systemActor);
    lastBooking = latest;
    // what the re-plan marked counts as seen
    lastLate = await latePurchaseKey(db, new Date());
    log.info({ ...result, atRisk: result.atRisk.length }, 'plan re-scheduled from shop-floor progress');
  };
  const timer = setInterval(() => {
    if (running) return;
    running = tick()
      .catch((error) => log.error({ err: error }, 're-planning from progress failed'))
      .finally(() => {
        running = null;
      });
  }, minutes * 60_000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
