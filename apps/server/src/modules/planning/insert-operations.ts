/**
 * Inserting operations into the current plan: an operation added to an open job after the job
 * was planned (the rework a non-conformance disposition adds) gets a machine of its work center
 * and planned times in the caller's transaction, so it is on the board, in the dispatch list's
 * schedule order and in every later re-plan like any other operation.
 *
 * The machinery is a move's (move-operation.ts) without the pin: the plan as stored
 * (`currentPlan`) plus the new operations, re-scheduled by the engine's warm start (`reschedule`:
 * keep the machine sequences, insert the new operations where they finish earliest without
 * delaying planned work, or push later work when that gap would make the job late, re-time) with
 * no search after it. No operation may start earlier than it is planned, work under way is firm
 * where it is planned, and the new operations start no earlier than now; so only what the
 * insertion pushes moves: the job's later operations (they wait for the new one through their
 * predecessors) and work behind it on the chosen machine. Progress is left to the progress
 * re-plan, which then treats the new operations as any others.
 *
 * The order lines it delays are re-promised in the same transaction (`line-impacts.ts`, as a
 * planner's move does), and a line whose P90 passes its promised date raises
 * `order.line.at-risk`.
 *
 * Cost: one reading of the plan, one warm start, O(n + m) plus the insertion's scan of the work
 * center's machines, and a Monte Carlo of the plan before and after (200 samples each).
 */
import {
  type Precedence,
  reschedule,
  type ScheduleJob,
  type ScheduleOperation,
  toInstant,
  toMinutes,
  type Uncertainty,
} from '@takt/engine';
import { sql } from 'drizzle-orm';
import type { Actor } from '../../platform/audit';
import type { Db, Tx } from '../../platform/db/database';
import { RuleViolationError, ruleViolation } from '../../platform/errors';
import { planningResources, plantTimeZone } from '../catalog/plant-structure';
import { recordIntegrationEvents } from '../integration/outbox';
import { operationsToPlace } from '../production/operations-to-place';
import type { ProductionService } from '../production/service';
import type { SalesOrderService } from '../sales/order-service';
import { currentPlan } from './current-plan';
import { lineAtRiskEvents, lineImpacts } from './line-impacts';
import { buildPlantModel } from './plant-model';

const UNDER_WAY = new Set(['setup', 'running', 'paused']);
/** A cap on the warm start's wall-clock time (there is no search after it). */
const TIME_CAP_MS = 2_000;

export interface PlacedOperation {
  id: string;
  machineIndex: number;
  setupStart: Date;
  start: Date;
  end: Date;
}

export interface Insertion {
  /** the inserted operations, where and when */
  placed: PlacedOperation[];
  /** other operations with new planned times (pushed by the insertion) */
  moved: PlacedOperation[];
  /** the order lines whose planned completion or P90 changed, re-promised */
  rePromised: number;
}

export class PlanInsertionService {
  constructor(
    private readonly deps: {
      production: (db: Db | Tx) => ProductionService;
      orders: (db: Db | Tx) => SalesOrderService;
      measuredUncertainty: (db: Db | Tx) => Promise<Uncertainty>;
    },
  ) {}

  /**
   * The planning lock, for a caller that locks rows of the plan (a job) before it inserts: taken
   * first, plans and insertions wait for each other in one order. Re-entrant in a transaction.
   */
  async lock(tx: Tx): Promise<void> {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('takt.planning'))`);
  }

  /** Places these unscheduled operations into the current plan and writes their times. */
  async insert(tx: Tx, actor: Actor, operationIds: string[], now = new Date()): Promise<Insertion> {
    await this.lock(tx);
    const production = this.deps.production(tx);
    const resources = await planningResources(tx);
    const scheduled = await production.scheduledOperations(tx);
    const added = await operationsToPlace(tx, operationIds);
    if (added.length === 0) return { placed: [], moved: [], rePromised: 0 };
    const progress = await production.operationProgress(
      scheduled.map((o) => o.id),
      tx,
    );
    const model = buildPlantModel(resources, Math.floor(now.getTime() / 60_000) * 60_000);
    const plan = currentPlan(model, scheduled);
    const before = new Map(plan.result.operations.map((o) => [o.operationId, o]));

    // planned work stays where it is unless the insertion pushes it; work under way never moves
    const operations: ScheduleOperation[] = plan.problem.operations.map((op) => {
      const planned = before.get(op.id)!;
      return UNDER_WAY.has(progress.get(op.id)?.status ?? '')
        ? { ...op, firm: { machineId: planned.machineId, start: Math.max(0, planned.setupStart) } }
        : { ...op, releaseDate: Math.max(op.releaseDate ?? 0, planned.setupStart) };
    });
    const jobs: ScheduleJob[] = [...plan.problem.jobs];
    const known = new Set(jobs.map((j) => j.id));
    for (const op of added) {
      const wc = model.workCenters.get(op.workCenterId);
      if (!wc)
        throw ruleViolation(
          'workCenterId',
          'active',
          `operation ${op.number} is at a work center that is not active: it cannot be planned`,
        );
      const duration = Math.max(1, Math.round(op.runMinutes));
      // as current-plan.ts: a 'fit' operation longer than every shift spans shifts
      const longest = Math.max(0, ...wc.machineIds.map((id) => model.longestShift.get(id) ?? 0));
      operations.push({
        id: op.id,
        jobId: op.jobId,
        modes: wc.machineIds.map((machineId) => ({ machineId, duration, setup: op.setupMinutes })),
        ...(op.family ? { family: op.family } : {}),
        shiftRule: op.shiftRule === 'fit' && op.setupMinutes + duration > longest ? 'span' : op.shiftRule,
        releaseDate: model.now,
      });
      if (!known.has(op.jobId)) {
        known.add(op.jobId);
        jobs.push({
          id: op.jobId,
          orderId: op.salesOrderLineId ?? op.jobId,
          dueDate: toMinutes(model.originMs, op.jobDue),
        });
      }
    }
    // the new operations' precedences, both ways (the plan's own are in the problem already)
    const placedIds = new Set(operations.map((o) => o.id));
    const newIds = new Set(added.map((o) => o.id));
    const idOf = new Map(
      [...scheduled, ...added]
        .filter((o) => placedIds.has(o.id))
        .map((o) => [`${o.jobId}\u0000${o.number}`, o.id]),
    );
    const precedences: Precedence[] = [...plan.problem.precedences];
    for (const op of [...scheduled, ...added])
      for (const p of op.predecessors) {
        const from = idOf.get(`${op.jobId}\u0000${p}`);
        if (from && placedIds.has(op.id) && (newIds.has(op.id) || newIds.has(from)))
          precedences.push({ before: from, after: op.id, lag: Math.round(op.queueMinutes) });
      }

    const replanned = reschedule({ ...plan.problem, jobs, operations, precedences }, plan.result, {
      maxIterations: 0,
      timeLimitMs: TIME_CAP_MS,
      seed: 1,
    });
    if (!replanned.ok)
      throw new RuleViolationError(`the plan cannot take the operation: ${replanned.error.message}`, [
        { field: 'plan', rule: replanned.error.code, message: replanned.error.message },
      ]);
    const result = replanned.value;
    if (result.rescheduled?.constructedAnew)
      throw ruleViolation(
        'plan',
        'insertion',
        'the current plan cannot take the operation without being planned anew (its sequences no longer fit the calendars or the work under way): re-plan from progress, then try again',
      );
    const at = (t: number) => toInstant(model.originMs, t);
    const toPlaced = (o: (typeof result.operations)[number]): PlacedOperation => ({
      id: o.operationId,
      machineIndex: model.machineOf.get(o.machineId)?.index ?? 0,
      setupStart: at(o.setupStart),
      start: at(o.start),
      end: at(o.end),
    });
    const placed = result.operations.filter((o) => newIds.has(o.operationId)).map(toPlaced);
    const moved = result.operations
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
      .map(toPlaced);
    await production.updatePlannedTimes(tx, actor, [...placed, ...moved]);

    // the lines it delays are re-promised now, not at the next progress re-plan
    const changed = new Set([...placed, ...moved].map((o) => o.id));
    const movedJobs = new Set(
      result.operations.filter((o) => changed.has(o.operationId)).map((o) => o.jobId),
    );
    const [timeZone, uncertainty] = await Promise.all([plantTimeZone(tx), this.deps.measuredUncertainty(tx)]);
    const orders = this.deps.orders(tx);
    const { promises, becameLate } = await lineImpacts(orders, tx, {
      model,
      timeZone,
      scheduled,
      uncertainty,
      beforePlan: { problem: plan.problem, result: plan.result },
      afterPlan: { problem: { ...plan.problem, jobs, operations, precedences }, result },
      movedJobs,
      now,
      because: 'rework was added to the plan',
    });
    await orders.updateLinePromises(tx, actor, promises);
    await recordIntegrationEvents(tx, lineAtRiskEvents(becameLate));
    return { placed, moved, rePromised: promises.length };
  }
}
