/**
 * What MRP planned for one item, in compact arrays: its flows (planned orders; for a phantom,
 * what passed straight through to its components), the pegs of each flow, its pegging links and
 * its messages. Immutable once built: a net change replaces whole item plans and shares the rest,
 * and the plain objects of the public plan are built from it on first read.
 */
import type { NameTable } from './name-table';
import { BUY, JOB_PEG, PHANTOM, type PlantIndex, SHARED_POOL } from './plant-index';
import type { MrpException, Peg, PeggingLink, PlannedOrder } from './types';

/** `linkSupply` of a link to stock; open supply k of the item is `OPEN_SUPPLY - k` */
export const STOCK = -1;
export const OPEN_SUPPLY = -2;

/**
 * Packed in two shared arrays (a chunk of a plan arena, so a plant's plan is a few large buffers,
 * not hundreds of thousands of small ones):
 *   ints:   pool[F] seq[F] pegEnd[F] pegCode[P] linkCode[L] linkSupply[L] linkPool[L] linkJob[J]
 *           jobPeg[S + 1]
 *   floats: quantity[F] start[F] due[F] priority[F] pegQuantity[P] linkQuantity[L] linkNeeded[L]
 * for F flows, P pegs and L links (a link's due date is its supply's). The pegs of the item's
 * open jobs with components follow the flows' pegs: open supply k's are pegs jobPeg[k] ..
 * jobPeg[k + 1] - 1 (S is the item's number of supplies, 0 when none is such a job); linkJob
 * (J = L, or 0 when no link covers a job's component need) names the job of each link.
 */
export class ItemPlan {
  /** the plain objects, built once on first read */
  objects?: { plannedOrders: PlannedOrder[]; pegging: PeggingLink[] };
  private readonly seqAt: number;
  private readonly pegEndAt: number;
  /** where the pegs' codes start in `ints` and their quantities in `floats` */
  readonly pegCodeAt: number;
  readonly pegQuantityAt: number;
  private readonly linkCodeAt: number;
  private readonly linkJobAt: number;
  private readonly jobPegAt: number;
  private readonly startAt: number;
  private readonly dueAt: number;
  private readonly priorityAt: number;
  private readonly linkQuantityAt: number;

  constructor(
    readonly item: number,
    readonly flowCount: number,
    readonly pegCount: number,
    readonly linkCount: number,
    readonly ints: Int32Array,
    readonly floats: Float64Array,
    /** where the item's part of `ints` and of `floats` starts */
    private readonly intAt: number,
    private readonly floatAt: number,
    readonly exceptions: MrpException[],
    /** open supplies with a range of job pegs (0: none of them is a job with components) */
    readonly jobCount = 0,
    /** whether links name the job whose component need they cover */
    private readonly jobLinks = false,
  ) {
    const F = flowCount;
    this.seqAt = intAt + F;
    this.pegEndAt = intAt + 2 * F;
    this.pegCodeAt = intAt + 3 * F;
    this.linkCodeAt = this.pegCodeAt + pegCount;
    this.linkJobAt = this.linkCodeAt + 3 * linkCount;
    this.jobPegAt = this.linkJobAt + (jobLinks ? linkCount : 0);
    this.startAt = floatAt + F;
    this.dueAt = floatAt + 2 * F;
    this.priorityAt = floatAt + 3 * F;
    this.pegQuantityAt = floatAt + 4 * F;
    this.linkQuantityAt = this.pegQuantityAt + pegCount;
  }

  /** entries it takes in the arena (floats; ints take fewer) */
  get size(): number {
    return ItemPlan.floatsFor(this.flowCount, this.pegCount, this.linkCount);
  }

  static intsFor(flows: number, pegs: number, links: number, jobLinks = 0, jobs = 0): number {
    return 3 * flows + pegs + 3 * links + jobLinks + (jobs > 0 ? jobs + 1 : 0);
  }

  static floatsFor(flows: number, pegs: number, links: number): number {
    return 4 * flows + pegs + 2 * links;
  }

  /** SHARED_POOL or the order line's name code */
  pool(f: number): number {
    return this.ints[this.intAt + f];
  }
  /** the order's number in its pool (its id), from 1 */
  seq(f: number): number {
    return this.ints[this.seqAt + f];
  }
  /** flow f's pegs are pegs pegFrom(f) .. pegTo(f) - 1 */
  pegFrom(f: number): number {
    return f ? this.ints[this.pegEndAt + f - 1] : 0;
  }
  pegTo(f: number): number {
    return this.ints[this.pegEndAt + f];
  }
  pegCode(p: number): number {
    return this.ints[this.pegCodeAt + p];
  }
  pegQuantity(p: number): number {
    return this.floats[this.pegQuantityAt + p];
  }
  quantity(f: number): number {
    return this.floats[this.floatAt + f];
  }
  /** when its components are needed: the order's start, or a phantom's need */
  start(f: number): number {
    return this.floats[this.startAt + f];
  }
  due(f: number): number {
    return this.floats[this.dueAt + f];
  }
  /** priority handed to components (phantoms pass their requirement's on, orders 0) */
  priority(f: number): number {
    return this.floats[this.priorityAt + f];
  }
  linkCode(l: number): number {
    return this.ints[this.linkCodeAt + l];
  }
  /** a flow index, STOCK, or OPEN_SUPPLY - k */
  linkSupply(l: number): number {
    return this.ints[this.linkCodeAt + this.linkCount + l];
  }
  linkPool(l: number): number {
    return this.ints[this.linkCodeAt + 2 * this.linkCount + l];
  }
  linkQuantity(l: number): number {
    return this.floats[this.linkQuantityAt + l];
  }
  linkNeeded(l: number): number {
    return this.floats[this.linkQuantityAt + this.linkCount + l];
  }
  /** name code of `job:<id>` for a link covering a job's component need, else -1 */
  linkJob(l: number): number {
    return this.jobLinks ? this.ints[this.linkJobAt + l] : -1;
  }
  /** open supply k's pegs (a job with components) are pegs jobPegFrom(k) .. jobPegTo(k) - 1 */
  jobPegFrom(k: number): number {
    return this.ints[this.jobPegAt + k];
  }
  jobPegTo(k: number): number {
    return this.ints[this.jobPegAt + k + 1];
  }
}

export function plannedOrderId(plant: PlantIndex, names: NameTable, item: number, pool: number, seq: number) {
  return `PL-${plant.itemIds[item]}-${pool === SHARED_POOL ? 'S' : names.names[pool]}-${seq}`;
}

/** Planned order f of an item plan as a plain object. */
export function plannedOrderOf(plant: PlantIndex, names: NameTable, plan: ItemPlan, f: number, id: string) {
  const from = plan.pegFrom(f);
  const pegging: Peg[] = new Array(plan.pegTo(f) - from);
  for (let k = 0; k < pegging.length; k++)
    pegging[k] = { demandId: names.names[plan.pegCode(from + k)], quantity: plan.pegQuantity(from + k) };
  const pool = plan.pool(f);
  const order: PlannedOrder = {
    id,
    itemId: plant.itemIds[plan.item],
    kind: plant.kind[plan.item] === BUY ? 'buy' : 'make',
    quantity: plan.quantity(f),
    start: plan.start(f),
    due: plan.due(f),
    pegging,
  };
  if (pool !== SHARED_POOL) order.orderLineId = names.names[pool];
  return order;
}

/** Pegging link l of an item plan as a plain object; `ids` names the plan's flows. */
export function peggingLinkOf(
  plant: PlantIndex,
  names: NameTable,
  plan: ItemPlan,
  l: number,
  ids: string[],
  stockId = `stock:${plant.itemIds[plan.item]}`,
) {
  const itemId = plant.itemIds[plan.item];
  const ref = plan.linkSupply(l);
  let supplyKind: PeggingLink['supplyKind'];
  let supplyId: string;
  let due: number;
  if (ref >= 0) {
    supplyKind = 'planned';
    supplyId = ids[ref];
    due = plan.due(ref);
  } else if (ref === STOCK) {
    supplyKind = 'stock';
    due = plant.now;
    const pool = plan.linkPool(l);
    supplyId = pool === SHARED_POOL ? stockId : `reserved:${itemId}:${names.names[pool]}`;
  } else {
    const supply = plant.supplies[plan.item]![OPEN_SUPPLY - ref].supply;
    supplyKind = supply.kind;
    supplyId = supply.id;
    due = supply.due;
  }
  const link: PeggingLink = {
    demandId: names.names[plan.linkCode(l)],
    itemId,
    supplyKind,
    supplyId,
    quantity: plan.linkQuantity(l),
    due,
    needed: plan.linkNeeded(l),
  };
  const job = plan.linkJob(l);
  if (job >= 0) link.jobId = names.names[job].slice(JOB_PEG.length);
  return link;
}

export function flowIds(plant: PlantIndex, names: NameTable, plan: ItemPlan): string[] {
  const ids: string[] = new Array(plan.flowCount);
  for (let f = 0; f < plan.flowCount; f++)
    ids[f] = plannedOrderId(plant, names, plan.item, plan.pool(f), plan.seq(f));
  return ids;
}

/** The item plan as the public plan's planned orders and pegging links (cached on the item plan). */
export function planObjects(
  plant: PlantIndex,
  names: NameTable,
  plan: ItemPlan,
): { plannedOrders: PlannedOrder[]; pegging: PeggingLink[] } {
  if (plan.objects) return plan.objects;
  const ids = flowIds(plant, names, plan);
  const plannedOrders: PlannedOrder[] =
    plant.kind[plan.item] === PHANTOM ? [] : ids.map((id, f) => plannedOrderOf(plant, names, plan, f, id));
  const stockId = `stock:${plant.itemIds[plan.item]}`;
  const pegging: PeggingLink[] = new Array(plan.linkCount);
  for (let l = 0; l < plan.linkCount; l++) pegging[l] = peggingLinkOf(plant, names, plan, l, ids, stockId);
  plan.objects = { plannedOrders, pegging };
  return plan.objects;
}
