/**
 * From an MRP plan to the supply it asks for: planned make orders become jobs with operations
 * copied from the item's routing (durations from quantity, run time, efficiency and the
 * alternative's speed), planned buy orders become requisitions, and the jobs become one
 * capable-to-promise request: operations in routing order, a child job before the parent
 * operation that consumes it (a new child job, or an open one MRP pegged to the demand: its last
 * scheduled operations as well as its due date), bought and stocked material available when its
 * pegged supply is. Pure.
 */
import type {
  Minutes,
  MrpPlan,
  OperationMode,
  PeggingLink,
  PlannedOrder,
  Precedence,
  PromiseRequest,
  ScheduleJob,
  ScheduleOperation,
} from '@takt/engine';
import { addWorkingDays } from '@takt/engine';
import { groupBy } from '../../platform/group-by';
import type { PlanningBomLine, PlanningItem, PlanningOperation } from '../catalog/plant-structure';
import type { ScheduledJobOperation } from '../production/service';
import type { PlantModel } from './plant-model';

export interface NewJobOperation {
  id: string;
  number: string;
  name: string;
  predecessors: string[];
  workCenterId: string;
  setupMinutes: number;
  runMinutes: number;
  queueMinutes: number;
  shiftRule: 'span' | 'fit';
  family: string | null;
  instructions: string;
  drawingUrl: string | null;
}

export interface NewJob {
  /** the planned order's id: the job's id in the engine request */
  key: string;
  itemId: string;
  quantity: number;
  due: Minutes;
  salesOrderLineId: string | null;
  routingId: string | null;
  bomId: string | null;
  operations: NewJobOperation[];
}

export interface NewRequisition {
  key: string;
  itemId: string;
  quantity: number;
  neededAt: Minutes;
  orderBy: Minutes;
  /** when it can be in stock at the earliest: the supplier's lead time from now */
  availableAt: Minutes;
  supplierId: string | null;
  salesOrderLineId: string | null;
}

export interface SupplyRequest {
  jobs: NewJob[];
  requisitions: NewRequisition[];
  request: PromiseRequest;
  /** the jobs that deliver the demand's own item (their completion is the delivery) */
  deliveringJobKeys: string[];
  /** when the demand's item is available without new production (stock, open supply, purchase) */
  availableWithoutJobs: Minutes;
  /** new requisition key → the operations whose material date it sets (through the demands they share) */
  requisitionConsumers: Map<string, string[]>;
}

export interface PlanningCatalog {
  items: Map<string, PlanningItem>;
  bomByParent: Map<string, PlanningBomLine[]>;
  operationsByItem: Map<string, PlanningOperation[]>;
}

/** An operation of the current plan, as far as a new job consuming its job needs it. */
export type PlannedJobOperation = Pick<
  ScheduledJobOperation,
  'id' | 'jobId' | 'number' | 'predecessors' | 'workCenterId'
>;

/**
 * Jobs, requisitions and the promise request for the new planned orders of `plan`, as seen from
 * `demand`; `scheduled` is the current plan (the open jobs' unfinished operations), which an open
 * job pegged to a new job's component is waited for through.
 */
export function buildSupplyRequest(
  model: PlantModel,
  catalog: PlanningCatalog,
  plan: MrpPlan,
  demand: { id: string; itemId: string; due: Minutes; salesOrderLineId: string | null },
  scheduled: PlannedJobOperation[] = [],
): SupplyRequest {
  const dedicated = (order: PlannedOrder) => order.orderLineId ?? null;
  const requisitions: NewRequisition[] = plan.plannedOrders
    .filter((o) => o.kind === 'buy')
    .map((o) => {
      const item = catalog.items.get(o.itemId);
      const lead = item?.supplierLeadTimeDays ?? item?.leadTimeDays ?? 0;
      return {
        key: o.id,
        itemId: o.itemId,
        quantity: o.quantity,
        neededAt: o.due,
        orderBy: o.start,
        // ordered today, it arrives after the supplier's lead time: the earliest the plan may count on
        availableAt: addWorkingDays(model.workingDays, model.now, Math.ceil(lead)),
        supplierId: item?.supplierId ?? null,
        salesOrderLineId: dedicated(o),
      };
    });
  const makeOrders = plan.plannedOrders.filter((o) => o.kind === 'make');
  const jobs: NewJob[] = makeOrders.map((o) => {
    const routing = catalog.operationsByItem.get(o.itemId) ?? [];
    const item = catalog.items.get(o.itemId);
    const bom = catalog.bomByParent.get(o.itemId);
    return {
      key: o.id,
      itemId: o.itemId,
      quantity: o.quantity,
      due: o.itemId === demand.itemId && o.pegging.some((p) => p.demandId === demand.id) ? demand.due : o.due,
      salesOrderLineId: dedicated(o),
      routingId: routing[0]?.routingId ?? null,
      bomId: bom?.[0]?.bomId ?? null,
      operations: routing.map((op) => ({
        id: `${o.id}/${op.number}`,
        number: op.number,
        name: op.name,
        predecessors: op.predecessors,
        workCenterId: op.workCenterId,
        setupMinutes: op.setupMinutes,
        runMinutes: op.runMinutesPerUnit * o.quantity,
        queueMinutes: op.queueMinutes + op.moveMinutes,
        shiftRule: op.shiftRule,
        family: item?.family ?? null,
        instructions: op.instructions,
        drawingUrl: op.drawingUrl,
      })),
    };
  });

  // when each item is available to the demands a job serves: the latest pegged supply's due date
  const availability = new Map<string, Minutes>();
  const requisitionAt = new Map(requisitions.map((r) => [r.key, r.availableAt]));
  // which new requisitions serve a demand's need of an item: their consumers wait for them
  const requisitionsFor = new Map<string, string[]>();
  // which open jobs in the plan serve a demand's need of an item: their consumers wait for their last operations
  const openJobsFor = new Map<string, string[]>();
  // only the open jobs MRP pegs a demand to: the plan's other operations are never looked at
  const peggedJobs = new Set(plan.pegging.filter((l) => l.supplyKind === 'job').map((l) => l.supplyId));
  const lastPlannedOps = lastOperationsInPlan(
    model,
    scheduled.filter((o) => peggedJobs.has(o.jobId)),
  );
  const newScheduled = new Set(jobs.filter((j) => j.operations.length > 0).map((j) => j.key));
  const note = (link: PeggingLink) => {
    const key = `${link.demandId}\u0000${link.itemId}`;
    // a new job that is scheduled counts through its operations, not through MRP's lead-time date
    if (link.supplyKind === 'planned' && newScheduled.has(link.supplyId)) return;
    // an open job the plan still has operations of is waited for through them too: it may end after its due date
    if (link.supplyKind === 'job' && lastPlannedOps.has(link.supplyId))
      openJobsFor.set(key, [...(openJobsFor.get(key) ?? []), link.supplyId]);
    const at =
      link.supplyKind === 'stock'
        ? model.now
        : link.supplyKind === 'planned'
          ? (requisitionAt.get(link.supplyId) ?? link.due)
          : link.due;
    availability.set(key, Math.max(availability.get(key) ?? Number.NEGATIVE_INFINITY, at));
    if (link.supplyKind === 'planned' && requisitionAt.has(link.supplyId))
      requisitionsFor.set(key, [...(requisitionsFor.get(key) ?? []), link.supplyId]);
  };
  const requisitionConsumers = new Map<string, string[]>();
  for (const link of plan.pegging) note(link);
  const availableFor = (demandIds: string[], itemId: string): Minutes => {
    let at = model.now;
    for (const d of demandIds) at = Math.max(at, availability.get(`${d}\u0000${itemId}`) ?? model.now);
    return at;
  };

  const jobsByItem = groupBy(jobs, (j) => j.itemId);
  const operations: ScheduleOperation[] = [];
  const precedences: Precedence[] = [];
  const scheduleJobs: ScheduleJob[] = [];
  const skipped: string[] = [];
  for (const [x, job] of jobs.entries()) {
    const order = makeOrders[x];
    const demandIds = order.pegging.map((p) => p.demandId);
    if (job.operations.length === 0) {
      skipped.push(job.key);
      continue;
    }
    scheduleJobs.push({
      id: job.key,
      orderId: demandIds[0] ?? demand.id,
      dueDate: job.due,
      releaseDate: model.now,
    });
    const byNumber = new Map(job.operations.map((op) => [op.number, op]));
    for (const op of job.operations) {
      const modes = modesOf(model, catalog, job, op);
      operations.push({
        id: op.id,
        jobId: job.key,
        modes,
        ...(op.family ? { family: op.family } : {}),
        shiftRule: op.shiftRule === 'fit' && !fitsAnyShift(model, modes) ? 'span' : op.shiftRule,
      });
      for (const p of op.predecessors) {
        const before = byNumber.get(p);
        if (before) precedences.push({ before: before.id, after: op.id, lag: Math.round(op.queueMinutes) });
      }
    }
    // components: made ones come from their jobs (new and open ones), the rest is material with an arrival date
    for (const line of components(catalog, job.itemId)) {
      const consumer = job.operations.find((op) => op.number === line.operationNumber) ?? undefined;
      const consumers = consumer ? [consumer] : sources(job.operations);
      const openJobs = new Set(
        demandIds.flatMap((d) => openJobsFor.get(`${d}\u0000${line.childItemId}`) ?? []),
      );
      for (const jobId of openJobs)
        for (const last of lastPlannedOps.get(jobId) ?? [])
          for (const c of consumers) precedences.push({ before: last, after: c.id });
      const childJobs = jobsByItem.get(line.childItemId)?.filter((j) => j.operations.length > 0) ?? [];
      if (childJobs.length > 0) {
        for (const child of childJobs)
          for (const last of sinks(child.operations))
            for (const c of consumers) precedences.push({ before: last.id, after: c.id });
        continue;
      }
      const at = availableFor(demandIds, line.childItemId);
      if (at > model.now)
        for (const c of consumers) {
          const target = operations.find((o) => o.id === c.id)!;
          target.materials = [...(target.materials ?? []), { itemId: line.childItemId, availableAt: at }];
        }
      for (const d of demandIds)
        for (const key of requisitionsFor.get(`${d}\u0000${line.childItemId}`) ?? [])
          requisitionConsumers.set(key, [
            ...(requisitionConsumers.get(key) ?? []),
            ...consumers.map((c) => c.id),
          ]);
    }
  }

  const delivering = jobs.filter(
    (j) => j.itemId === demand.itemId && j.operations.length > 0 && !skipped.includes(j.key),
  );
  return {
    jobs,
    requisitions,
    request: {
      orderId: demand.id,
      jobs: scheduleJobs,
      operations,
      precedences,
      requestedDate: demand.due,
    },
    deliveringJobKeys: delivering.map((j) => j.key),
    availableWithoutJobs: availableFor([demand.id], demand.itemId),
    requisitionConsumers,
  };
}

function modesOf(
  model: PlantModel,
  catalog: PlanningCatalog,
  job: NewJob,
  op: NewJobOperation,
): OperationMode[] {
  const routingOp = catalog.operationsByItem.get(job.itemId)?.find((o) => o.number === op.number);
  const options = [{ workCenterId: op.workCenterId, speedFactor: 1 }, ...(routingOp?.alternatives ?? [])];
  const modes: OperationMode[] = [];
  for (const { workCenterId, speedFactor } of options) {
    const wc = model.workCenters.get(workCenterId);
    if (!wc) continue;
    const duration = Math.max(1, Math.ceil(op.runMinutes / (wc.efficiency * speedFactor)));
    for (const machineId of wc.machineIds)
      modes.push({ machineId, duration, setup: Math.round(op.setupMinutes) });
  }
  return modes;
}

/**
 * Whether some mode fits in one working interval of its machine. A 'fit' operation longer than
 * every shift (a big lot) cannot keep the rule; it then spans shifts rather than never running.
 */
function fitsAnyShift(model: PlantModel, modes: OperationMode[]): boolean {
  return modes.some(
    (m) => (m.setup ?? 0) + m.duration <= (model.longestShift.get(m.machineId) ?? Number.POSITIVE_INFINITY),
  );
}

/** BOM lines of an item with phantoms dissolved into their components (quantities not needed here). */
export function components(
  catalog: PlanningCatalog,
  itemId: string,
  seen = new Set<string>(),
): PlanningBomLine[] {
  const out: PlanningBomLine[] = [];
  for (const line of catalog.bomByParent.get(itemId) ?? []) {
    const child = catalog.items.get(line.childItemId);
    if (child?.kind === 'phantom' && !seen.has(child.id)) {
      seen.add(child.id);
      for (const inner of components(catalog, child.id, seen))
        out.push({ ...inner, operationNumber: line.operationNumber });
    } else out.push(line);
  }
  return out;
}

/**
 * The last unfinished operations of each open job in the plan, by job: those no other of its
 * scheduled operations follows (the current plan leaves out a deactivated work center's work).
 */
function lastOperationsInPlan(model: PlantModel, scheduled: PlannedJobOperation[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [jobId, ops] of groupBy(
    scheduled.filter((o) => model.workCenters.has(o.workCenterId)),
    (o) => o.jobId,
  )) {
    const used = new Set(ops.flatMap((o) => o.predecessors));
    out.set(
      jobId,
      ops.filter((o) => !used.has(o.number)).map((o) => o.id),
    );
  }
  return out;
}

function sources(ops: NewJobOperation[]): NewJobOperation[] {
  const numbers = new Set(ops.map((o) => o.number));
  return ops.filter((o) => !o.predecessors.some((p) => numbers.has(p)));
}

function sinks(ops: NewJobOperation[]): NewJobOperation[] {
  const used = new Set(ops.flatMap((o) => o.predecessors));
  return ops.filter((o) => !used.has(o.number));
}

/**
 * When each new requisition is needed by the schedule that was promised: MRP dates a purchase
 * backwards from the parent's lead time, but the scheduler may start a consuming operation
 * earlier (capacity was free, and the supplier's lead time from today allows it). The promise
 * then counts on the material by that start, so the supplier must be asked for it then, not at
 * MRP's later date: a requisition is needed by the earliest planned start of the operations
 * waiting for it (`requisitionConsumers`), never before it can arrive, its order-by date moving
 * as much earlier (never before now); a date never moves later. Pure.
 */
export function requisitionsNeededBySchedule(
  supply: Pick<SupplyRequest, 'requisitions' | 'requisitionConsumers'>,
  placedSetupStart: (operationId: string) => Minutes | undefined,
  now: Minutes,
): Map<string, { neededAt: Minutes; orderBy: Minutes }> {
  const dates = new Map<string, { neededAt: Minutes; orderBy: Minutes }>();
  for (const r of supply.requisitions) {
    const starts = (supply.requisitionConsumers.get(r.key) ?? []).flatMap((id) => {
      const start = placedSetupStart(id);
      return start === undefined ? [] : [start];
    });
    const first = Math.min(...starts);
    const neededAt = first < r.neededAt ? Math.max(r.availableAt, first) : r.neededAt;
    const orderBy = Math.max(Math.min(now, r.orderBy), r.orderBy - (r.neededAt - neededAt));
    dates.set(r.key, { neededAt, orderBy });
  }
  return dates;
}
