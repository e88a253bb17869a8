/**
 * What-if scenarios: the live plan copied in memory, typed changes applied to the engine's
 * input (a work center's calendar gains an extra shift or loses a down window, a hypothetical
 * order line brings its MRP supply and operations, a supplier's open purchase order lines come
 * later and hold back the operations that consume them), re-planned in a worker thread
 * (`runInWorker`: reschedule warm-started from the live plan, a bounded improvement search),
 * then both plans forecast by the same Monte Carlo and compared by the same KPIs
 * (`scenario-kpis.ts`). Computing never writes the live plan: only the scenario's own row.
 *
 * Adopt is one transaction under the planning lock: the live plan's fingerprint (its operations,
 * the shop floor's progress, the work centers and calendars, the open purchase order lines)
 * must still be the one the scenario was computed from, else 409. Then what is real becomes
 * real (calendar exceptions on the work center's calendar, or on its own copy when others share
 * it; purchase order lines' due dates), the scenario's planned times are written and the lines
 * re-promised as a move does, with the same events and audit. A hypothetical order line is
 * never adopted: it is entered as a sales order, whose confirmation plans and promises it.
 */
import { randomUUID } from 'node:crypto';
import type {
  AdoptScenarioResult,
  CreateScenarioRequest,
  PlanningRun,
  Scenario,
  ScenarioChange,
  ScenarioChangeInput,
  ScenarioLine,
  ScenarioPinReleased,
  ScenarioResult,
  ScenarioStatus,
  ScenarioSummary,
} from '@takt/contracts';
import {
  type Calendar,
  expandCalendar,
  localToUtc,
  type Minutes,
  type MonteCarloResult,
  monteCarlo,
  type ScheduleJob,
  type ScheduleOperation,
  type ScheduleProblem,
  type ScheduleResult,
  toInstant,
  toMinutes,
  type Uncertainty,
} from '@takt/engine';
import { runInWorker } from '@takt/engine/worker';
import { and, count, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import { type Actor, recordAudit } from '../../platform/audit';
import { type Db, queryRows, type Tx } from '../../platform/db/database';
import {
  DomainError,
  type FieldIssue,
  NotFoundError,
  RuleViolationError,
  ruleViolation,
  VersionConflictError,
} from '../../platform/errors';
import type { CalendarService } from '../catalog/calendar-service';
import {
  effectiveBomLines,
  type PlanningResources,
  planningItems,
  planningResources,
  plantTimeZone,
} from '../catalog/plant-structure';
import type { WorkCenterService } from '../catalog/work-center-service';
import { recordIntegrationEvents } from '../integration/outbox';
import { machineCode } from '../production/machines';
import type { OperationProgress, ProductionService, ScheduledJobOperation } from '../production/service';
import type { PurchaseOrderService } from '../purchasing/purchase-order-service';
import type { RequisitionService } from '../purchasing/requisition-service';
import type { SupplierService } from '../purchasing/service';
import { dueOf, type SalesOrderService } from '../sales/order-service';
import type { CustomerService } from '../sales/service';
import type { LinePromise } from '../sales/tables';
import { readChildJobPrecedences } from './child-job-precedences';
import { currentPlan } from './current-plan';
import type { PlanningRuns, RunContext } from './planning-runs';
import type { DemandLine, PlanningService } from './planning-service';
import { buildPlantModel, machineId, type PlantModel } from './plant-model';
import type { ProgressReplanService } from './progress-replan';
import { progressedProblem } from './progress-replan';
import { pinsInTheWay, pinsOffShift, withoutPins } from './reschedule-pinned';
import {
  type CalendarDefinition,
  type CalendarException,
  downtimeExceptions,
  extraShiftExceptions,
  withExceptions,
} from './scenario-calendars';
import { type KpiLine, type LineForecast, planKpis } from './scenario-kpis';
import { planningScenarios, type ScenarioPlanDocument } from './tables';

const DAY_MS = 86_400_000;
const SAMPLES = 200;
/** the utilisation window of the KPIs: the next four weeks */
const UTILIZATION_DAYS = 28;
/** a computed scenario may be adopted this long (the plan moves on with the clock) */
const ADOPT_VALID_MS = 12 * 3_600_000;
/** a scenario left `computing` by a process that ended may be computed again after this */
const STALE_COMPUTE_MS = 10 * 60_000;

export interface ScenarioSettings {
  /** wall-clock cap of the improvement search */
  searchMs: number;
  /** iteration cap of the search (the same plan and changes give the same scenario) */
  searchIterations: number;
}

/** per plan searched (a scenario with changes searches two: without and with them) */
export const defaultScenarioSettings: ScenarioSettings = { searchMs: 6_000, searchIterations: 1_000 };

export interface ScenarioDeps {
  production: (db: Db | Tx) => ProductionService;
  orders: (db: Db | Tx) => SalesOrderService;
  requisitions: (db: Db | Tx) => RequisitionService;
  purchaseOrders: (db: Db | Tx) => PurchaseOrderService;
  calendars: (db: Db | Tx) => CalendarService;
  workCenters: (db: Db | Tx) => WorkCenterService;
  suppliers: (db: Db | Tx) => SupplierService;
  customers: (db: Db | Tx) => CustomerService;
  measuredUncertainty: (db: Db | Tx) => Promise<Uncertainty>;
  planning: PlanningService;
  progressReplan: ProgressReplanService;
}

type Row = typeof planningScenarios.$inferSelect;

/** Everything the plan is computed from, read in one place (compute and adopt read the same). */
interface PlanInputs {
  resources: PlanningResources;
  scheduled: ScheduledJobOperation[];
  progress: Map<string, OperationProgress>;
  timeZone: string;
  purchaseSupply: { id: string; due: Date }[];
  fingerprint: string;
}

export class ScenarioService {
  constructor(
    private readonly db: Db,
    private readonly deps: ScenarioDeps,
    readonly runs: PlanningRuns,
    private readonly settings: ScenarioSettings = defaultScenarioSettings,
  ) {}

  async list(query: {
    limit: number;
    offset: number;
    q?: string;
    status?: ScenarioStatus;
  }): Promise<{ items: ScenarioSummary[]; total: number; limit: number; offset: number }> {
    const where = and(
      query.status ? eq(planningScenarios.status, query.status) : undefined,
      query.q ? sql`${planningScenarios.name} ilike ${`%${query.q.replace(/[\\%_]/g, '\\$&')}%`}` : undefined,
    );
    const { plan: _plan, ...columns } = getTableColumns(planningScenarios);
    const [rows, [{ total }]] = await Promise.all([
      this.db
        .select(columns)
        .from(planningScenarios)
        .where(where)
        .orderBy(desc(planningScenarios.createdAt), desc(planningScenarios.id))
        .limit(query.limit)
        .offset(query.offset),
      this.db.select({ total: count() }).from(planningScenarios).where(where),
    ]);
    return {
      items: rows.map((r) => {
        const { result, ...rest } = toScenario(r as Row);
        return {
          ...rest,
          changeCount: r.changes.length,
          onTimePercentLive: result?.live.onTimePercent ?? null,
          onTimePercentScenario: result?.scenario.onTimePercent ?? null,
        };
      }),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  async get(id: string, db: Db | Tx = this.db): Promise<Scenario> {
    return toScenario(await this.row(id, db));
  }

  async create(actor: Actor, input: CreateScenarioRequest): Promise<Scenario> {
    const changes = input.changes.map(withId);
    await this.checkChanges(this.db, changes, 'changes');
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(planningScenarios)
        .values({ name: input.name, changes, createdBy: actor.name })
        .returning();
      await recordAudit(tx, actor, {
        entity: 'planning-scenario',
        entityId: row.id,
        action: 'create',
        after: { name: row.name, changes },
      });
      return toScenario(row);
    });
  }

  /** Adds a change; a computed result no longer holds and is dropped (the scenario is a draft again). */
  async addChange(actor: Actor, id: string, version: number | undefined, input: ScenarioChangeInput) {
    const change = withId(input);
    await this.checkChanges(this.db, [change], 'change');
    return this.editChanges(actor, id, version, 'add-change', (changes) => [...changes, change]);
  }

  async removeChange(actor: Actor, id: string, changeId: string, version: number | undefined) {
    return this.editChanges(actor, id, version, 'remove-change', (changes) => {
      if (!changes.some((c) => c.id === changeId))
        throw ruleViolation('changeId', 'exists', `the scenario has no change ${changeId}`);
      return changes.filter((c) => c.id !== changeId);
    });
  }

  private async editChanges(
    actor: Actor,
    id: string,
    version: number | undefined,
    action: string,
    edit: (changes: ScenarioChange[]) => ScenarioChange[],
  ): Promise<Scenario> {
    return this.db.transaction(async (tx) => {
      const row = await this.lock(tx, id, version);
      this.checkEditable(row);
      const changes = edit(row.changes);
      const [updated] = await tx
        .update(planningScenarios)
        .set({
          changes,
          status: 'draft',
          result: null,
          plan: null,
          baseFingerprint: null,
          error: null,
          computedAt: null,
          version: sql`${planningScenarios.version} + 1`,
        })
        .where(eq(planningScenarios.id, id))
        .returning();
      await recordAudit(tx, actor, {
        entity: 'planning-scenario',
        entityId: id,
        action,
        before: { changes: row.changes },
        after: { changes },
      });
      return toScenario(updated);
    });
  }

  /** Starts computing the scenario as a run (progress by server-sent events); returns at once. */
  async compute(
    actor: Actor,
    id: string,
    version?: number,
  ): Promise<{ run: PlanningRun; scenario: Scenario }> {
    const runId = randomUUID();
    const scenario = await this.db.transaction(async (tx) => {
      const row = await this.lock(tx, id, version);
      this.checkEditable(row);
      const [updated] = await tx
        .update(planningScenarios)
        .set({
          status: 'computing',
          runId,
          computeStartedAt: new Date(),
          result: null,
          plan: null,
          error: null,
          version: sql`${planningScenarios.version} + 1`,
        })
        .where(eq(planningScenarios.id, id))
        .returning();
      await recordAudit(tx, actor, { entity: 'planning-scenario', entityId: id, action: 'compute' });
      return toScenario(updated);
    });
    const run = this.runs.start(
      'scenario',
      id,
      async (context) => {
        try {
          const computed = await this.computeScenario(context, scenario);
          context.phase('writing', 'saving the scenario');
          const stored = await this.db
            .update(planningScenarios)
            .set({
              status: 'computed',
              result: computed.result,
              plan: computed.plan,
              baseFingerprint: computed.fingerprint,
              computedAt: new Date(computed.result.computedAt),
              runId: null,
              error: null,
              version: sql`${planningScenarios.version} + 1`,
            })
            .where(and(eq(planningScenarios.id, id), eq(planningScenarios.runId, runId)))
            .returning({ id: planningScenarios.id });
          if (stored.length === 0) throw new Error('the scenario was changed while it was computed');
          return {
            scenarioId: id,
            onTimePercentLive: computed.result.live.onTimePercent,
            onTimePercentScenario: computed.result.scenario.onTimePercent,
          };
        } catch (error) {
          const cancelled = context.cancelled;
          await this.db
            .update(planningScenarios)
            .set({
              status: cancelled ? 'draft' : 'failed',
              error: cancelled ? null : error instanceof Error ? error.message : String(error),
              runId: null,
              version: sql`${planningScenarios.version} + 1`,
            })
            .where(and(eq(planningScenarios.id, id), eq(planningScenarios.runId, runId)));
          throw error;
        }
      },
      runId,
    );
    return { run, scenario };
  }

  /** Marks a scenario discarded (a computing one is cancelled first). Nothing else changes. */
  async discard(actor: Actor, id: string, version?: number): Promise<Scenario> {
    const current = await this.row(id);
    if (current.status === 'computing' && current.runId) {
      try {
        await this.runs.cancel(current.runId);
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error; // computed by another process: just mark it
      }
    }
    return this.db.transaction(async (tx) => {
      const row = await this.lock(tx, id, version);
      if (row.status === 'adopted')
        throw ruleViolation(
          'status',
          'not-adopted',
          'an adopted scenario is part of the plan: it cannot be discarded',
        );
      if (row.status === 'discarded') return toScenario(row);
      const [updated] = await tx
        .update(planningScenarios)
        .set({
          status: 'discarded',
          discardedAt: new Date(),
          runId: null,
          version: sql`${planningScenarios.version} + 1`,
        })
        .where(eq(planningScenarios.id, id))
        .returning();
      await recordAudit(tx, actor, { entity: 'planning-scenario', entityId: id, action: 'discard' });
      return toScenario(updated);
    });
  }

  /** Starts a full re-plan from the shop floor's progress as a run (the worker thread plans). */
  startReplan(actor: Actor): PlanningRun {
    if (this.runs.running('replan').length > 0)
      throw new DomainError(
        409,
        'run-running',
        'A re-plan is running',
        'a re-plan is already running: follow it or cancel it',
        [{ field: 'kind', rule: 'one-at-a-time', message: 'one re-plan at a time' }],
      );
    return this.runs.start('replan', null, async (context) => {
      const result = await this.deps.progressReplan.replan(actor, new Date(), {
        phase: (phase, message) => context.phase(phase, message),
        reschedule: (problem, previous, options) =>
          this.inWorker(
            context,
            problem,
            previous,
            { ...options, maxIterations: undefined },
            options.timeLimitMs,
          ),
      });
      return { moved: result.moved, rePromised: result.rePromised, atRisk: result.atRisk.length };
    });
  }

  /** Reschedules in a worker thread, with the run's progress and cancel. */
  private async inWorker(
    context: RunContext,
    problem: ScheduleProblem,
    previous: ScheduleResult,
    options: { timeLimitMs: number; seed: number; maxIterations?: number },
    budgetMs: number,
    label = 'scheduling',
    share: [number, number] = [0, 1],
  ) {
    const started = performance.now();
    const message = `${label} ${problem.operations.length} operations, then improving`;
    const at = (x: number) => share[0] + (share[1] - share[0]) * Math.min(1, x);
    context.phase('scheduling', message, at(0));
    const worker = runInWorker(
      {
        kind: 'reschedule',
        problem,
        previous,
        options: {
          timeLimitMs: options.timeLimitMs,
          seed: options.seed,
          ...(options.maxIterations !== undefined ? { maxIterations: options.maxIterations } : {}),
        },
      },
      {
        onImprovement: (e) =>
          context.phase(
            'scheduling',
            `${label}: improving, weighted tardiness ${Math.round(e.value)}`,
            at(e.elapsedMs / budgetMs),
          ),
      },
    );
    context.onCancel(() => worker.cancel());
    const ticker = setInterval(
      () => context.phase('scheduling', message, at((performance.now() - started) / budgetMs)),
      250,
    );
    try {
      return await worker.result;
    } finally {
      clearInterval(ticker);
    }
  }

  /**
   * `inWorker`, letting go of the pins that cannot hold in this problem (`reschedule-pinned.ts`):
   * first those whose machine does not work at their pinned start, then, if the plan is still
   * infeasible with pins in it, those the work ahead of them would push later. Only the problem in
   * memory loses them; the live pins stay. Answers the problem planned and the pins let go.
   */
  private async inWorkerLettingPinsGo(
    context: RunContext,
    problem: ScheduleProblem,
    previous: ScheduleResult,
    options: { timeLimitMs: number; seed: number; maxIterations?: number },
    label: string,
    share: [number, number],
  ) {
    const pinnedStart = new Map(
      problem.operations.flatMap((o) => (o.firm ? [[o.id, o.firm.start] as const] : [])),
    );
    const released: { operationId: string; cause: ScenarioPinReleased['cause']; pinnedStart: Minutes }[] = [];
    const letGo = (from: ScheduleProblem, ids: string[], cause: ScenarioPinReleased['cause']) => {
      for (const id of ids) released.push({ operationId: id, cause, pinnedStart: pinnedStart.get(id)! });
      return withoutPins(from, ids);
    };
    let planned = letGo(problem, pinsOffShift(problem), 'machine-not-working');
    let run = await this.inWorker(context, planned, previous, options, this.settings.searchMs, label, share);
    if (!run.ok) context.checkCancelled();
    const inTheWay = run.ok ? [] : pinsInTheWay(planned, previous, options);
    if (inTheWay.length > 0) {
      planned = letGo(planned, inTheWay, 'work-ahead');
      run = await this.inWorker(context, planned, previous, options, this.settings.searchMs, label, share);
    }
    return { run, problem: planned, released };
  }

  /** Job numbers by id. One query. */
  private async jobNumbers(db: Db | Tx, jobIds: string[]): Promise<Map<string, string>> {
    const ids = [...new Set(jobIds.filter((id) => id !== ''))];
    if (ids.length === 0) return new Map();
    const rows = await queryRows<{ id: string; number: string }>(
      db,
      sql`select id, number from production_jobs
          where id in (select (jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))::uuid)`,
    );
    return new Map(rows.map((r) => [r.id, r.number]));
  }

  /**
   * Adopts a computed scenario into the live plan in one transaction: 409 when the live plan
   * changed since it was computed; then its real changes, its planned times and the lines'
   * promises are written.
   */
  async adopt(actor: Actor, id: string, version?: number, now = new Date()): Promise<AdoptScenarioResult> {
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('takt.planning'))`);
      const row = await this.lock(tx, id, version);
      if (row.status !== 'computed' || !row.result || !row.plan)
        throw ruleViolation(
          'status',
          'computed',
          `the scenario is ${row.status}: compute it before adopting it`,
        );
      if (now.getTime() - (row.computedAt?.getTime() ?? 0) > ADOPT_VALID_MS)
        throw planChanged('computedAt', 'the scenario was computed too long ago: compute it again');
      const inputs = await this.readInputs(tx);
      if (inputs.fingerprint !== row.baseFingerprint)
        throw planChanged(
          'baseFingerprint',
          'the live plan changed since the scenario was computed (a move, a re-plan, an order, shop-floor progress or a calendar): compute it again',
        );
      const applied: string[] = [];
      const notApplied: string[] = [];
      await this.applyCalendarChanges(tx, actor, row.changes, inputs, applied, notApplied);
      await this.applySupplierDelays(tx, actor, row.changes, applied);
      for (const change of row.changes)
        if (change.kind === 'add-order')
          notApplied.push(
            `the hypothetical order line (${change.quantity} × item, due ${change.dueDate}) is not adopted: enter it as a sales order, whose confirmation plans and promises it; the capacity it took in the scenario stays free`,
          );
      const plan: ScenarioPlanDocument = row.plan;
      await this.deps.production(tx).updatePlannedTimes(
        tx,
        actor,
        plan.writes.map((w) => ({
          id: w.id,
          machineIndex: w.machineIndex,
          setupStart: new Date(w.setupStart),
          start: new Date(w.start),
          end: new Date(w.end),
        })),
      );
      await this.deps.orders(tx).updateLinePromises(
        tx,
        actor,
        plan.promises.map((p) => ({ lineId: p.lineId, promise: p.promise })),
      );
      const result: ScenarioResult = row.result;
      // a pin the scenario let go is no pin in the adopted plan, as after a live re-plan
      const unpinned = await this.deps.production(tx).setPinned(
        tx,
        actor,
        (result.pinsReleased ?? []).map((p) => p.operationId),
        null,
      );
      if (unpinned.length > 0)
        applied.push(`${unpinned.length} pinned operation(s) the scenario could not hold are unpinned`);
      const late = plan.promises.filter((p) => p.becameLate);
      const lineById = new Map(result.lines.flatMap((l) => (l.lineId ? [[l.lineId, l] as const] : [])));
      await recordIntegrationEvents(
        tx,
        late.map((p) => {
          const l = lineById.get(p.lineId);
          return {
            type: 'order.line.at-risk',
            entity: 'sales-order-line',
            entityId: p.lineId,
            payload: {
              lineId: p.lineId,
              orderNumber: l?.orderNumber ?? null,
              lineNo: l?.lineNo ?? null,
              promisedDate: l?.promisedDate ?? null,
              p90Before: l?.p90Live ?? null,
              p90After: p.promise.p90At,
              plannedAfter: p.promise.plannedAt,
              scenarioId: id,
            },
          };
        }),
      );
      await recordAudit(tx, actor, {
        entity: 'plan',
        entityId: id,
        action: 'adopt-scenario',
        after: {
          name: row.name,
          moved: plan.writes.length,
          rePromised: plan.promises.length,
          applied,
          notApplied,
        },
      });
      const [updated] = await tx
        .update(planningScenarios)
        .set({
          status: 'adopted',
          adoptedAt: now,
          adoptedBy: actor.name,
          version: sql`${planningScenarios.version} + 1`,
        })
        .where(eq(planningScenarios.id, id))
        .returning();
      return {
        scenario: toScenario(updated),
        operationsMoved: plan.writes.length,
        rePromised: plan.promises.length,
        atRisk: late.length,
        applied,
        notApplied,
      };
    });
  }

  /** Calendar exceptions on the work centers' calendars (their own copy when shared). */
  private async applyCalendarChanges(
    tx: Tx,
    actor: Actor,
    changes: ScenarioChange[],
    inputs: PlanInputs,
    applied: string[],
    notApplied: string[],
  ) {
    const byWorkCenter = new Map<string, CalendarException[]>();
    const calendars = new Map(inputs.resources.calendars.map((c) => [c.id, c]));
    const wcs = new Map(inputs.resources.workCenters.map((w) => [w.id, w]));
    const definitions = new Map<string, CalendarDefinition>();
    for (const change of changes) {
      if (change.kind !== 'add-shift' && change.kind !== 'machine-down') continue;
      const wc = wcs.get(change.workCenterId);
      if (!wc) continue;
      if (change.kind === 'machine-down' && change.machineIndex !== null && wc.machines > 1) {
        notApplied.push(
          `${machineCode(wc.code, change.machineIndex)} down ${new Intl.DateTimeFormat('en-GB', { timeZone: inputs.timeZone, dateStyle: 'medium', timeStyle: 'short' }).formatRange(new Date(change.from), new Date(change.to))}: calendars belong to work centers, so one machine of ${wc.machines} cannot be taken down in the catalog; the adopted plan leaves it free, a later re-plan may use it again`,
        );
        continue;
      }
      const definition = definitions.get(wc.id) ?? toDefinition(calendars.get(wc.calendarId)!);
      const exceptions =
        change.kind === 'add-shift'
          ? extraShiftExceptions(definition, change).exceptions
          : downtimeExceptions(
              definition,
              Date.parse(change.from),
              Date.parse(change.to),
              change.note ?? 'down (scenario)',
            );
      definitions.set(wc.id, withExceptions(definition, exceptions));
      byWorkCenter.set(wc.id, [...(byWorkCenter.get(wc.id) ?? []), ...exceptions]);
    }
    if (byWorkCenter.size === 0) return;
    // who else uses each calendar (inactive work centers too: their calendar is theirs as well)
    const users = await queryRows<{ calendar_id: string; id: string }>(
      tx,
      sql`select calendar_id, id from work_centers where calendar_id in (${sql.join(
        [...byWorkCenter.keys()].map((w) => sql`${wcs.get(w)!.calendarId}::uuid`),
        sql`, `,
      )})`,
    );
    const calendarService = this.deps.calendars(tx);
    const workCenterService = this.deps.workCenters(tx);
    const existingNames = new Set(inputs.resources.calendars.map((c) => c.name));
    for (const [wcId] of byWorkCenter) {
      const wc = wcs.get(wcId)!;
      const calendar = calendars.get(wc.calendarId)!;
      const definition = definitions.get(wcId)!;
      const shared = users.some((u) => u.calendar_id === wc.calendarId && u.id !== wcId);
      if (!shared) {
        await calendarService.update(actor, calendar.id, calendar.version, {
          exceptions: definition.exceptions,
        });
        applied.push(
          `calendar ${calendar.name} of ${wc.code}: ${byWorkCenter.get(wcId)!.length} day(s) changed`,
        );
        continue;
      }
      let name = `${calendar.name} · ${wc.code}`.slice(0, 100);
      for (let n = 2; existingNames.has(name); n++)
        name = `${calendar.name} · ${wc.code} (${n})`.slice(0, 100);
      existingNames.add(name);
      const created = await calendarService.create(actor, {
        name,
        timeZone: definition.timeZone,
        shifts: definition.shifts,
        holidays: definition.holidays,
        exceptions: definition.exceptions,
      });
      await workCenterService.update(actor, wc.id, wc.version, { calendarId: created.id });
      applied.push(
        `${wc.code} has its own calendar now (${name}, a copy of ${calendar.name} shared with other work centers) with ${byWorkCenter.get(wcId)!.length} day(s) changed`,
      );
    }
  }

  private async applySupplierDelays(tx: Tx, actor: Actor, changes: ScenarioChange[], applied: string[]) {
    const purchaseOrders = this.deps.purchaseOrders(tx);
    for (const change of changes) {
      if (change.kind !== 'delay-supplier') continue;
      const lines = await purchaseOrders.openLinesOfSupplier(
        change.supplierId,
        change.purchaseOrderId ?? null,
        tx,
      );
      await purchaseOrders.delayLines(
        tx,
        actor,
        lines.map((l) => l.id),
        change.days,
      );
      applied.push(
        `${lines.length} purchase order line(s) (${[...new Set(lines.map((l) => l.number))].join(', ') || 'none open'}) due ${change.days} day(s) later`,
      );
    }
  }

  // ---- computing ------------------------------------------------------------------------------

  private async readInputs(db: Db | Tx): Promise<PlanInputs> {
    const production = this.deps.production(db);
    const [resources, scheduled, timeZone, supply] = await Promise.all([
      planningResources(db),
      production.scheduledOperations(db),
      plantTimeZone(db),
      this.deps.requisitions(db).openSupply(db),
    ]);
    const progress = await production.operationProgress(
      scheduled.map((o) => o.id),
      db,
    );
    const purchaseSupply = supply
      .filter((s) => s.kind === 'purchase-order-line')
      .map((s) => ({ id: s.id, due: s.due }))
      .sort((a, b) => a.id.localeCompare(b.id));
    return {
      resources,
      scheduled,
      progress,
      timeZone,
      purchaseSupply,
      fingerprint: inputFingerprint(scheduled, progress, resources, purchaseSupply),
    };
  }

  private async computeScenario(
    context: RunContext,
    scenario: Scenario,
  ): Promise<{ result: ScenarioResult; plan: ScenarioPlanDocument; fingerprint: string }> {
    const startedMs = performance.now();
    const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const db = this.db;
    context.phase('reading', 'reading the plant, the plan and the shop floor’s progress');
    const inputs = await this.readInputs(db);
    const uncertainty = await this.deps.measuredUncertainty(db);
    context.checkCancelled();
    const { resources, scheduled, progress, timeZone } = inputs;
    const changes = scenario.changes;
    const notes: string[] = [];

    const liveModel = buildPlantModel(resources, now.getTime());
    const model = scenarioModel(resources, now.getTime(), changes, notes, timeZone);
    const m = (d: Date | number) => toMinutes(model.originMs, d);
    const at = (t: Minutes) => toInstant(model.originMs, t);
    const actualMachine = (plantModel: PlantModel) => {
      const map = new Map<string, string>();
      for (const op of scheduled) {
        const p = progress.get(op.id);
        const wc = plantModel.workCenters.get(op.workCenterId);
        if (p?.actualMachineIndex !== null && p?.actualMachineIndex !== undefined && wc)
          map.set(op.id, machineId(op.workCenterId, p.actualMachineIndex % wc.machineIds.length));
      }
      return map;
    };
    // a child job ahead of the parent operation that consumes it, as in every re-plan
    // the live plan's links, the design gates of open projects included, as every re-plan keeps them
    const links = await readChildJobPrecedences(
      db,
      scheduled,
      (h) => this.deps.orders(h).openDemands(h),
      (h) => this.deps.planning.openDesigns(h),
    );
    const live = currentPlan(liveModel, scheduled, links);
    const liveProblem = progressedProblem(live.problem, progress, actualMachine(liveModel), liveModel.now);
    const base = currentPlan(model, scheduled, links);
    const problem = progressedProblem(base.problem, progress, actualMachine(model), model.now);

    // hypothetical order lines: MRP and their jobs' operations, as a confirmation would plan them
    const hypothetical: {
      change: Extract<ScenarioChange, { kind: 'add-order' }>;
      key: string;
      readyAt: Minutes;
      jobs: string[];
    }[] = [];
    const orderChanges = changes.filter((c) => c.kind === 'add-order');
    if (orderChanges.length > 0) {
      context.phase('mrp', `MRP for ${orderChanges.length} hypothetical order line(s)`);
      const open = await this.deps.orders(db).openDemands(db);
      const added: DemandLine[] = [];
      for (const [k, change] of orderChanges.entries()) {
        const key = `hypothetical:${change.id}`;
        const demand: DemandLine = {
          id: key,
          itemId: change.itemId,
          quantity: change.quantity,
          due: dueOf(change.dueDate, timeZone),
          salesOrderLineId: null,
        };
        const planned = await this.deps.planning.planDemand(demand, [...open, ...added], db);
        added.push(demand);
        const shift = Math.round((planned.model.originMs - model.originMs) / 60_000);
        const id = (s: string) => `h${k}:${s}`;
        const request = planned.supply.request;
        problem.jobs.push(
          ...request.jobs.map(
            (j): ScheduleJob => ({
              ...j,
              id: id(j.id),
              orderId: key,
              ...(j.dueDate !== undefined ? { dueDate: j.dueDate + shift } : {}),
              releaseDate: Math.max(model.now, (j.releaseDate ?? 0) + shift),
            }),
          ),
        );
        problem.operations.push(
          ...request.operations.map(
            (o): ScheduleOperation => ({
              ...o,
              id: id(o.id),
              jobId: id(o.jobId),
              ...(o.materials
                ? { materials: o.materials.map((x) => ({ ...x, availableAt: x.availableAt + shift })) }
                : {}),
            }),
          ),
        );
        // a precedence may come from an operation of the plan (an open job the line consumes): it keeps its id
        const own = new Set(request.operations.map((o) => o.id));
        const inPlan = new Set(problem.operations.map((o) => o.id));
        problem.precedences.push(
          ...request.precedences
            .filter((p) => own.has(p.before) || inPlan.has(p.before))
            .map((p) => ({ ...p, before: own.has(p.before) ? id(p.before) : p.before, after: id(p.after) })),
        );
        hypothetical.push({
          change,
          key,
          readyAt: planned.supply.availableWithoutJobs + shift,
          jobs: planned.supply.deliveringJobKeys.map(id),
        });
        context.phase(
          'mrp',
          `MRP for ${orderChanges.length} hypothetical order line(s)`,
          (k + 1) / orderChanges.length,
        );
        context.checkCancelled();
      }
    }

    // a supplier's delay: the operations that consume its late material wait for it
    await this.holdBackForDelays(db, changes, scheduled, problem, m, notes, timeZone);

    // re-plan in a worker thread: the live plan as it is (what re-planning alone does) and with
    // the changes, the same way, so the changes' own effect shows apart from the re-plan's
    const scheduleStarted = performance.now();
    const options = {
      timeLimitMs: this.settings.searchMs,
      maxIterations: this.settings.searchIterations,
      seed: 1,
    };
    const withBaseline = changes.length > 0;
    const baseline = withBaseline
      ? await this.inWorkerLettingPinsGo(context, liveProblem, live.result, options, 're-planning', [0, 0.5])
      : null;
    const baselineRun = baseline?.run ?? null;
    context.checkCancelled();
    if (baselineRun && !baselineRun.ok)
      throw new RuleViolationError(`the live plan cannot be re-planned: ${baselineRun.error.message}`, [
        { field: 'plan', rule: baselineRun.error.code, message: baselineRun.error.message },
      ]);
    // a pin the scenario's changes make impossible is let go in the scenario alone and reported
    const scenarioPlan = await this.inWorkerLettingPinsGo(
      context,
      problem,
      live.result,
      options,
      'scheduling the scenario:',
      withBaseline ? [0.5, 1] : [0, 1],
    );
    const replanned = scenarioPlan.run;
    context.checkCancelled();
    if (!replanned.ok)
      throw new RuleViolationError(`the scenario cannot be planned: ${replanned.error.message}`, [
        { field: 'changes', rule: replanned.error.code, message: replanned.error.message },
      ]);
    const result = replanned.value;
    const placedInScenario = new Map(result.operations.map((o) => [o.operationId, o]));
    const opOf = new Map(scheduled.map((o) => [o.id, o]));
    const jobNumbers = await this.jobNumbers(
      db,
      scenarioPlan.released.map((r) => opOf.get(r.operationId)?.jobId ?? ''),
    );
    const pinsReleased: ScenarioPinReleased[] = scenarioPlan.released.map(
      ({ operationId, cause, pinnedStart }) => {
        const op = opOf.get(operationId);
        const placed = placedInScenario.get(operationId);
        return {
          operationId,
          jobId: op?.jobId ?? '',
          jobNumber: jobNumbers.get(op?.jobId ?? '') ?? '',
          operationNumber: op?.number ?? '',
          workCenterCode: model.workCenters.get(op?.workCenterId ?? '')?.code ?? '',
          pinnedStart: at(pinnedStart).toISOString(),
          scenarioStart: placed ? at(placed.setupStart).toISOString() : null,
          cause,
          reason:
            cause === 'machine-not-working'
              ? 'cannot start at its pinned time: its machine does not work then in this scenario'
              : 'cannot start at its pinned time: work ahead of it on its machine ends later in this scenario',
        };
      },
    );
    const scheduleMs = performance.now() - scheduleStarted;

    // forecast both plans the same way
    context.phase('monte-carlo', `forecasting both plans (${SAMPLES} Monte Carlo samples each)`);
    const orders = this.deps.orders(db);
    const lineIds = [...new Set(scheduled.flatMap((o) => (o.salesOrderLineId ? [o.salesOrderLineId] : [])))];
    const [openLines, references, customers] = await Promise.all([
      orders.openLinePromises(lineIds, db),
      orders.lineReferences(lineIds, db),
      this.customerNames(db, orderChanges),
    ]);
    const dayEnd = (date: string) => m(localToUtc(timeZone, Date.parse(`${date}T00:00:00Z`) + DAY_MS));
    const orderDueDates: Record<string, Minutes> = Object.fromEntries(
      openLines.flatMap((l) => (l.promisedDate ? [[l.lineId, dayEnd(l.promisedDate)] as const] : [])),
    );
    for (const h of hypothetical) orderDueDates[h.key] = dayEnd(h.change.dueDate);
    const forecast = (p: ScheduleProblem, r: ScheduleResult) => {
      const run = monteCarlo(p, r, { samples: SAMPLES, seed: 1, now: model.now, uncertainty, orderDueDates });
      if (!run.ok)
        throw new RuleViolationError(`the plan cannot be forecast: ${run.error.message}`, [
          { field: 'plan', rule: run.error.code, message: run.error.message },
        ]);
      return run.value;
    };
    const liveRun = forecast(liveProblem, live.result);
    const baselinePlan = baselineRun?.ok ? baselineRun.value : null;
    const baselineForecastRun = baselinePlan ? forecast(liveProblem, baselinePlan) : null;
    context.phase('monte-carlo', 'forecasting the scenario', 0.6);
    const scenarioRun = forecast(scenarioPlan.problem, result);
    context.checkCancelled();
    const byOrder = (run: MonteCarloResult) => new Map(run.orders.map((o) => [o.orderId, o] as const));
    const liveForecast = byOrder(liveRun);
    const scenarioForecast = byOrder(scenarioRun);
    // a hypothetical line delivered from stock or bought material has no job of its own
    for (const h of hypothetical)
      if (!scenarioForecast.has(h.key))
        scenarioForecast.set(h.key, {
          orderId: h.key,
          planned: h.readyAt,
          p10: h.readyAt,
          p50: h.readyAt,
          p80: h.readyAt,
          p90: h.readyAt,
          p95: h.readyAt,
          mean: h.readyAt,
        });

    const localDate = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    const dateOf = (t: Minutes) => localDate.format(at(t));
    const kpiLines: KpiLine[] = openLines.map((l) => ({
      key: l.lineId,
      due: l.promisedDate ? dayEnd(l.promisedDate) : null,
    }));
    const hypotheticalLines: KpiLine[] = hypothetical.map((h) => ({
      key: h.key,
      due: dayEnd(h.change.dueDate),
    }));
    const window = { from: model.now, to: model.now + UTILIZATION_DAYS * 1440 };
    const workCenters = resources.workCenters.map((w) => ({ id: w.id, code: w.code, name: w.name }));
    const asForecast = (f: Map<string, { planned: Minutes; p90: Minutes }>) =>
      new Map<string, LineForecast>([...f].map(([k, v]) => [k, { planned: v.planned, p90: v.p90 }]));
    const liveKpis = planKpis({
      problem: liveProblem,
      result: live.result,
      lines: kpiLines,
      forecast: asForecast(liveForecast),
      workCenters,
      window,
      originMs: model.originMs,
      localDate: dateOf,
    });
    const baselineKpis =
      baselinePlan && baselineForecastRun
        ? planKpis({
            problem: liveProblem,
            result: baselinePlan,
            lines: kpiLines,
            forecast: asForecast(byOrder(baselineForecastRun)),
            workCenters,
            window,
            originMs: model.originMs,
            localDate: dateOf,
            reference: asForecast(liveForecast),
          })
        : null;
    const scenarioKpis = planKpis({
      problem: scenarioPlan.problem,
      result,
      lines: [...kpiLines, ...hypotheticalLines],
      forecast: asForecast(scenarioForecast),
      workCenters,
      window,
      originMs: model.originMs,
      localDate: dateOf,
      reference: asForecast(liveForecast),
    });

    // what changes: lines, planned times, promises
    const iso = (t: Minutes) => at(t).toISOString();
    const lines: ScenarioLine[] = [];
    const promises: ScenarioPlanDocument['promises'] = [];
    const local = new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' });
    for (const line of openLines) {
      const b = liveForecast.get(line.lineId);
      const a = scenarioForecast.get(line.lineId);
      if (!b || !a || (a.planned === b.planned && a.p90 === b.p90)) continue;
      const due = line.promisedDate ? dayEnd(line.promisedDate) : null;
      const item: ScenarioLine = {
        lineId: line.lineId,
        changeId: null,
        orderNumber: line.orderNumber,
        lineNo: line.lineNo,
        customerName: references.get(line.lineId)?.customerName ?? null,
        promisedDate: line.promisedDate,
        dueDate: line.promisedDate,
        plannedLive: iso(b.planned),
        plannedScenario: iso(a.planned),
        p90Live: iso(b.p90),
        p90Scenario: iso(a.p90),
        lateLive: due !== null && b.p90 > due,
        lateScenario: due !== null && a.p90 > due,
        promiseChanged: dateOf(a.p90) !== dateOf(b.p90),
      };
      lines.push(item);
      const old = line.promise;
      promises.push({
        lineId: line.lineId,
        becameLate: item.lateScenario && !item.lateLive,
        promise: {
          plannedAt: item.plannedScenario,
          p50At: iso(a.p50),
          p90At: item.p90Scenario,
          onTimeProbability: a.onTimeProbability ?? old?.onTimeProbability ?? null,
          binding: old?.binding ?? { kind: 'none' },
          explanation: `re-promised when scenario “${scenario.name}” was adopted (computed ${local.format(now)}): planned ${local.format(at(a.planned))}, 90 % by ${local.format(at(a.p90))}${item.lateScenario ? `, after the promised ${line.promisedDate}` : ''}`,
          computedAt: now.toISOString(),
        } satisfies LinePromise,
      });
    }
    for (const h of hypothetical) {
      const a = scenarioForecast.get(h.key)!;
      const due = dayEnd(h.change.dueDate);
      lines.push({
        lineId: null,
        changeId: h.change.id,
        orderNumber: null,
        lineNo: null,
        customerName: h.change.customerId ? (customers.get(h.change.customerId) ?? null) : null,
        promisedDate: null,
        dueDate: h.change.dueDate,
        plannedLive: null,
        plannedScenario: iso(a.planned),
        p90Live: null,
        p90Scenario: iso(a.p90),
        lateLive: false,
        lateScenario: a.p90 > due,
        promiseChanged: false,
      });
    }
    lines.sort(
      (x, y) =>
        Number(x.lineId === null) - Number(y.lineId === null) ||
        (x.orderNumber ?? '').localeCompare(y.orderNumber ?? '') ||
        (x.lineNo ?? 0) - (y.lineNo ?? 0),
    );
    const before = new Map(live.result.operations.map((o) => [o.operationId, o]));
    const writes = result.operations
      .filter((o) => {
        const b = before.get(o.operationId);
        return (
          b &&
          (b.machineId !== o.machineId ||
            b.setupStart !== o.setupStart ||
            b.start !== o.start ||
            b.end !== o.end)
        );
      })
      .map((o) => ({
        id: o.operationId,
        machineIndex: model.machineOf.get(o.machineId)?.index ?? 0,
        setupStart: iso(o.setupStart),
        start: iso(o.start),
        end: iso(o.end),
      }));
    return {
      fingerprint: inputs.fingerprint,
      plan: { writes, promises },
      result: {
        computedAt: now.toISOString(),
        live: liveKpis,
        replanned: baselineKpis,
        scenario: scenarioKpis,
        lines,
        operationsMoved: writes.length,
        hypotheticalOperations: result.operations.filter((o) => !before.has(o.operationId)).length,
        notes,
        pinsReleased,
        stats: {
          operations: result.operations.length,
          searchIterations: result.stats.iterations,
          scheduleMs: Math.round(scheduleMs),
          totalMs: Math.round(performance.now() - startedMs),
        },
      },
    };
  }

  /**
   * Delayed purchase order lines: the jobs pegged to the demand they serve whose item consumes
   * their item wait for the new date at the consuming operation (else the job's first ones).
   */
  private async holdBackForDelays(
    db: Db,
    changes: ScenarioChange[],
    scheduled: ScheduledJobOperation[],
    problem: ScheduleProblem,
    m: (d: Date | number) => Minutes,
    notes: string[],
    timeZone: string,
  ) {
    const delays = changes.filter((c) => c.kind === 'delay-supplier');
    if (delays.length === 0) return;
    const purchaseOrders = this.deps.purchaseOrders(db);
    const delayed: {
      id: string;
      label: string;
      itemId: string;
      newDue: number;
      salesOrderLineId: string | null;
    }[] = [];
    for (const change of delays) {
      const lines = await purchaseOrders.openLinesOfSupplier(
        change.supplierId,
        change.purchaseOrderId ?? null,
        db,
      );
      if (lines.length === 0) notes.push(`the supplier has no open purchase order line to delay`);
      for (const l of lines)
        delayed.push({
          id: l.id,
          label: `${l.number}/${l.lineNo}`,
          itemId: l.itemId,
          newDue: l.dueAt.getTime() + change.days * DAY_MS,
          salesOrderLineId: l.salesOrderLineId,
        });
    }
    if (delayed.length === 0) return;
    const pegs = await queryRows<{ supply_id: string; demand_id: string }>(
      db,
      sql`select supply_id::text as supply_id, demand_id from supply_pegs
          where supply_kind = 'purchase-order-line' and supply_id in (${sql.join(
            delayed.map((d) => sql`${d.id}::uuid`),
            sql`, `,
          )})`,
    );
    const demandsOf = new Map<string, Set<string>>();
    for (const d of delayed) demandsOf.set(d.id, new Set(d.salesOrderLineId ? [d.salesOrderLineId] : []));
    for (const p of pegs) demandsOf.get(p.supply_id)?.add(p.demand_id);
    const demands = [...new Set([...demandsOf.values()].flatMap((s) => [...s]))];
    const jobPegs =
      demands.length === 0
        ? []
        : await queryRows<{ supply_id: string; demand_id: string }>(
            db,
            sql`select supply_id::text as supply_id, demand_id from supply_pegs
                where supply_kind = 'job' and demand_id in (${sql.join(
                  demands.map((d) => sql`${d}`),
                  sql`, `,
                )})`,
          );
    const jobsOfDemand = new Map<string, Set<string>>();
    const addJob = (demand: string, job: string) =>
      jobsOfDemand.set(demand, (jobsOfDemand.get(demand) ?? new Set()).add(job));
    for (const op of scheduled) if (op.salesOrderLineId) addJob(op.salesOrderLineId, op.jobId);
    for (const p of jobPegs) addJob(p.demand_id, p.supply_id);
    const jobIds = [...new Set(scheduled.map((o) => o.jobId))];
    const [summaries, bom] = await Promise.all([
      this.deps.production(db).summaries(jobIds, db),
      effectiveBomLines(db, new Date().toISOString().slice(0, 10)),
    ]);
    const jobItem = new Map(summaries.map((j) => [j.id, j]));
    const opsOfJob = new Map<string, ScheduledJobOperation[]>();
    for (const op of scheduled) opsOfJob.set(op.jobId, [...(opsOfJob.get(op.jobId) ?? []), op]);
    const operations = new Map(problem.operations.map((o) => [o.id, o]));
    const local = new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'medium' });
    for (const d of delayed) {
      const waiting: string[] = [];
      const jobs = new Set([...(demandsOf.get(d.id) ?? [])].flatMap((x) => [...(jobsOfDemand.get(x) ?? [])]));
      for (const jobId of jobs) {
        const job = jobItem.get(jobId);
        const ops = opsOfJob.get(jobId) ?? [];
        if (!job) continue;
        const uses = bom.filter((l) => l.parentItemId === job.itemId && l.childItemId === d.itemId);
        if (uses.length === 0) continue;
        const numbers = new Set(ops.map((o) => o.number));
        const consumers = uses.flatMap((u) => {
          const named = ops.find((o) => o.number === u.operationNumber);
          return named ? [named] : ops.filter((o) => !o.predecessors.some((p) => numbers.has(p)));
        });
        for (const c of consumers) {
          const op = operations.get(c.id);
          if (!op) continue;
          op.materials = [...(op.materials ?? []), { itemId: d.itemId, availableAt: m(d.newDue) }];
          waiting.push(`${job.number} ${c.number}`);
        }
      }
      notes.push(
        `${d.label} due ${local.format(new Date(d.newDue))}${waiting.length ? `: ${[...new Set(waiting)].join(', ')} wait(s) for it` : ': no planned operation waits for it'}`,
      );
    }
  }

  private async customerNames(db: Db, changes: ScenarioChange[]) {
    const ids = [
      ...new Set(changes.flatMap((c) => (c.kind === 'add-order' && c.customerId ? [c.customerId] : []))),
    ];
    const names = new Map<string, string>();
    const customers = this.deps.customers(db);
    for (const id of ids) names.set(id, (await customers.get(id)).name);
    return names;
  }

  // ---- rules ------------------------------------------------------------------------------------

  /** The changes name what exists, in ranges that make sense: 422 with the field otherwise. */
  private async checkChanges(db: Db | Tx, changes: ScenarioChange[], field: string) {
    if (changes.length === 0) return;
    const [resources, items] = await Promise.all([
      planningResources(db),
      changes.some((c) => c.kind === 'add-order') ? planningItems(db) : Promise.resolve([]),
    ]);
    const wcs = new Map(resources.workCenters.map((w) => [w.id, w]));
    const calendars = new Map(resources.calendars.map((c) => [c.id, c]));
    const itemById = new Map(items.map((i) => [i.id, i]));
    const issues: FieldIssue[] = [];
    const at = (x: number, name: string) => (field === 'change' ? `change.${name}` : `${field}.${x}.${name}`);
    for (const [x, c] of changes.entries()) {
      if (c.kind === 'add-shift' || c.kind === 'machine-down') {
        const wc = wcs.get(c.workCenterId);
        if (!wc) {
          issues.push({
            field: at(x, 'workCenterId'),
            rule: 'exists',
            message: 'no active work center with this id',
          });
          continue;
        }
        if (c.kind === 'machine-down') {
          if (Date.parse(c.to) <= Date.parse(c.from))
            issues.push({
              field: at(x, 'to'),
              rule: 'after-from',
              message: 'the machine comes back after it goes down',
            });
          if (Date.parse(c.to) - Date.parse(c.from) > 366 * DAY_MS)
            issues.push({
              field: at(x, 'to'),
              rule: 'max-range',
              message: 'take a machine down for at most a year',
            });
          if (c.machineIndex !== null && c.machineIndex >= wc.machines)
            issues.push({
              field: at(x, 'machineIndex'),
              rule: 'machine-of-work-center',
              message: `${wc.code} has ${wc.machines} machine(s) (0–${wc.machines - 1})`,
            });
        } else {
          if (c.to < c.from)
            issues.push({
              field: at(x, 'to'),
              rule: 'after-from',
              message: 'the last date is on or after the first',
            });
          else if (Date.parse(c.to) - Date.parse(c.from) > 366 * DAY_MS)
            issues.push({
              field: at(x, 'to'),
              rule: 'max-range',
              message: 'add a shift over at most a year',
            });
          else {
            const cal = calendars.get(wc.calendarId);
            if (cal)
              issues.push(
                ...extraShiftExceptions(toDefinition(cal), c, field === 'change' ? 'change' : `${field}.${x}`)
                  .issues,
              );
          }
        }
      } else if (c.kind === 'add-order') {
        const item = itemById.get(c.itemId);
        if (!item || item.kind === 'phantom')
          issues.push({
            field: at(x, 'itemId'),
            rule: 'exists',
            message: 'no active item to make or buy with this id',
          });
        if (c.customerId) {
          try {
            await this.deps.customers(db).get(c.customerId);
          } catch {
            issues.push({ field: at(x, 'customerId'), rule: 'exists', message: 'no customer with this id' });
          }
        }
      } else {
        try {
          await this.deps.suppliers(db).get(c.supplierId);
        } catch {
          issues.push({ field: at(x, 'supplierId'), rule: 'exists', message: 'no supplier with this id' });
          continue;
        }
        if (c.purchaseOrderId) {
          let supplierId: string | null = null;
          try {
            supplierId = (await this.deps.purchaseOrders(db).get(c.purchaseOrderId, db)).supplierId;
          } catch {
            issues.push({
              field: at(x, 'purchaseOrderId'),
              rule: 'exists',
              message: 'no purchase order with this id',
            });
          }
          if (supplierId && supplierId !== c.supplierId)
            issues.push({
              field: at(x, 'purchaseOrderId'),
              rule: 'of-supplier',
              message: 'the purchase order is with another supplier',
            });
        }
      }
    }
    if (issues.length > 0) throw new RuleViolationError(issues.map((i) => i.message).join('; '), issues);
  }

  private checkEditable(row: Row) {
    if (
      row.status === 'computing' &&
      row.computeStartedAt &&
      Date.now() - row.computeStartedAt.getTime() < STALE_COMPUTE_MS
    )
      throw new DomainError(
        409,
        'scenario-computing',
        'The scenario is computing',
        'the scenario is being computed: wait for it or cancel its run',
        [{ field: 'status', rule: 'not-computing', message: 'cancel the run first' }],
      );
    if (row.status === 'adopted' || row.status === 'discarded')
      throw ruleViolation(
        'status',
        'open',
        `the scenario is ${row.status}: copy it into a new scenario to change it`,
      );
  }

  private async row(id: string, db: Db | Tx = this.db): Promise<Row> {
    const [row] = await db.select().from(planningScenarios).where(eq(planningScenarios.id, id));
    if (!row) throw new NotFoundError('planning scenario', id);
    return row;
  }

  private async lock(tx: Tx, id: string, version: number | undefined): Promise<Row> {
    const [row] = await tx.select().from(planningScenarios).where(eq(planningScenarios.id, id)).for('update');
    if (!row) throw new NotFoundError('planning scenario', id);
    if (version !== undefined && row.version !== version)
      throw new VersionConflictError('planning scenario', id, version, row.version);
    return row;
  }
}

/** The plant model with the scenario's calendar changes: a work center's own calendar, a machine's own one. */
function scenarioModel(
  resources: PlanningResources,
  nowMs: number,
  changes: ScenarioChange[],
  notes: string[],
  timeZone: string,
): PlantModel {
  const local = new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' });
  const when = (iso: string) => local.format(new Date(iso));
  const calendars = new Map(resources.calendars.map((c) => [c.id, c]));
  const wcs = new Map(resources.workCenters.map((w) => [w.id, w]));
  const perWorkCenter = new Map<string, CalendarDefinition>();
  const perMachine = new Map<string, CalendarDefinition>();
  for (const change of changes) {
    if (change.kind !== 'add-shift' && change.kind !== 'machine-down') continue;
    const wc = wcs.get(change.workCenterId);
    if (!wc)
      throw ruleViolation('changes', 'exists', 'a change names a work center that is no longer active');
    const wcDefinition = perWorkCenter.get(wc.id) ?? toDefinition(calendars.get(wc.calendarId)!);
    if (change.kind === 'add-shift') {
      const { exceptions, issues } = extraShiftExceptions(wcDefinition, change);
      if (issues.length > 0) throw new RuleViolationError(issues.map((i) => i.message).join('; '), issues);
      perWorkCenter.set(wc.id, withExceptions(wcDefinition, exceptions));
      for (const [key, def] of perMachine)
        if (key.startsWith(`${wc.id}#`)) perMachine.set(key, withExceptions(def, exceptions));
      notes.push(
        `${wc.code}: extra shift ${change.start}–${change.end} on ${exceptions.length} day(s) from ${change.from} to ${change.to}`,
      );
      continue;
    }
    const from = Date.parse(change.from);
    const to = Date.parse(change.to);
    if (change.machineIndex === null || wc.machines === 1) {
      const exceptions = downtimeExceptions(wcDefinition, from, to, change.note ?? 'down (scenario)');
      perWorkCenter.set(wc.id, withExceptions(wcDefinition, exceptions));
      for (const [key, def] of perMachine)
        if (key.startsWith(`${wc.id}#`))
          perMachine.set(key, withExceptions(def, downtimeExceptions(def, from, to, '')));
      notes.push(
        `${wc.code} down ${when(change.from)} – ${when(change.to)}: ${exceptions.length} calendar day(s) changed`,
      );
    } else {
      const key = machineId(wc.id, change.machineIndex);
      const def = perMachine.get(key) ?? wcDefinition;
      perMachine.set(
        key,
        withExceptions(def, downtimeExceptions(def, from, to, change.note ?? 'down (scenario)')),
      );
      notes.push(
        `${machineCode(wc.code, change.machineIndex)} down ${when(change.from)} – ${when(change.to)} (one machine of ${wc.machines})`,
      );
    }
  }
  if (perWorkCenter.size === 0 && perMachine.size === 0) return buildPlantModel(resources, nowMs);
  // each changed work center plans on its own copy of its calendar
  const own = (wcId: string) => `scenario:${wcId}`;
  const scenarioResources: PlanningResources = {
    ...resources,
    calendars: [
      ...resources.calendars,
      ...[...perWorkCenter].map(([wcId, def]) => ({
        ...calendars.get(wcs.get(wcId)!.calendarId)!,
        id: own(wcId),
        name: `scenario ${wcId}`,
        shifts: def.shifts,
        holidays: def.holidays,
        exceptions: def.exceptions,
      })),
    ],
    workCenters: resources.workCenters.map((w) =>
      perWorkCenter.has(w.id) ? { ...w, calendarId: own(w.id) } : w,
    ),
  };
  const model = buildPlantModel(scenarioResources, nowMs);
  if (perMachine.size === 0) return model;
  const extra: Calendar[] = [];
  for (const [key, def] of perMachine) {
    const expanded = expandCalendar(
      {
        timeZone: def.timeZone,
        shifts: def.shifts,
        holidays: def.holidays.map((h) => h.date),
        exceptions: def.exceptions,
      },
      model.originMs,
      model.horizonDays,
    );
    if (!expanded.ok) throw ruleViolation('changes', expanded.error.code, expanded.error.message);
    extra.push({ id: `scenario:${key}`, intervals: expanded.value });
    model.longestShift.set(key, Math.max(0, ...expanded.value.map(([a, b]) => b - a)));
  }
  return {
    ...model,
    calendars: [...model.calendars, ...extra],
    machines: model.machines.map((mc) =>
      perMachine.has(mc.id) ? { ...mc, calendarId: `scenario:${mc.id}` } : mc,
    ),
  };
}

function toDefinition(row: PlanningResources['calendars'][number]): CalendarDefinition {
  return {
    timeZone: row.timeZone,
    shifts: row.shifts.map(({ weekday, start, end }) => ({ weekday, start, end })),
    holidays: row.holidays.map(({ date, name }) => ({ date, name })),
    exceptions: row.exceptions.map((e) => ({
      date: e.date,
      closed: e.closed,
      shifts: e.shifts.map(({ start, end }) => ({ start, end })),
      note: e.note,
    })),
  };
}

const withId = (change: ScenarioChangeInput): ScenarioChange => ({ ...change, id: randomUUID().slice(0, 8) });

function toScenario(row: Row): Scenario {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    changes: row.changes,
    baseFingerprint: row.baseFingerprint,
    result: row.result ?? null,
    error: row.error,
    runId: row.runId,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    computedAt: row.computedAt?.toISOString() ?? null,
    adoptedAt: row.adoptedAt?.toISOString() ?? null,
    adoptedBy: row.adoptedBy,
    discardedAt: row.discardedAt?.toISOString() ?? null,
    version: row.version,
  };
}

function planChanged(field: string, message: string): DomainError {
  return new DomainError(409, 'plan-changed', 'The plan changed', message, [
    { field, rule: 'current-plan', message },
  ]);
}

/**
 * The live plan and what it is computed from: every scheduled operation where and when, the shop
 * floor's progress on it, the work centers, calendars and setup matrices, the open purchase
 * order lines' due dates. FNV-1a.
 */
function inputFingerprint(
  scheduled: ScheduledJobOperation[],
  progress: Map<string, OperationProgress>,
  resources: PlanningResources,
  purchases: { id: string; due: Date }[],
): string {
  let h = 0x811c9dc5;
  const mix = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  };
  for (const op of scheduled) {
    const p = progress.get(op.id);
    mix(
      `${op.id}|${op.workCenterId}|${op.machineIndex}|${op.plannedSetupStart.getTime()}|${op.plannedStart.getTime()}|${op.plannedEnd.getTime()}|${op.runMinutes}|${op.setupMinutes}|${p?.status}|${p?.doneShare}|${p?.actualSetupMinutes};`,
    );
  }
  mix(JSON.stringify(resources));
  for (const p of purchases) mix(`${p.id}|${p.due.getTime()};`);
  return `${scheduled.length}:${h.toString(16).padStart(8, '0')}`;
}
