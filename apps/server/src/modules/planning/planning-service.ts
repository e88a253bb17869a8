/**
 * Planning: reads the plant, the open demand and supply and the current schedule, and asks the
 * engine what a new order line needs (MRP with pegging) and when it can be delivered
 * (capable-to-promise against the current plan, with a Monte Carlo P50/P90). `planDemand` only
 * computes (a quote's promise); `commit` writes the jobs, requisitions, pegs and reservations
 * in the caller's transaction (an order's confirmation).
 */
import {
  type ConfidenceContext,
  createConfidenceContext,
  createPromiseContext,
  type DeliveryPromise,
  insertPromise,
  type Minutes,
  type MrpBomLine,
  type MrpChange,
  type MrpContext,
  type MrpDemand,
  type MrpInput,
  type MrpPlan,
  type MrpSupply,
  type Peg,
  type PromiseContext,
  type PromiseRequest,
  prepareMrp,
  promiseWithConfidence,
  tagPromise,
  toInstant,
  toMinutes,
  type Uncertainty,
  updateConfidenceContext,
} from '@takt/engine';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/audit';
import { type Db, queryRows, type Tx } from '../../platform/db/database';
import { RuleViolationError } from '../../platform/errors';
import { roundQuantity } from '../../platform/quantity';
import {
  effectiveBomLines,
  effectiveRoutingOperations,
  type PlanningBomLine,
  type PlanningItem,
  type PlanningOperation,
  type PlanningResources,
  planningItems,
  planningResources,
} from '../catalog/plant-structure';
import { estimateCost } from '../costing/estimate-cost';
import type { OpenJobSupply, ProductionService, ScheduledJobOperation } from '../production/service';
import type { OpenPurchaseSupply, RequisitionService } from '../purchasing/requisition-service';
import type { CostEstimate, LinePromise, PromiseBinding } from '../sales/tables';
import { currentPlan } from './current-plan';
import { type EngineeringWorkSource, type OpenDesign, withEngineeringWork } from './engineering-work';
import { type IssuedToJob, jobComponentNeeds } from './job-component-needs';
import { structureDate } from './job-components';
import { lockPlanRevision, planRevision } from './plan-revision';
import {
  type ConfiguredStructure,
  costRatesOf,
  planningCatalog,
  withConfiguredStructure,
} from './planning-catalog';
import { buildPlantModel, type PlantModel, planOrigin } from './plant-model';
import { supplyCommitments } from './supply-commitments';
import {
  buildSupplyRequest,
  components,
  type PlanningCatalog,
  requisitionsNeededBySchedule,
  type SupplyRequest,
} from './supply-request';

export type { ConfiguredStructure };

import { supplyPegs } from './tables';

/** Stock as planning needs it (the inventory module provides it). */
export interface StockView {
  onHandByItem(itemIds?: string[]): Promise<Map<string, number>>;
  reservations(): Promise<{ itemId: string; salesOrderLineId: string; quantity: number }[]>;
  reserveForLine(
    actor: Actor,
    input: { salesOrderLineId: string; itemId: string; quantity: number },
  ): Promise<number>;
  releaseForLines(actor: Actor, salesOrderLineIds: string[]): Promise<number>;
  /** what was issued to these jobs, per job and item (one query) */
  issuedToJobs(jobIds: string[]): Promise<IssuedToJob[]>;
}

/** An open order line (or a quote line being promised) as demand. */
export interface DemandLine {
  id: string;
  itemId: string;
  quantity: number;
  due: Date;
  /** the sales order line it is, when it is one (quotes have none) */
  salesOrderLineId: string | null;
  /** a configured line's own BOM and routing */
  configured?: ConfiguredStructure;
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
  /** preliminary cost of the line from its BOM and routing at today's rates */
  cost: CostEstimate;
  purchaseKinds: Map<string, 'purchase-requisition' | 'purchase-order-line'>;
  /** a work order from another system: the job that delivers it carries its number */
  externalReference?: string;
}

/** The plant as `PlanningService.readPlant` reads it. */
export type PlantReading = Awaited<ReturnType<PlanningService['readPlant']>>;

/** What planning read of the plant, at a plan revision and for the structures in force on a day. */
interface PlantState {
  revision: number;
  today: string;
  items: PlanningItem[];
  bom: PlanningBomLine[];
  routingOps: PlanningOperation[];
  resources: PlanningResources;
  jobs: OpenJobSupply[];
  purchases: OpenPurchaseSupply[];
  onHand: Map<string, number>;
  reservations: { itemId: string; salesOrderLineId: string; quantity: number }[];
  scheduled: ScheduledJobOperation[];
  issued: IssuedToJob[];
  commitments: Map<string, Peg[]>;
  /** a reading patched by a confirmation: the one it was patched from and the supplies it wrote or pegged */
  patch?: { from: PlantState; supplyIds: string[] };
}

/**
 * readings kept: the current one, the one a confirmation patched it from (its transaction may roll
 * back) and one more (a confirmation of several lines patches once per line)
 */
const KEPT_READINGS = 3;
const readingKey = (revision: number, today: string) => `${revision}|${today}`;

/** An open job that delivers a demand's own item, as its promise names it. */
interface OpenJobDelivering {
  number: string;
  status: string;
  /** its planned completion, later by as much as a missing component arrives after it is needed */
  completion: Minutes;
  plannedCompletion: Minutes;
  /** the component whose arrival delays it most (what stock cannot cover, as MRP plans it) */
  waitsFor: {
    itemId: string;
    itemNumber: string;
    source: string;
    availableAt: Minutes;
    delay: Minutes;
  } | null;
}

/** How a promise names the supply a job's missing component comes from. */
const SUPPLY_NAME: Record<string, string> = {
  planned: 'requisition',
  purchase: 'purchase order',
  job: 'job',
};

/** How a promise says where an open job stands. */
const JOB_STATE: Record<string, string> = {
  planned: 'is planned',
  released: 'is released to the shop floor',
  'in-progress': 'is in production',
};

/** Work promised but not in the plan (an earlier line of the same quote), by a tag unique among it. */
export interface PromisedWork {
  tag: string;
  request: PromiseRequest;
  promise: DeliveryPromise;
}

/** Samples of the Monte Carlo behind a promise's P50/P90. */
export const PROMISE_SAMPLES = 200;
/** how long a reading of the measured uncertainty is used */
const UNCERTAINTY_TTL_MS = 5 * 60_000;

export class PlanningService {
  private cachedModel: { key: string; model: PlantModel } | null = null;
  private readonly readings = new Map<string, PlantState>();
  private lastMrp: {
    context: MrpContext;
    /** the reading its supply came from */
    reading: PlantState;
    /** each demand as compared, by id */
    demands: Map<string, string>;
  } | null = null;
  private lastSupplies: {
    now: Minutes;
    originMs: number;
    structures: string;
    parts: unknown[];
    supplies: MrpSupply[];
  } | null = null;
  /** how often the plant was read from the database (the rest came from the kept reading) */
  plantReads = 0;
  /** how MRP ran: by net change from the last run, or regeneratively */
  readonly mrpRuns = { netChange: 0, regenerative: 0 };
  private cachedConfidence: { key: string; modelKey: string; context: ConfidenceContext } | null = null;
  private cachedUncertainty: { at: number; value: Uncertainty } | null = null;

  constructor(
    private readonly db: Db,
    private readonly deps: {
      production: (db: Db | Tx) => ProductionService;
      requisitions: (db: Db | Tx) => RequisitionService;
      stock: (db: Db | Tx) => StockView;
      /** what the shop floor measured (breakdowns, duration dispersion) for the Monte Carlo */
      measuredUncertainty?: (db: Db | Tx) => Promise<Uncertainty>;
      /** the design work of engineer-to-order items (projects module), planned before their production */
      engineeringWork?: (db: Db | Tx) => EngineeringWorkSource;
    },
  ) {}

  /** The open projects' designs, whose gate every re-plan keeps (`child-job-precedences.ts`). */
  async openDesigns(db: Db | Tx = this.db): Promise<OpenDesign[]> {
    return this.deps.engineeringWork ? this.deps.engineeringWork(db).openDesigns() : [];
  }

  /**
   * The shop floor's measured uncertainty, read at most every few minutes: it moves with weeks
   * of measurements, not with each request.
   */
  private async uncertainty(db: Db | Tx): Promise<Uncertainty> {
    const now = Date.now();
    if (this.cachedUncertainty && now - this.cachedUncertainty.at < UNCERTAINTY_TTL_MS)
      return this.cachedUncertainty.value;
    const value = this.deps.measuredUncertainty ? await this.deps.measuredUncertainty(db) : {};
    this.cachedUncertainty = { at: now, value };
    return value;
  }

  /**
   * The plant as planning reads it, set-based and in a fixed order (the engine is deterministic
   * for its input): items, effective BOM lines and routings, resources, open jobs and purchases,
   * stock and reservations, the scheduled operations, what was issued to the open jobs, what the
   * open supply was committed to (its pegs), and the measured uncertainty. What is read is kept
   * under the plan revision (`plan-revision.ts`) and the day of the structures in force, and
   * read again only when either moved; a confirmation's `commit` patches it with what it wrote.
   */
  async readPlant(db: Db | Tx = this.db) {
    const [reading, uncertainty] = await Promise.all([this.plantReading(db), this.uncertainty(db)]);
    return { ...reading, uncertainty };
  }

  /** What `readPlant` reads under the plan revision (all but the measured uncertainty). */
  private async plantReading(db: Db | Tx): Promise<PlantState> {
    const today = structureDate();
    const revision = await planRevision(db);
    const kept = this.readings.get(readingKey(revision, today));
    if (kept) return kept;
    this.plantReads++;
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
    // what the open jobs still need of their components is net of what they were issued; open
    // supply stays with the lines and jobs it was committed to
    const [issued, commitments, after] = await Promise.all([
      stock.issuedToJobs(jobs.map((j) => j.id)),
      supplyCommitments(db, [...jobs.map((j) => j.id), ...purchases.map((p) => p.id)]),
      planRevision(db),
    ]);
    const reading: PlantState = {
      revision,
      today,
      items,
      bom,
      routingOps,
      resources,
      jobs,
      purchases,
      onHand,
      reservations,
      scheduled,
      issued,
      commitments,
    };
    // a write committed while reading moved the revision: what was read may mix both
    if (after === revision) this.keepReading(reading);
    return reading;
  }

  private keepReading(reading: PlantState): void {
    this.readings.set(readingKey(reading.revision, reading.today), reading);
    // the current state, and the one before it for a transaction that rolls back
    for (const key of this.readings.keys()) if (this.readings.size > KEPT_READINGS) this.readings.delete(key);
  }

  /**
   * After a confirmation wrote its jobs, requisitions, pegs and reservations (`commit`, holding
   * the revision's row since `base`): the reading at `base` with what was written, read back by
   * the same readers, kept under the revision the transaction is at now. Nothing is kept when
   * there is no reading at `base` (the next request reads the plant).
   */
  private async keepCommitted(
    tx: Tx,
    base: number,
    written: { jobIds: string[]; requisitionIds: string[]; peggedSupplyIds: string[] },
  ): Promise<void> {
    const today = structureDate();
    const before = this.readings.get(readingKey(base, today));
    if (!before) return;
    const production = this.deps.production(tx);
    const supplyIds = [
      ...new Set([...written.jobIds, ...written.requisitionIds, ...written.peggedSupplyIds]),
    ];
    const [jobs, scheduled, requisitions, reservations, commitments, revision] = await Promise.all([
      production.openJobSupply(tx, written.jobIds),
      production.scheduledOperations(tx, written.jobIds),
      this.deps.requisitions(tx).openSupply(tx, written.requisitionIds),
      this.deps.stock(tx).reservations(),
      supplyCommitments(tx, supplyIds),
      planRevision(tx),
    ]);
    const sameReservations = JSON.stringify(reservations) === JSON.stringify(before.reservations);
    // requisitions come before purchase order lines, each in number order (new numbers are last)
    const lastRequisition = before.purchases.findLastIndex((p) => p.kind === 'purchase-requisition');
    this.keepReading({
      ...before,
      revision,
      jobs: [...before.jobs, ...jobs],
      scheduled: [...before.scheduled, ...scheduled],
      purchases: [
        ...before.purchases.slice(0, lastRequisition + 1),
        ...requisitions,
        ...before.purchases.slice(lastRequisition + 1),
      ],
      patch: { from: before, supplyIds },
      // unchanged, the reservations stay the same part (what is built from them is kept)
      reservations: sameReservations ? before.reservations : reservations,
      commitments: new Map([...before.commitments, ...commitments]),
    });
  }

  /** A demand line as MRP demand, due in the model's minutes. */
  mrpDemand(model: PlantModel, d: DemandLine): MrpDemand {
    return {
      id: d.id,
      kind: 'order',
      itemId: d.itemId,
      quantity: d.quantity,
      due: toMinutes(model.originMs, d.due),
      ...(d.configured
        ? {
            bom: d.configured.bom.map((l) => ({
              parentId: l.parentItemId,
              childId: l.childItemId,
              quantityPer: l.quantityPer,
              scrapFactor: l.scrapFactor,
              ...(l.operationNumber ? { operationId: l.operationNumber } : {}),
            })),
          }
        : {}),
    };
  }

  /**
   * The MRP input of these demands against the plant as read: items, BOM, open supply, stock.
   * Open jobs carry what they still need of their components (`job-component-needs.ts`): MRP
   * nets it as their own demand, so material bought for a job is not free for the next order;
   * open supply carries what it was committed to (`supply-commitments.ts`), which it serves first.
   */
  mrpInput(
    model: PlantModel,
    plant: Pick<
      PlantReading,
      | 'items'
      | 'bom'
      | 'jobs'
      | 'purchases'
      | 'onHand'
      | 'reservations'
      | 'scheduled'
      | 'issued'
      | 'commitments'
    >,
    demands: MrpDemand[],
  ): MrpInput {
    const { items, bom, onHand, reservations } = plant;
    // built once per part of a reading: a net change needs the same arrays as the last run
    const mrpBom = mrpBomOf(bom);
    return {
      now: model.now,
      workingDays: model.workingDays,
      items: mrpItemsOf(items),
      bom: mrpBom,
      demands,
      supplies: this.mrpSupplies(model, plant, mrpBom, demands),
      onHand: mrpOnHandOf(onHand),
      reservations: mrpReservationsOf(reservations),
    };
  }

  /**
   * The open jobs and purchases as MRP supply, with what the jobs still need and what each was
   * committed to; built again only when the reading's parts, the minute or the demands' own
   * structures (a configured line's jobs are built to it) are not those of the last build.
   */
  private mrpSupplies(
    model: PlantModel,
    plant: Pick<PlantReading, 'items' | 'jobs' | 'purchases' | 'scheduled' | 'issued' | 'commitments'>,
    bom: MrpBomLine[],
    demands: MrpDemand[],
  ): MrpSupply[] {
    const { items, jobs, purchases, scheduled, issued, commitments } = plant;
    const structures = demands.flatMap((d) => (d.bom ? [d.id, JSON.stringify(d.bom)] : [])).join('\u0000');
    const parts = [items, jobs, purchases, scheduled, issued, commitments, bom, model.workingDays];
    const last = this.lastSupplies;
    if (
      last &&
      last.now === model.now &&
      last.originMs === model.originMs &&
      last.structures === structures &&
      last.parts.every((part, x) => part === parts[x])
    )
      return last.supplies;
    const m = (d: Date) => toMinutes(model.originMs, d);
    const components = jobComponentNeeds(model, { items, bom, jobs, scheduled, issued }, demands);
    const supplies: MrpSupply[] = [
      ...jobs.map((j) => ({
        id: j.id,
        kind: 'job' as const,
        itemId: j.itemId,
        quantity: j.quantity,
        due: m(j.due),
        ...(j.salesOrderLineId ? { orderLineId: j.salesOrderLineId } : {}),
        ...(components.has(j.id) ? { components: components.get(j.id) } : {}),
        ...(commitments.has(j.id) ? { pegs: commitments.get(j.id) } : {}),
      })),
      ...purchases.map((p) => ({
        id: p.id,
        kind: 'purchase' as const,
        itemId: p.itemId,
        quantity: p.quantity,
        due: m(p.due),
        ...(p.salesOrderLineId ? { orderLineId: p.salesOrderLineId } : {}),
        ...(commitments.has(p.id) ? { pegs: commitments.get(p.id) } : {}),
      })),
    ];
    this.lastSupplies = { now: model.now, originMs: model.originMs, structures, parts, supplies };
    return supplies;
  }

  /**
   * MRP over `input`: by net change from the last run when only demands and open supply changed
   * since (the same items, BOM and stock as read, the same minute), found by comparing them one
   * by one; else regeneratively. The same plan either way (`MrpContext`).
   */
  private runMrp(input: MrpInput, reading: PlantState): MrpPlan {
    const demands = new Map(input.demands.map((d) => [d.id, demandContent(d)]));
    const last = this.lastMrp;
    // open supply changed since the last run: none when it is the same, what a confirmation wrote
    // when it patched the last run's reading; else not known (a regenerative run)
    const changedSupplies =
      last?.context.input.supplies === input.supplies
        ? []
        : last && reading.patch?.from === last.reading
          ? reading.patch.supplyIds
          : null;
    let context: MrpContext;
    if (last && changedSupplies && last.context.acceptsChangesOf(input)) {
      const changedDemands = changedIds(last.demands, demands);
      const supplies = new Set((input.supplies ?? []).map((x) => x.id));
      const set = <T extends { id: string }>(ids: string[], list: T[]) => {
        const changed = new Set(ids);
        return list.filter((x) => changed.has(x.id));
      };
      const change: MrpChange = {
        demands: {
          set: set(changedDemands, input.demands),
          remove: changedDemands.filter((id) => !demands.has(id)),
        },
        ...(changedSupplies.length > 0
          ? {
              supplies: {
                set: set(changedSupplies, input.supplies ?? []),
                remove: changedSupplies.filter((id) => !supplies.has(id)),
              },
            }
          : {}),
        // a confirmation set stock aside for its line
        ...(input.reservations !== last.context.input.reservations
          ? { reservations: input.reservations ?? [] }
          : {}),
      };
      const next = last.context.change(change, { demands: input.demands, supplies: input.supplies });
      if (!next.ok) throw mrpFailed(next.error);
      context = next.value.context;
      this.mrpRuns.netChange++;
    } else {
      const prepared = prepareMrp(input);
      if (!prepared.ok) throw mrpFailed(prepared.error);
      context = prepared.value;
      this.mrpRuns.regenerative++;
    }
    this.lastMrp = { context, reading, demands };
    return context.plan();
  }

  /**
   * What `demand` needs and when it can be delivered, against everything already planned and the
   * work `ahead` (the earlier lines of the same quote, promised but not in the plan): it takes
   * their capacity as it takes their material (through `openDemands`).
   */
  async planDemand(
    demand: DemandLine,
    openDemands: DemandLine[],
    db: Db | Tx = this.db,
    ahead: PromisedWork[] = [],
  ): Promise<DemandPlan> {
    const nowMs = Date.now();
    const [reading, uncertainty] = await Promise.all([this.plantReading(db), this.uncertainty(db)]);
    const plant = reading;
    const { items, bom, routingOps, resources, purchases, scheduled } = plant;
    const model = this.plantModel(resources, nowMs);
    const catalog = withConfiguredStructure(planningCatalog(items, bom, routingOps), demand.configured);
    const item = catalog.items.get(demand.itemId);
    if (!item)
      throw new RuleViolationError('unknown item', [
        { field: 'itemId', rule: 'exists', message: 'no active item with this id' },
      ]);
    const m = (d: Date) => toMinutes(model.originMs, d);
    const toDemand = (d: DemandLine) => this.mrpDemand(model, d);
    const input = this.mrpInput(model, plant, [
      ...openDemands.filter((d) => d.id !== demand.id).map(toDemand),
      toDemand(demand),
    ]);
    const planned = { value: this.runMrp(input, reading) };
    const engineering = this.deps.engineeringWork
      ? await this.deps.engineeringWork(db).forItem(demand.itemId)
      : null;
    const supply = withEngineeringWork(
      model,
      buildSupplyRequest(
        model,
        catalog,
        planned.value,
        {
          id: demand.id,
          itemId: demand.itemId,
          due: m(demand.due),
          salesOrderLineId: demand.salesOrderLineId,
        },
        scheduled,
      ),
      demand,
      engineering,
      (itemId) => components(catalog, itemId),
    );
    // a line its open jobs deliver (a job kept by a re-plan, in production) is promised by them
    const openJobs =
      supply.request.operations.length === 0
        ? await this.openJobsDelivering(db, model, planned.value, demand, scheduled, supply, catalog)
        : [];
    const { promise, linePromise, p90Date } = this.promise(
      model,
      catalog,
      supply,
      scheduled,
      demand,
      uncertainty,
      openJobs,
      ahead,
    );
    const ratesByWorkCenter = costRatesOf(resources.workCenters);
    const cost: CostEstimate = {
      ...estimateCost({ ...catalog, ratesByWorkCenter }, demand.itemId, demand.quantity),
      currency: item.currency,
      computedAt: new Date(nowMs).toISOString(),
    };
    return {
      cost,
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

  /**
   * A work order another system decided (an ERP's production order): one job of exactly this
   * item and quantity, whatever stock there is, scheduled around the current plan without moving
   * it. Its material is that system's to plan, so the job waits for no component; `commit` writes
   * it (no pegs, no reservations: it serves no order line in Takt).
   */
  async planWorkOrder(
    order: { externalReference: string; itemId: string; quantity: number; due: Date },
    db: Db | Tx = this.db,
  ): Promise<DemandPlan> {
    const nowMs = Date.now();
    const plant = await this.readPlant(db);
    const { items, bom, routingOps, resources, scheduled, uncertainty } = plant;
    const model = this.plantModel(resources, nowMs);
    const catalog = planningCatalog(items, bom, routingOps);
    const item = catalog.items.get(order.itemId);
    if (item?.kind !== 'make' || !catalog.operationsByItem.get(order.itemId)?.length)
      throw new RuleViolationError('not a made item with a released routing', [
        {
          field: 'itemNumber',
          rule: 'made-item',
          message: 'a work order needs an active made item with a released routing',
        },
      ]);
    const id = `work-order:${order.externalReference}`;
    const due = toMinutes(model.originMs, order.due);
    const mrp: MrpPlan = {
      plannedOrders: [
        {
          id,
          itemId: order.itemId,
          kind: 'make',
          quantity: order.quantity,
          start: model.now,
          due,
          pegging: [{ demandId: id, quantity: order.quantity }],
        },
      ],
      pegging: [],
      exceptions: [],
      lowLevelCodes: {},
    };
    const demand: DemandLine = {
      id,
      itemId: order.itemId,
      quantity: order.quantity,
      due: order.due,
      salesOrderLineId: null,
    };
    const supply = buildSupplyRequest(model, catalog, mrp, {
      id,
      itemId: order.itemId,
      due,
      salesOrderLineId: null,
    });
    const { promise, linePromise, p90Date } = this.promise(
      model,
      catalog,
      supply,
      scheduled,
      demand,
      uncertainty,
    );
    const ratesByWorkCenter = costRatesOf(resources.workCenters);
    return {
      cost: {
        ...estimateCost({ ...catalog, ratesByWorkCenter }, order.itemId, order.quantity),
        currency: item.currency,
        computedAt: new Date(nowMs).toISOString(),
      },
      demand,
      model,
      mrp,
      supply,
      promise,
      linePromise,
      p90Date,
      purchaseKinds: new Map(),
      externalReference: order.externalReference,
    };
  }

  /**
   * The plant model (calendars expanded over the horizon, machines, setup matrices) is the same
   * for every plan of a day until a work center, calendar or setup matrix changes: it is kept
   * for the resources and the plan's origin it was built from.
   */
  plantModel(resources: PlanningResources, nowMs: number): PlantModel {
    const key = `${planOrigin(nowMs)}|${JSON.stringify(resources)}`;
    if (this.cachedModel?.key !== key) this.cachedModel = { key, model: buildPlantModel(resources, nowMs) };
    const { model } = this.cachedModel;
    // the same calendars and machines, seen from this moment
    return { ...model, now: toMinutes(model.originMs, nowMs) };
  }

  /**
   * The current plan sampled for confidence (the costly part of a promise: every planned
   * operation replayed PROMISE_SAMPLES times) is shared by every request against the same plan
   * at the same minute: a quote and the confirmation that follows it, several quote lines. When
   * the plan or the minute changed since, the samples are carried over to the new plan
   * (`updateConfidenceContext`: only what changed is drawn and replayed again); they are drawn
   * from scratch when the plant model (calendars, machines) changed.
   */
  private confidenceContext(
    model: PlantModel,
    scheduled: ScheduledJobOperation[],
    uncertainty: Uncertainty,
    ahead: PromisedWork[] = [],
  ): ConfidenceContext {
    const modelKey = `${this.cachedModel?.key}|${model.originMs}`;
    const aheadKey = ahead
      .map((w) => `${w.tag}:${w.promise.operations.map((o) => `${o.machineId}@${o.setupStart}`).join(',')}`)
      .join(';');
    const key = `${modelKey}|${model.now}|${fingerprintOf(scheduled)}|${JSON.stringify(uncertainty)}|${aheadKey}`;
    const cached = this.cachedConfidence;
    if (cached?.key === key) return cached.context;
    const current = currentPlan(model, scheduled);
    // the work promised ahead (earlier quote lines) in the plan, under its own ids
    const plan = ahead.reduce(
      (p, w) => {
        const tagged = tagPromise(w.request, w.promise, w.tag);
        return insertPromise(p.problem, p.plan, tagged.request, tagged.promise, { now: model.now });
      },
      { problem: current.problem, plan: current.result },
    );
    const context = createPromiseContext(plan.problem, plan.plan);
    if (!context.ok) throw planningFailed(context.error.message, context.error.code);
    const carried =
      cached?.modelKey === modelKey
        ? updateConfidenceContext(cached.context, context.value, { now: model.now, uncertainty })
        : null;
    const confidence = carried?.ok
      ? carried.value.context
      : sampledFromScratch(context.value, model.now, uncertainty);
    this.cachedConfidence = { key, modelKey, context: confidence };
    return confidence;
  }

  private promise(
    model: PlantModel,
    catalog: PlanningCatalog,
    supply: SupplyRequest,
    scheduled: Awaited<ReturnType<ProductionService['scheduledOperations']>>,
    demand: DemandLine,
    uncertainty: Uncertainty,
    openJobs: OpenJobDelivering[] = [],
    ahead: PromisedWork[] = [],
  ): { promise: DeliveryPromise | null; linePromise: LinePromise; p90Date: string } {
    const at = (t: Minutes) => toInstant(model.originMs, t).toISOString();
    const requested = toMinutes(model.originMs, demand.due);
    if (supply.request.operations.length === 0) {
      // an open job may end after its due date: the line waits for its planned completion
      const ready = Math.max(supply.availableWithoutJobs, ...openJobs.map((j) => j.completion));
      const waits = openJobs
        .flatMap((j) => (j.waitsFor ? [j.waitsFor] : []))
        .sort((a, b) => b.delay - a.delay)[0];
      const binding: PromiseBinding = waits
        ? {
            kind: 'material',
            itemId: waits.itemId,
            itemNumber: waits.itemNumber,
            availableAt: at(waits.availableAt),
            delayMinutes: waits.delay,
          }
        : { kind: 'none' };
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
            openJobs.length > 0
              ? openJobs
                  .map(
                    (j) =>
                      `${j.number} ${JOB_STATE[j.status] ?? `is ${j.status}`}, planned to complete ${this.describeDate(model, j.plannedCompletion)}${
                        j.waitsFor
                          ? `; it waits for ${j.waitsFor.itemNumber} (${j.waitsFor.source}, arriving ${this.describeDate(model, j.waitsFor.availableAt)}): complete ${this.describeDate(model, j.completion)}`
                          : ''
                      }`,
                  )
                  .join('; ')
              : ready <= model.now
                ? 'in stock: ships from stock'
                : `no production needed: the material arrives ${this.describeDate(model, ready)}`,
          computedAt: new Date().toISOString(),
        },
      };
    }
    const confidence = this.confidenceContext(model, scheduled, uncertainty, ahead);
    const result = promiseWithConfidence(confidence, supply.request);
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

  /**
   * The open jobs MRP pegs the demand's own item to, with their planned completion: the end of
   * their last scheduled operation, else their planned end or due date, later by as much as a
   * component the job still needs (an engineering change added it after release) arrives after
   * the job needs it: MRP's pegging of the job's component need for this demand (what stock does
   * not cover), arriving with its requisition's lead time or its purchase order's or job's due
   * date. One query, none when no open job delivers it.
   */
  private async openJobsDelivering(
    db: Db | Tx,
    model: PlantModel,
    plan: MrpPlan,
    demand: Pick<DemandLine, 'id' | 'itemId'>,
    scheduled: Pick<ScheduledJobOperation, 'jobId' | 'plannedEnd'>[],
    supply: Pick<SupplyRequest, 'requisitions'>,
    catalog: Pick<PlanningCatalog, 'items'>,
  ): Promise<OpenJobDelivering[]> {
    const ids = [
      ...new Set(
        plan.pegging
          .filter((l) => l.demandId === demand.id && l.itemId === demand.itemId && l.supplyKind === 'job')
          .map((l) => l.supplyId),
      ),
    ];
    if (ids.length === 0) return [];
    const delivering = new Set(ids);
    const m = (d: Date) => toMinutes(model.originMs, d);
    const ends = new Map<string, Minutes>();
    for (const o of scheduled)
      if (delivering.has(o.jobId))
        ends.set(o.jobId, Math.max(ends.get(o.jobId) ?? Number.NEGATIVE_INFINITY, m(o.plannedEnd)));
    const arrival = new Map(supply.requisitions.map((r) => [r.key, r.availableAt]));
    const waits = new Map<string, NonNullable<OpenJobDelivering['waitsFor']>>();
    for (const l of plan.pegging) {
      if (l.demandId !== demand.id || !l.jobId || !delivering.has(l.jobId) || l.supplyKind === 'stock')
        continue;
      const availableAt = l.supplyKind === 'planned' ? (arrival.get(l.supplyId) ?? l.due) : l.due;
      const delay = availableAt - Math.max(model.now, l.needed);
      if (delay <= 0 || delay <= (waits.get(l.jobId)?.delay ?? 0)) continue;
      waits.set(l.jobId, {
        itemId: l.itemId,
        itemNumber: catalog.items.get(l.itemId)?.number ?? l.itemId,
        source: SUPPLY_NAME[l.supplyKind] ?? l.supplyKind,
        availableAt,
        delay,
      });
    }
    return (await this.deps.production(db).summaries(ids, db)).map((j) => {
      const plannedCompletion = ends.get(j.id) ?? m(new Date(j.plannedEnd ?? j.due));
      const waitsFor = waits.get(j.id) ?? null;
      // the job's work from the consuming operation on waits for the component
      return {
        number: j.number,
        status: j.status,
        plannedCompletion,
        completion: plannedCompletion + (waitsFor?.delay ?? 0),
        waitsFor,
      };
    });
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
  ): Promise<{
    jobIds: string[];
    requisitionIds: string[];
    jobNumbers: string[];
    requisitionNumbers: string[];
  }> {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('takt.planning'))`);
    const base = await lockPlanRevision(tx);
    const { model, supply, promise } = plan;
    const at = (t: Minutes) => toInstant(model.originMs, t);
    const placed = new Map((promise?.operations ?? []).map((o) => [o.operationId, o]));
    // processing minutes on the machine it was placed on (working time, not the calendar span)
    const modes = new Map(supply.request.operations.map((o) => [o.id, o.modes]));
    const processing = (opId: string, machineId: string, fallback: number) =>
      modes.get(opId)?.find((m) => m.machineId === machineId)?.duration ?? fallback;
    const jobsToCreate = supply.jobs.map((job) => {
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
          runMinutes: p ? processing(op.id, p.machineId, op.runMinutes) : op.runMinutes,
          queueMinutes: op.queueMinutes,
          shiftRule: op.shiftRule,
          family: op.family,
          instructions: op.instructions,
          drawingUrl: op.drawingUrl,
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
        quantity: roundQuantity(job.quantity),
        due: at(job.due),
        salesOrderLineId: job.salesOrderLineId,
        routingId: job.routingId,
        bomId: job.bomId,
        externalReference: supply.deliveringJobKeys.includes(job.key)
          ? (plan.externalReference ?? null)
          : null,
        plannedStart: starts.length ? new Date(Math.min(...starts)) : null,
        plannedEnd: ends.length ? new Date(Math.max(...ends)) : null,
        operations: ops,
      };
    });
    const jobs = await this.deps.production(tx).createJobs(tx, actor, jobsToCreate);
    const bySchedule = requisitionsNeededBySchedule(supply, (id) => placed.get(id)?.setupStart, model.now);
    const requisitions = await this.deps.requisitions(tx).createRequisitions(
      tx,
      actor,
      supply.requisitions.map((r) => ({
        key: r.key,
        itemId: r.itemId,
        quantity: roundQuantity(r.quantity),
        neededAt: at(bySchedule.get(r.key)?.neededAt ?? r.neededAt),
        orderBy: at(bySchedule.get(r.key)?.orderBy ?? r.orderBy),
        supplierId: r.supplierId,
        salesOrderLineId: r.salesOrderLineId,
      })),
    );
    const scheduledEnd = new Map(
      jobsToCreate.flatMap((j) => (j.plannedEnd ? [[j.key, j.plannedEnd] as const] : [])),
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
          quantity: String(roundQuantity(l.quantity)),
          neededAt: at(l.needed),
          // a new job is there when the schedule finishes it, not when MRP wanted it
          dueAt: (job && scheduledEnd.get(l.supplyId)) ?? at(l.supplyKind === 'stock' ? model.now : l.due),
        };
      });
    if (pegRows.length > 0) await tx.insert(supplyPegs).values(pegRows);
    // free stock pegged to the line is set aside for it (what is reserved for it already stays)
    if (plan.demand.salesOrderLineId) {
      const stockByItem = new Map<string, number>();
      for (const l of plan.mrp.pegging)
        if (l.demandId === plan.demand.id && l.supplyKind === 'stock' && l.supplyId === `stock:${l.itemId}`)
          stockByItem.set(l.itemId, (stockByItem.get(l.itemId) ?? 0) + l.quantity);
      const stock = this.deps.stock(tx);
      for (const [itemId, quantity] of stockByItem)
        await stock.reserveForLine(actor, {
          salesOrderLineId: plan.demand.salesOrderLineId,
          itemId,
          quantity,
        });
    }
    const written = {
      jobIds: [...jobs.values()].map((j) => j.id),
      requisitionIds: [...requisitions.values()].map((r) => r.id),
      jobNumbers: [...jobs.values()].map((j) => j.number),
      requisitionNumbers: [...requisitions.values()].map((r) => r.number),
    };
    await this.keepCommitted(tx, base, {
      ...written,
      peggedSupplyIds: pegRows.flatMap((p) => (p.supplyId ? [p.supplyId] : [])),
    });
    return written;
  }

  /** Jobs and requisitions whose every peg serves one of these lines. One query. */
  private async exclusiveSupply(tx: Tx, salesOrderLineIds: string[]) {
    if (salesOrderLineIds.length === 0) return { jobIds: [], requisitionIds: [] };
    const lines = sql.join(
      salesOrderLineIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    );
    const rows = await queryRows<{ supply_kind: string; supply_id: string }>(
      tx,
      sql`select supply_kind, supply_id from supply_pegs
          where supply_kind in ('job', 'purchase-requisition') and supply_id in (
            select supply_id from supply_pegs where sales_order_line_id in (${lines}) and supply_id is not null)
          group by supply_kind, supply_id
          having bool_and(coalesce(sales_order_line_id in (${lines}), false))`,
    );
    return {
      jobIds: rows.filter((r) => r.supply_kind === 'job').map((r) => r.supply_id),
      requisitionIds: rows.filter((r) => r.supply_kind === 'purchase-requisition').map((r) => r.supply_id),
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

  /**
   * Takes order lines out of the plan, in the caller's transaction: their planned jobs and open
   * requisitions are cancelled (`jobStatuses` says which jobs count as not started), their stock
   * reservations released and their pegs removed. Work in progress and purchase orders already
   * placed stay; they are returned so the user sees what is left to decide.
   */
  async unplanLines(
    tx: Tx,
    actor: Actor,
    salesOrderLineIds: string[],
    jobStatuses: ('planned' | 'released')[],
  ) {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('takt.planning'))`);
    const production = this.deps.production(tx);
    const requisitions = this.deps.requisitions(tx);
    const stock = this.deps.stock(tx);
    // supply made for these lines alone goes with them: what is dedicated to them, and pooled
    // supply whose every peg is theirs; pooled supply that also serves others stays
    const exclusive = await this.exclusiveSupply(tx, salesOrderLineIds);
    const cancelledJobs = [
      ...(await production.cancelJobsOfLines(tx, actor, salesOrderLineIds, jobStatuses)),
      ...(await production.cancelJobs(tx, actor, exclusive.jobIds, jobStatuses)),
    ];
    const cancelledRequisitions = [
      ...(await requisitions.cancelOpenOfLines(tx, actor, salesOrderLineIds)),
      ...(await requisitions.cancelOpen(tx, actor, exclusive.requisitionIds)),
    ];
    const releasedQuantity = await stock.releaseForLines(actor, salesOrderLineIds);
    if (salesOrderLineIds.length > 0)
      await tx.delete(supplyPegs).where(inArray(supplyPegs.salesOrderLineId, salesOrderLineIds));
    const remainingJobs = (await production.jobsOfLines(salesOrderLineIds, tx)).filter(
      (j) => j.status !== 'cancelled' && j.status !== 'done',
    );
    const orderedPurchases = await requisitions.orderedForLines(salesOrderLineIds, tx);
    return { cancelledJobs, cancelledRequisitions, releasedQuantity, remainingJobs, orderedPurchases };
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

/**
 * `build` of a part of a plant reading, built once per part: a reading's parts are never changed,
 * and a kept reading, or one patched from it, shares the parts that did not change.
 */
function builtOncePer<P extends object, T>(build: (part: P) => T): (part: P) => T {
  const built = new WeakMap<P, T>();
  return (part) => {
    let value = built.get(part);
    if (value === undefined) {
      value = build(part);
      built.set(part, value);
    }
    return value;
  };
}

const mrpBomOf = builtOncePer((bom: PlanningBomLine[]) =>
  bom.map((l) => ({
    parentId: l.parentItemId,
    childId: l.childItemId,
    quantityPer: l.quantityPer,
    scrapFactor: l.scrapFactor,
    ...(l.operationNumber ? { operationId: l.operationNumber } : {}),
  })),
);
const mrpItemsOf = builtOncePer((items: PlanningItem[]) =>
  items.map((i) => ({
    id: i.id,
    kind: i.kind,
    strategy: i.strategy,
    leadTimeDays: i.kind === 'buy' ? (i.supplierLeadTimeDays ?? i.leadTimeDays ?? 0) : (i.leadTimeDays ?? 1),
    lotSizing: { rule: i.lotSizingRule, ...(i.lotQuantity !== null ? { quantity: i.lotQuantity } : {}) },
    safetyStock: i.safetyStock,
    ...(i.reorderPoint !== null ? { reorderPoint: i.reorderPoint } : {}),
    scrapFactor: i.scrapFactor,
  })),
);
const mrpOnHandOf = builtOncePer((onHand: Map<string, number>) =>
  [...onHand].map(([itemId, quantity]) => ({ itemId, quantity })),
);
const mrpReservationsOf = builtOncePer((reservations: PlantState['reservations']) =>
  reservations.map((r) => ({ itemId: r.itemId, orderLineId: r.salesOrderLineId, quantity: r.quantity })),
);

/** A demand as MRP reads it, to compare it with the last run's. */
const demandContent = (d: MrpDemand) =>
  `${d.kind}|${d.itemId}|${d.quantity}|${d.due}|${d.priority ?? ''}|${d.bom ? JSON.stringify(d.bom) : ''}`;

/** The ids whose content differs between two runs, or that are in only one of them. */
function changedIds(before: Map<string, string>, after: Map<string, string>): string[] {
  const changed: string[] = [];
  for (const [id, content] of after) if (before.get(id) !== content) changed.push(id);
  for (const id of before.keys()) if (!after.has(id)) changed.push(id);
  return changed;
}

/** The current plan's Monte Carlo samples drawn from scratch. */
function sampledFromScratch(
  context: PromiseContext,
  now: number,
  uncertainty: Uncertainty,
): ConfidenceContext {
  const confidence = createConfidenceContext(context, { samples: PROMISE_SAMPLES, now, uncertainty });
  if (!confidence.ok) throw planningFailed(confidence.error.message, confidence.error.code);
  return confidence.value;
}

/**
 * A short fingerprint of the scheduled plan: which operations sit where and when, and which are
 * pinned (FNV-1a over ids, machine, times and minutes, no strings built).
 */
function planFingerprint(scheduled: ScheduledJobOperation[]): string {
  let hash = 0x811c9dc5;
  const text = (value: string) => {
    for (let i = 0; i < value.length; i++) hash = Math.imul(hash ^ value.charCodeAt(i), 0x01000193);
  };
  const number = (value: number) => {
    hash = Math.imul(hash ^ (value | 0), 0x01000193);
    hash = Math.imul(hash ^ ((value / 4_294_967_296) | 0), 0x01000193);
  };
  for (const op of scheduled) {
    text(op.id);
    text(op.workCenterId);
    number(op.machineIndex);
    number(op.plannedSetupStart.getTime());
    number(op.plannedEnd.getTime());
    number(op.runMinutes * 1000);
    number(op.setupMinutes * 1000);
    number(op.pinnedAt ? 1 : 0);
  }
  return `${scheduled.length}:${(hash >>> 0).toString(16)}`;
}

/** The fingerprint of a kept reading's plan, computed once. */
const fingerprintOf = builtOncePer(planFingerprint);

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/** MRP could not plan its input (a cycle, an unknown item, a negative lead time …). */
export function mrpFailed(error: { message: string; code: string }) {
  return new RuleViolationError(`planning failed: ${error.message}`, [
    { field: 'plan', rule: error.code, message: error.message },
  ]);
}

function planningFailed(message: string, code: string) {
  return new RuleViolationError(`the plan cannot take this order: ${message}`, [
    { field: 'plan', rule: code, message },
  ]);
}
