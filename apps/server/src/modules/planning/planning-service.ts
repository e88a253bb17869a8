/**
 * Planning: reads the plant, the open demand and supply and the current schedule, and asks the
 * engine what a new order line needs (MRP with pegging) and when it can be delivered
 * (capable-to-promise against the current plan, with a Monte Carlo P50/P90). `planDemand` only
 * computes (a quote's promise); `commit` writes the jobs, requisitions, pegs and reservations
 * in the caller's transaction (an order's confirmation).
 */
import {
  createConfidenceContext,
  createPromiseContext,
  type DeliveryPromise,
  type Minutes,
  type MrpDemand,
  type MrpInput,
  type MrpPlan,
  planMrp,
  promiseWithConfidence,
  toInstant,
  toMinutes,
} from '@takt/engine';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/audit';
import type { Db, Tx } from '../../platform/db/database';
import { RuleViolationError } from '../../platform/errors';
import {
  effectiveBomLines,
  effectiveRoutingOperations,
  type PlanningBomLine,
  type PlanningItem,
  type PlanningOperation,
  planningItems,
  planningResources,
} from '../catalog/plant-structure';
import type { ProductionService } from '../production/service';
import type { RequisitionService } from '../purchasing/requisition-service';
import type { LinePromise, PromiseBinding } from '../sales/tables';
import { currentPlan } from './current-plan';
import { buildPlantModel, type PlantModel } from './plant-model';
import { buildSupplyRequest, type PlanningCatalog, type SupplyRequest } from './supply-request';
import { supplyPegs } from './tables';

/** Stock as planning needs it (the inventory module provides it). */
export interface StockView {
  onHandByItem(itemIds?: string[]): Promise<Map<string, number>>;
  reservations(): Promise<{ itemId: string; salesOrderLineId: string; quantity: number }[]>;
  reserveForLine(
    actor: Actor,
    input: { salesOrderLineId: string; itemId: string; quantity: number },
  ): Promise<number>;
}

/** An open order line (or a quote line being promised) as demand. */
export interface DemandLine {
  id: string;
  itemId: string;
  quantity: number;
  due: Date;
  /** the sales order line it is, when it is one (quotes have none) */
  salesOrderLineId: string | null;
}

export interface DemandPlan {
  demand: DemandLine;
  model: PlantModel;
  mrp: MrpPlan;
  supply: SupplyRequest;
  promise: DeliveryPromise | null;
  linePromise: LinePromise;
  /** local date (plant time zone) of the P90 completion */
  p90Date: string;
  purchaseKinds: Map<string, 'purchase-requisition' | 'purchase-order-line'>;
}

/** Samples of the Monte Carlo behind a promise's P50/P90. */
export const PROMISE_SAMPLES = 200;

export class PlanningService {
  constructor(
    private readonly db: Db,
    private readonly deps: {
      production: (db: Db | Tx) => ProductionService;
      requisitions: (db: Db | Tx) => RequisitionService;
      stock: (db: Db | Tx) => StockView;
    },
  ) {}

  /** What `demand` needs and when it can be delivered, against everything already planned. */
  async planDemand(
    demand: DemandLine,
    openDemands: DemandLine[],
    db: Db | Tx = this.db,
  ): Promise<DemandPlan> {
    const nowMs = Date.now();
    const today = new Date(nowMs).toISOString().slice(0, 10);
    const production = this.deps.production(db);
    const stock = this.deps.stock(db);
    const [items, bom, routingOps, resources, jobs, purchases, onHand, reservations, scheduled] =
      await Promise.all([
        planningItems(db),
        effectiveBomLines(db, today),
        effectiveRoutingOperations(db, today),
        planningResources(db),
        production.openJobSupply(db),
        this.deps.requisitions(db).openSupply(db),
        stock.onHandByItem(),
        stock.reservations(),
        production.scheduledOperations(db),
      ]);
    const model = buildPlantModel(resources, nowMs);
    const catalog = planningCatalog(items, bom, routingOps);
    const item = catalog.items.get(demand.itemId);
    if (!item)
      throw new RuleViolationError('unknown item', [
        { field: 'itemId', rule: 'exists', message: 'no active item with this id' },
      ]);
    const m = (d: Date) => toMinutes(model.originMs, d);
    const toDemand = (d: DemandLine): MrpDemand => ({
      id: d.id,
      kind: 'order',
      itemId: d.itemId,
      quantity: d.quantity,
      due: m(d.due),
    });
    const input: MrpInput = {
      now: model.now,
      workingDays: model.workingDays,
      items: items.map((i) => ({
        id: i.id,
        kind: i.kind,
        strategy: i.strategy,
        leadTimeDays:
          i.kind === 'buy' ? (i.supplierLeadTimeDays ?? i.leadTimeDays ?? 0) : (i.leadTimeDays ?? 1),
        lotSizing: { rule: i.lotSizingRule, ...(i.lotQuantity !== null ? { quantity: i.lotQuantity } : {}) },
        safetyStock: i.safetyStock,
        ...(i.reorderPoint !== null ? { reorderPoint: i.reorderPoint } : {}),
        scrapFactor: i.scrapFactor,
      })),
      bom: bom.map((l) => ({
        parentId: l.parentItemId,
        childId: l.childItemId,
        quantityPer: l.quantityPer,
        scrapFactor: l.scrapFactor,
        ...(l.operationNumber ? { operationId: l.operationNumber } : {}),
      })),
      demands: [...openDemands.filter((d) => d.id !== demand.id).map(toDemand), toDemand(demand)],
      supplies: [
        ...jobs.map((j) => ({
          id: j.id,
          kind: 'job' as const,
          itemId: j.itemId,
          quantity: j.quantity,
          due: m(j.due),
          ...(j.salesOrderLineId ? { orderLineId: j.salesOrderLineId } : {}),
        })),
        ...purchases.map((p) => ({
          id: p.id,
          kind: 'purchase' as const,
          itemId: p.itemId,
          quantity: p.quantity,
          due: m(p.due),
          ...(p.salesOrderLineId ? { orderLineId: p.salesOrderLineId } : {}),
        })),
      ],
      onHand: [...onHand].map(([itemId, quantity]) => ({ itemId, quantity })),
      reservations: reservations.map((r) => ({
        itemId: r.itemId,
        orderLineId: r.salesOrderLineId,
        quantity: r.quantity,
      })),
    };
    const planned = planMrp(input);
    if (!planned.ok)
      throw new RuleViolationError(`planning failed: ${planned.error.message}`, [
        { field: 'plan', rule: planned.error.code, message: planned.error.message },
      ]);
    const supply = buildSupplyRequest(model, catalog, planned.value, {
      id: demand.id,
      itemId: demand.itemId,
      due: m(demand.due),
      salesOrderLineId: demand.salesOrderLineId,
    });
    const { promise, linePromise, p90Date } = this.promise(model, catalog, supply, scheduled, demand);
    return {
      demand,
      model,
      mrp: planned.value,
      supply,
      promise,
      linePromise,
      p90Date,
      purchaseKinds: new Map(purchases.map((p) => [p.id, p.kind])),
    };
  }

  private promise(
    model: PlantModel,
    catalog: PlanningCatalog,
    supply: SupplyRequest,
    scheduled: Awaited<ReturnType<ProductionService['scheduledOperations']>>,
    demand: DemandLine,
  ): { promise: DeliveryPromise | null; linePromise: LinePromise; p90Date: string } {
    const at = (t: Minutes) => toInstant(model.originMs, t).toISOString();
    const requested = toMinutes(model.originMs, demand.due);
    if (supply.request.operations.length === 0) {
      const ready = supply.availableWithoutJobs;
      const binding: PromiseBinding = { kind: 'none' };
      return {
        promise: null,
        p90Date: this.localDate(model, ready),
        linePromise: {
          plannedAt: at(ready),
          p50At: at(ready),
          p90At: at(ready),
          onTimeProbability: ready <= requested ? 1 : 0,
          binding,
          explanation:
            ready <= model.now
              ? 'in stock: ships from stock'
              : `no production needed: the material arrives ${this.describeDate(model, ready)}`,
          computedAt: new Date().toISOString(),
        },
      };
    }
    const plan = currentPlan(model, scheduled);
    const context = createPromiseContext(plan.problem, plan.result);
    if (!context.ok) throw planningFailed(context.error.message, context.error.code);
    const confidence = createConfidenceContext(context.value, {
      samples: PROMISE_SAMPLES,
      now: model.now,
      uncertainty: {},
    });
    if (!confidence.ok) throw planningFailed(confidence.error.message, confidence.error.code);
    const result = promiseWithConfidence(confidence.value, supply.request);
    if (!result.ok) throw planningFailed(result.error.message, result.error.code);
    const { promise, jobs } = result.value;
    const delivering = new Set(supply.deliveringJobKeys);
    const mine = jobs.filter((j) => delivering.has(j.jobId));
    const planned = Math.max(
      supply.availableWithoutJobs,
      ...promise.jobs.filter((j) => delivering.has(j.jobId)).map((j) => j.completion),
    );
    const p50 = Math.max(planned, ...mine.map((j) => j.p50));
    const p90 = Math.max(p50, ...mine.map((j) => j.p90));
    const onTime = mine.length > 0 ? Math.min(...mine.map((j) => j.onTimeProbability ?? 0)) : null;
    const binding = this.binding(model, catalog, promise);
    return {
      promise,
      p90Date: this.localDate(model, p90),
      linePromise: {
        plannedAt: at(planned),
        p50At: at(p50),
        p90At: at(p90),
        onTimeProbability: onTime,
        binding,
        explanation: this.explain(model, catalog, binding),
        computedAt: new Date().toISOString(),
      },
    };
  }

  private binding(model: PlantModel, catalog: PlanningCatalog, promise: DeliveryPromise): PromiseBinding {
    const b = promise.binding;
    const at = (t: Minutes) => toInstant(model.originMs, t).toISOString();
    if (b.kind === 'capacity')
      return {
        kind: 'capacity',
        workCenterId: b.workCenterId,
        workCenterCode: model.workCenters.get(b.workCenterId)?.code ?? b.workCenterId,
        freeAt: at(b.freeAt),
        delayMinutes: b.delay,
      };
    if (b.kind === 'material')
      return {
        kind: 'material',
        itemId: b.itemId,
        itemNumber: catalog.items.get(b.itemId)?.number ?? b.itemId,
        availableAt: at(b.availableAt),
        delayMinutes: b.delay,
      };
    return { kind: 'none' };
  }

  /** "heat treatment is full until 12 Mar", "bar stock 42CrMo4 arrives 3 Mar". */
  private explain(model: PlantModel, catalog: PlanningCatalog, binding: PromiseBinding): string {
    if (binding.kind === 'capacity') {
      const wc = model.workCenters.get(binding.workCenterId);
      return `${wc?.name ?? binding.workCenterCode} is full until ${this.describeDate(model, toMinutes(model.originMs, new Date(binding.freeAt)))}`;
    }
    if (binding.kind === 'material') {
      const item = catalog.items.get(binding.itemId);
      return `${item ? `${item.name} (${item.number})` : binding.itemNumber} arrives ${this.describeDate(model, toMinutes(model.originMs, new Date(binding.availableAt)))}`;
    }
    return 'free capacity: the date is the work content on the calendars';
  }

  private describeDate(model: PlantModel, t: Minutes): string {
    return new Intl.DateTimeFormat('en-GB', {
      timeZone: model.timeZone,
      day: 'numeric',
      month: 'short',
    }).format(toInstant(model.originMs, t));
  }

  private localDate(model: PlantModel, t: Minutes): string {
    return new Intl.DateTimeFormat('en-CA', {
      timeZone: model.timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(toInstant(model.originMs, t));
  }

  /**
   * Writes what the plan asks for, in the caller's transaction: jobs with their scheduled
   * operations, requisitions, the pegs of the demand (and of every new supply), and reservations
   * of the stock pegged to the line.
   */
  async commit(
    tx: Tx,
    actor: Actor,
    plan: DemandPlan,
  ): Promise<{ jobIds: string[]; requisitionIds: string[] }> {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('takt.planning'))`);
    const { model, supply, promise } = plan;
    const at = (t: Minutes) => toInstant(model.originMs, t);
    const placed = new Map((promise?.operations ?? []).map((o) => [o.operationId, o]));
    const jobs = await this.deps.production(tx).createJobs(
      tx,
      actor,
      supply.jobs.map((job) => {
        const ops = job.operations.map((op) => {
          const p = placed.get(op.id);
          const machine = p ? model.machineOf.get(p.machineId) : undefined;
          return {
            number: op.number,
            name: op.name,
            predecessors: op.predecessors,
            workCenterId: machine?.workCenterId ?? op.workCenterId,
            machineIndex: machine?.index ?? null,
            setupMinutes: p ? p.setupMinutes : op.setupMinutes,
            runMinutes: p ? p.end - p.start : op.runMinutes,
            queueMinutes: op.queueMinutes,
            shiftRule: op.shiftRule,
            family: op.family,
            plannedSetupStart: p ? at(p.setupStart) : null,
            plannedStart: p ? at(p.start) : null,
            plannedEnd: p ? at(p.end) : null,
          };
        });
        const starts = ops.flatMap((o) => (o.plannedSetupStart ? [o.plannedSetupStart.getTime()] : []));
        const ends = ops.flatMap((o) => (o.plannedEnd ? [o.plannedEnd.getTime()] : []));
        return {
          key: job.key,
          itemId: job.itemId,
          quantity: job.quantity,
          due: at(job.due),
          salesOrderLineId: job.salesOrderLineId,
          routingId: job.routingId,
          bomId: job.bomId,
          plannedStart: starts.length ? new Date(Math.min(...starts)) : null,
          plannedEnd: ends.length ? new Date(Math.max(...ends)) : null,
          operations: ops,
        };
      }),
    );
    const requisitions = await this.deps.requisitions(tx).createRequisitions(
      tx,
      actor,
      supply.requisitions.map((r) => ({
        key: r.key,
        itemId: r.itemId,
        quantity: r.quantity,
        neededAt: at(r.neededAt),
        orderBy: at(r.orderBy),
        supplierId: r.supplierId,
        salesOrderLineId: r.salesOrderLineId,
      })),
    );
    // pegs: every link of this demand, and every link of supply created now
    const lineIds = new Set([plan.demand.id]);
    const pegRows = plan.mrp.pegging
      .filter(
        (l) =>
          lineIds.has(l.demandId) ||
          (l.supplyKind === 'planned' && (jobs.has(l.supplyId) || requisitions.has(l.supplyId))),
      )
      .map((l) => {
        const job = l.supplyKind === 'planned' ? jobs.get(l.supplyId) : undefined;
        const req = l.supplyKind === 'planned' ? requisitions.get(l.supplyId) : undefined;
        const supplyKind =
          l.supplyKind === 'stock'
            ? ('stock' as const)
            : l.supplyKind === 'job' || job
              ? ('job' as const)
              : l.supplyKind === 'purchase'
                ? (plan.purchaseKinds.get(l.supplyId) ?? 'purchase-order-line')
                : ('purchase-requisition' as const);
        const isLine = l.demandId === plan.demand.id ? plan.demand.salesOrderLineId : null;
        return {
          demandId: l.demandId,
          salesOrderLineId: isLine ?? (isUuid(l.demandId) ? l.demandId : null),
          itemId: l.itemId,
          supplyKind,
          supplyId: l.supplyKind === 'stock' ? null : (job?.id ?? req?.id ?? l.supplyId),
          quantity: String(l.quantity),
          neededAt: at(l.needed),
          dueAt: at(l.supplyKind === 'stock' ? model.now : l.due),
        };
      });
    if (pegRows.length > 0) await tx.insert(supplyPegs).values(pegRows);
    // stock pegged to the line is set aside for it
    if (plan.demand.salesOrderLineId) {
      const stockByItem = new Map<string, number>();
      for (const l of plan.mrp.pegging)
        if (l.demandId === plan.demand.id && l.supplyKind === 'stock')
          stockByItem.set(l.itemId, (stockByItem.get(l.itemId) ?? 0) + l.quantity);
      const stock = this.deps.stock(tx);
      for (const [itemId, quantity] of stockByItem)
        await stock.reserveForLine(actor, {
          salesOrderLineId: plan.demand.salesOrderLineId,
          itemId,
          quantity,
        });
    }
    return {
      jobIds: [...jobs.values()].map((j) => j.id),
      requisitionIds: [...requisitions.values()].map((r) => r.id),
    };
  }

  /** Re-points pegs when supply changes form (requisitions ordered on a purchase order line). */
  async replaceSupply(
    tx: Tx,
    from: { kind: 'purchase-requisition' | 'job'; ids: string[] },
    to: { kind: 'purchase-order-line' | 'job'; id: string },
  ): Promise<void> {
    if (from.ids.length === 0) return;
    await tx
      .update(supplyPegs)
      .set({ supplyKind: to.kind, supplyId: to.id })
      .where(and(eq(supplyPegs.supplyKind, from.kind), inArray(supplyPegs.supplyId, from.ids)));
  }

  /** The supply tree of order lines: every peg, with the document it points to. */
  async pegsOfLines(lineIds: string[], db: Db | Tx = this.db) {
    if (lineIds.length === 0) return [];
    return db
      .select()
      .from(supplyPegs)
      .where(inArray(supplyPegs.salesOrderLineId, lineIds))
      .orderBy(supplyPegs.neededAt);
  }
}

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

function planningFailed(message: string, code: string) {
  return new RuleViolationError(`the plan cannot take this order: ${message}`, [
    { field: 'plan', rule: code, message },
  ]);
}

function planningCatalog(
  items: PlanningItem[],
  bom: PlanningBomLine[],
  ops: PlanningOperation[],
): PlanningCatalog {
  const bomByParent = new Map<string, PlanningBomLine[]>();
  for (const l of bom) {
    const list = bomByParent.get(l.parentItemId);
    if (list) list.push(l);
    else bomByParent.set(l.parentItemId, [l]);
  }
  const operationsByItem = new Map<string, PlanningOperation[]>();
  for (const o of ops) {
    const list = operationsByItem.get(o.itemId);
    if (list) list.push(o);
    else operationsByItem.set(o.itemId, [o]);
  }
  return { items: new Map(items.map((i) => [i.id, i])), bomByParent, operationsByItem };
}
