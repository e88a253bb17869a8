/**
 * Purchases in the plan: an open purchase order line holds back the operations that consume its
 * material until it is expected, so a line the supplier confirmed for a later date, or one past
 * due and still open, moves them. Which ones is read from the pegging: the line serves the demands it is pegged to (and its own order
 * line); the jobs pegged to those demands (and the lines' own jobs) whose item has the line's
 * item in its BOM consume it, at the BOM line's operation (else the job's first operations). An
 * operation already started has its material. The hold is the line's expected date (the later of
 * due and confirmed; an overdue line one working day from now at the earliest: it has not come,
 * so nothing that needs it can start before it is received).
 *
 * A held job that the current plan starts before its material leaves its place in the machine
 * sequences and goes in again where it fits once the material is there, so the work behind it
 * on its machines does not wait with it (warm-start.ts inserts it into the earliest gap).
 */
import {
  addWorkingDays,
  type Minutes,
  type ScheduleProblem,
  type ScheduleResult,
  toMinutes,
} from '@takt/engine';
import { sql } from 'drizzle-orm';
import { type Db, queryRows, type Tx } from '../../platform/db/database';
import { groupBy } from '../../platform/group-by';
import { effectiveBomLines, type PlanningBomLine } from '../catalog/plant-structure';
import type { OperationProgress, ScheduledJobOperation } from '../production/service';
import type { OpenPurchaseLine } from '../purchasing/late-lines';
import type { PlantModel } from './plant-model';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STARTED = new Set(['setup', 'running', 'paused', 'done']);

/** What a purchase order line's material feeds in the plan. */
export interface PurchaseConsumers {
  /** not-started scheduled operations that consume it */
  operationIds: string[];
  /** the jobs of those operations */
  jobIds: string[];
  /** the order lines it serves: its own, those pegged to it, and those of the jobs consuming it */
  lineIds: string[];
}

export interface PurchaseHold {
  purchaseOrderLineId: string;
  itemId: string;
  /** when the material is expected, in the model's minutes */
  expected: Minutes;
  operationIds: string[];
  jobIds: string[];
}

type PurchaseLineRef = Pick<OpenPurchaseLine, 'id' | 'itemId' | 'salesOrderLineId'>;

/**
 * The consumers of purchase order lines from the pegging (the line's demands, the jobs pegged
 * to them) and the BOM. Pure.
 */
export function consumersOf(
  lines: PurchaseLineRef[],
  pegs: { supplyId: string; demandId: string }[],
  jobPegs: { jobId: string; demandId: string }[],
  scheduled: ScheduledJobOperation[],
  progress: Map<string, Pick<OperationProgress, 'status'>>,
  bom: Pick<PlanningBomLine, 'parentItemId' | 'childItemId' | 'operationNumber'>[],
): Map<string, PurchaseConsumers> {
  const demandsOf = new Map<string, Set<string>>();
  for (const l of lines) demandsOf.set(l.id, new Set(l.salesOrderLineId ? [l.salesOrderLineId] : []));
  for (const p of pegs) demandsOf.get(p.supplyId)?.add(p.demandId);
  const jobsOfDemand = new Map<string, Set<string>>();
  const addJob = (demand: string, job: string) =>
    jobsOfDemand.set(demand, (jobsOfDemand.get(demand) ?? new Set()).add(job));
  for (const op of scheduled) if (op.salesOrderLineId) addJob(op.salesOrderLineId, op.jobId);
  for (const p of jobPegs) addJob(p.demandId, p.jobId);
  const opsOfJob = groupBy(scheduled, (o) => o.jobId);
  const usesOf = groupBy(bom, (l) => `${l.parentItemId}|${l.childItemId}`);
  const out = new Map<string, PurchaseConsumers>();
  for (const line of lines) {
    const demands = demandsOf.get(line.id) ?? new Set<string>();
    const jobs = new Set([...demands].flatMap((d) => [...(jobsOfDemand.get(d) ?? [])]));
    const operationIds = new Set<string>();
    const jobIds = new Set<string>();
    const lineIds = new Set([...demands].filter((d) => UUID.test(d)));
    for (const jobId of jobs) {
      const ops = opsOfJob.get(jobId) ?? [];
      if (ops.length === 0) continue;
      const uses = usesOf.get(`${ops[0].itemId}|${line.itemId}`) ?? [];
      if (uses.length === 0) continue;
      const numbers = new Set(ops.map((o) => o.number));
      const first = ops.filter((o) => !o.predecessors.some((p) => numbers.has(p)));
      for (const use of uses) {
        const named = ops.find((o) => o.number === use.operationNumber);
        for (const op of named ? [named] : first) {
          if (STARTED.has(progress.get(op.id)?.status ?? '')) continue;
          operationIds.add(op.id);
          jobIds.add(jobId);
          if (op.salesOrderLineId) lineIds.add(op.salesOrderLineId);
        }
      }
    }
    out.set(line.id, {
      operationIds: [...operationIds].sort(),
      jobIds: [...jobIds].sort(),
      lineIds: [...lineIds].sort(),
    });
  }
  return out;
}

/** Reads what purchase order lines feed: the pegs both ways (two queries) and the BOM. */
export async function readPurchaseConsumers(
  db: Db | Tx,
  lines: PurchaseLineRef[],
  scheduled: ScheduledJobOperation[],
  progress: Map<string, Pick<OperationProgress, 'status'>>,
): Promise<Map<string, PurchaseConsumers>> {
  if (lines.length === 0) return new Map();
  const ids = JSON.stringify(lines.map((l) => l.id));
  const [pegs, bom] = await Promise.all([
    queryRows<{ supply_id: string; demand_id: string }>(
      db,
      sql`select distinct supply_id::text as supply_id, demand_id from supply_pegs
          where supply_kind = 'purchase-order-line'
            and supply_id in (select jsonb_array_elements_text(${ids}::jsonb)::uuid)`,
    ),
    effectiveBomLines(db, new Date().toISOString().slice(0, 10)),
  ]);
  const demands = [
    ...new Set([...pegs.map((p) => p.demand_id), ...lines.flatMap((l) => l.salesOrderLineId ?? [])]),
  ];
  const jobPegs =
    demands.length === 0
      ? []
      : await queryRows<{ job_id: string; demand_id: string }>(
          db,
          sql`select distinct supply_id::text as job_id, demand_id from supply_pegs
              where supply_kind = 'job' and supply_id is not null
                and demand_id in (select jsonb_array_elements_text(${JSON.stringify(demands)}::jsonb))`,
        );
  return consumersOf(
    lines,
    pegs.map((p) => ({ supplyId: p.supply_id, demandId: p.demand_id })),
    jobPegs.map((p) => ({ jobId: p.job_id, demandId: p.demand_id })),
    scheduled,
    progress,
    bom,
  );
}

/** When a line's material is expected in the model: its date, an overdue one not before tomorrow's work. */
export function expectedMinute(model: PlantModel, line: Pick<OpenPurchaseLine, 'expectedAt'>): Minutes {
  const expected = toMinutes(model.originMs, line.expectedAt);
  return expected > model.now ? expected : addWorkingDays(model.workingDays, model.now, 1);
}

/** The holds of open lines that something in the plan consumes. Pure. */
export function purchaseHolds(
  model: PlantModel,
  lines: OpenPurchaseLine[],
  consumers: Map<string, PurchaseConsumers>,
): PurchaseHold[] {
  return lines.flatMap((line) => {
    const c = consumers.get(line.id);
    if (!c || c.operationIds.length === 0) return [];
    return [
      {
        purchaseOrderLineId: line.id,
        itemId: line.itemId,
        expected: expectedMinute(model, line),
        operationIds: c.operationIds,
        jobIds: c.jobIds,
      },
    ];
  });
}

/** The problem with the held operations waiting for their material. Pure. */
export function withPurchaseHolds(problem: ScheduleProblem, holds: PurchaseHold[]): ScheduleProblem {
  if (holds.length === 0) return problem;
  const materials = new Map<string, { itemId: string; availableAt: Minutes }[]>();
  for (const h of holds)
    for (const id of h.operationIds)
      materials.set(id, [...(materials.get(id) ?? []), { itemId: h.itemId, availableAt: h.expected }]);
  return {
    ...problem,
    operations: problem.operations.map((op) => {
      const add = materials.get(op.id);
      return add ? { ...op, materials: [...(op.materials ?? []), ...add] } : op;
    }),
  };
}

/** The held jobs the plan starts before their material: their place in the sequences no longer holds. */
export function bindingHoldJobs(result: ScheduleResult, holds: PurchaseHold[]): string[] {
  const start = new Map(result.operations.map((o) => [o.operationId, o.setupStart]));
  const jobs = new Set<string>();
  for (const h of holds)
    for (const id of h.operationIds) {
      const s = start.get(id);
      if (s !== undefined && s < h.expected) for (const j of h.jobIds) jobs.add(j);
    }
  return [...jobs].sort();
}

/**
 * The previous plan without the not-started operations of these jobs in its machine sequences:
 * a warm start inserts them again where they fit earliest. Pure.
 */
export function releasedFromSequences(
  result: ScheduleResult,
  jobIds: string[],
  scheduled: ScheduledJobOperation[],
  progress: Map<string, Pick<OperationProgress, 'status'>>,
): ScheduleResult {
  if (jobIds.length === 0) return result;
  const jobs = new Set(jobIds);
  const released = new Set(
    scheduled
      .filter((o) => jobs.has(o.jobId) && !STARTED.has(progress.get(o.id)?.status ?? ''))
      .map((o) => o.id),
  );
  if (released.size === 0) return result;
  return {
    ...result,
    operations: result.operations.filter((o) => !released.has(o.operationId)),
    sequences: Object.fromEntries(
      Object.entries(result.sequences).map(([machine, ids]) => [
        machine,
        ids.filter((id) => !released.has(id)),
      ]),
    ),
  };
}
