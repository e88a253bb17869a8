/**
 * A prepared MRP plan: the input indexed once (items, BOM and where-used, stock and supply by
 * item, low-level codes), and the plan kept per item in compact arrays. A net change swaps the
 * changed demands and open supplies (a job's components after an engineering change, a purchase
 * order's new date), re-nets only the items downstream of them (their BOM explosion, and the
 * components of the jobs of every item netted again) in low-level order, and shares every other
 * item's plan with the context it came from: the old context stays valid, so contexts are values,
 * and a net change costs what the change touches, not what the plant holds.
 *
 * The result equals a regenerative run on the same input: an item's requirements are read from
 * its parents' plans the same way in both, and netted in the same total order.
 */
import { fail, ok, type Result } from '../common/result';
import { changeDemandIndex, type DemandChange, type DemandIndex, indexDemands } from './demand-index';
import {
  flowIds,
  type ItemPlan,
  peggingLinkOf,
  plannedOrderId,
  plannedOrderOf,
  planObjects,
} from './item-plan';
import { type PlanningOrder, planningOrder } from './low-level-codes';
import { NameTable } from './name-table';
import { ItemNetter } from './net-item';
import {
  changeReservationIndex,
  changeSupplyIndex,
  indexPlant,
  PHANTOM,
  type PlantIndex,
  type SupplyChange,
  sameApartFromDemands,
} from './plant-index';
import type {
  MrpDemand,
  MrpException,
  MrpInput,
  MrpPlan,
  MrpSupply,
  PeggingLink,
  PlannedOrder,
} from './types';

export type { DemandChange } from './demand-index';
export type { SupplyChange } from './plant-index';

/** Demands, open supplies and stock reservations changed at once. */
export interface MrpChange {
  demands?: DemandChange;
  supplies?: SupplyChange;
  /** the whole new list of reservations (the items whose reservations differ are netted again) */
  reservations?: NonNullable<MrpInput['reservations']>;
}

/** The supply of some items: their planned orders, pegging links and messages. */
export interface ItemSupply {
  plannedOrders: PlannedOrder[];
  pegging: PeggingLink[];
  exceptions: MrpException[];
}

/** What a net change changed, next to the whole new plan. */
export interface MrpNetChange {
  /** the plan after the change (the context it came from is unchanged) */
  context: MrpContext;
  /** the items netted again, in the order they were netted: the changed demands' and supplies' items and all below them */
  replannedItemIds: string[];
  /** planned orders that are new, or differ from the previous plan's order of the same id (quantity, dates, pegs) */
  changedOrders: PlannedOrder[];
  /** planned orders of the previous plan that are gone */
  removedOrderIds: string[];
  /** the pegging of the changed demands, all the way down */
  pegging: PeggingLink[];
  /** the messages of the re-planned items */
  exceptions: MrpException[];
}

export class MrpContext {
  private full?: MrpPlan;
  private inputAfter?: MrpInput;

  private constructor(
    private readonly plant: PlantIndex,
    private readonly names: NameTable,
    private readonly demands: DemandIndex,
    private readonly order: PlanningOrder & { codes?: Record<string, number> },
    private readonly plans: ItemPlan[],
  ) {}

  /** Indexes `input` and plans it regeneratively. */
  static prepare(input: MrpInput): Result<MrpContext> {
    const names = new NameTable();
    const plant = indexPlant(input, names);
    if (!plant.ok) return plant;
    const demands = indexDemands(plant.value, names, input.demands);
    if (!demands.ok) return demands;
    const order = planningOrder(plant.value, demands.value);
    if (!order.ok) return order;
    for (const i of input.items)
      if (!(i.leadTimeDays >= 0))
        return fail('negative-lead-time', `item ${i.id} has a negative lead time`, [i.id]);
    const plans: ItemPlan[] = new Array(input.items.length);
    netItems(plant.value, names, demands.value, plans, order.value.order);
    return ok(new MrpContext(plant.value, names, demands.value, order.value, plans));
  }

  /** The input this plan answers. */
  get input(): MrpInput {
    this.inputAfter ??= { ...this.plant.input, demands: this.demands.demands };
    return this.inputAfter;
  }

  /** Whether `input` is this plan's input apart from its demands (the same item, BOM, stock and supply arrays). */
  acceptsDemandsOf(input: MrpInput): boolean {
    return sameApartFromDemands(this.plant, input);
  }

  /**
   * Whether `input` is this plan's input apart from its demands, open supply and reservations
   * (the same item, BOM and on-hand arrays): what `change` takes.
   */
  acceptsChangesOf(input: MrpInput): boolean {
    return sameApartFromDemands(this.plant, input, true);
  }

  /** The whole plan: planned orders, pegging and messages item by item, items in id order. */
  plan(): MrpPlan {
    if (this.full) return this.full;
    let orderCount = 0;
    let linkCount = 0;
    let exceptionCount = 0;
    for (const plan of this.plans) {
      orderCount += this.plant.kind[plan.item] === PHANTOM ? 0 : plan.flowCount;
      linkCount += plan.linkCount;
      exceptionCount += plan.exceptions.length;
    }
    const plannedOrders: PlannedOrder[] = new Array(orderCount);
    const pegging: PeggingLink[] = new Array(linkCount);
    const exceptions: MrpException[] = new Array(exceptionCount);
    let o = 0;
    let l = 0;
    let e = 0;
    for (const x of this.plant.byRank) {
      const plan = this.plans[x];
      if (plan.flowCount > 0 || plan.linkCount > 0) {
        const objects = planObjects(this.plant, this.names, plan);
        for (const order of objects.plannedOrders) plannedOrders[o++] = order;
        for (const link of objects.pegging) pegging[l++] = link;
      }
      for (const exception of plan.exceptions) exceptions[e++] = exception;
    }
    this.full = { plannedOrders, pegging, exceptions, lowLevelCodes: this.lowLevelCodes() };
    return this.full;
  }

  /** The planned orders, pegging and messages of some items (e.g. those a net change re-planned). */
  supplyOf(itemIds: string[]): ItemSupply {
    const supply: ItemSupply = { plannedOrders: [], pegging: [], exceptions: [] };
    for (const id of itemIds) {
      const x = this.plant.itemIndex.get(id);
      if (x !== undefined)
        this.collect(this.plans[x], supply.plannedOrders, supply.pegging, supply.exceptions);
    }
    return supply;
  }

  /**
   * Net change: the plan after adding, replacing or removing some demands. Only the changed
   * demands' items and the items below them (in the standard BOM and the changed lines'
   * configured BOMs) are netted again, in low-level-code order; every other item keeps its plan.
   * `demands`, when given, is the resulting demand list (saves building it).
   */
  changeDemands(change: DemandChange, demands?: MrpDemand[]): Result<MrpNetChange> {
    return this.change({ demands: change }, { demands });
  }

  /**
   * Net change of open supply: jobs and purchase orders added, replaced (a new due date or
   * quantity, a job's components after an engineering change) or gone. The items of the changed
   * supplies and everything below them are netted again. `supplies`, when given, is the
   * resulting supply list (saves building it).
   */
  changeSupplies(change: SupplyChange, supplies?: MrpSupply[]): Result<MrpNetChange> {
    return this.change({ supplies: change }, { supplies });
  }

  /** Net change of demands and open supply at once (`lists`: the resulting lists, when the caller has them). */
  change(
    change: MrpChange,
    lists: { demands?: MrpDemand[]; supplies?: MrpSupply[] } = {},
  ): Result<MrpNetChange> {
    const { names } = this;
    let plant = this.plant;
    const roots: number[] = [];
    const pools: number[] = [];
    let partsTouched = false;
    if (change.reservations) {
      const reserved = changeReservationIndex(plant, names, change.reservations);
      plant = reserved.plant;
      roots.push(...reserved.items);
      pools.push(...reserved.pools);
    }
    if (change.supplies) {
      const changedSupply = changeSupplyIndex(plant, names, change.supplies, lists.supplies);
      if (!changedSupply.ok) return changedSupply;
      plant = changedSupply.value.plant;
      roots.push(...changedSupply.value.items, ...changedSupply.value.components);
      pools.push(...changedSupply.value.pools);
      partsTouched = changedSupply.value.partsTouched;
    }
    const changed = changeDemandIndex(plant, names, this.demands, change.demands ?? {}, lists.demands);
    if (!changed.ok) return changed;
    const { index, before, after } = changed.value;
    const touched = [...before, ...after];
    let order: Result<PlanningOrder> = ok(this.order);
    if (partsTouched || touched.some((d) => d.bom)) order = planningOrder(plant, index);
    if (!order.ok) return order;

    // the changed demands' and supplies' items and everything below them
    const extra = new Map<number, number[]>();
    const addEdge = (parent: number, child: number) => {
      const list = extra.get(parent);
      if (list) list.push(child);
      else extra.set(parent, [child]);
    };
    for (const d of touched)
      for (const line of d.bom ?? [])
        addEdge(plant.itemIndex.get(line.parentId)!, plant.itemIndex.get(line.childId)!);
    // a changed supply of an order line changes the line's flows, and so its configured children
    for (const pool of pools)
      for (const [parent, lines] of [
        ...(index.lineBoms.get(pool) ?? []),
        ...(this.demands.lineBoms.get(pool) ?? []),
      ])
        for (const child of lines.child) addEdge(parent, child);
    const reached = new Uint8Array(plant.items.length);
    const stack = [...touched.map((d) => plant.itemIndex.get(d.itemId)!), ...roots];
    const affected: number[] = [];
    while (stack.length) {
      const x = stack.pop()!;
      if (reached[x]) continue;
      reached[x] = 1;
      affected.push(x);
      for (let at = plant.bomStart[x]; at < plant.bomStart[x + 1]; at++) stack.push(plant.bomChild[at]);
      for (const child of extra.get(x) ?? []) stack.push(child);
      // the pegs of x's jobs follow x's netting: their components are netted again too
      if (plant.hasJobParts[x])
        for (const s of plant.supplies[x]!) if (s.parts) for (const c of s.parts.child) stack.push(c);
    }
    const { llc } = order.value;
    affected.sort((a, b) => llc[a] - llc[b] || plant.rank[a] - plant.rank[b]);

    const plans = this.plans.slice();
    let room = 0;
    for (const x of affected) room += this.plans[x].size;
    netItems(plant, names, index, plans, affected, room + (room >> 2));
    const changedCodes = new Set<number>();
    for (const d of after) changedCodes.add(names.code(d.id));
    return ok({
      context: new MrpContext(plant, names, index, order.value, plans),
      replannedItemIds: affected.map((x) => plant.itemIds[x]),
      ...this.differences(affected, plans, changedCodes, plant),
    });
  }

  /** The orders that changed between this plan and `plans` on the items given, and the pegging of some demands. */
  private differences(
    items: number[],
    plans: ItemPlan[],
    codes: Set<number>,
    plant: PlantIndex,
  ): Pick<MrpNetChange, 'changedOrders' | 'removedOrderIds' | 'pegging' | 'exceptions'> {
    const { names } = this;
    const changedOrders: PlannedOrder[] = [];
    const removedOrderIds: string[] = [];
    const pegging: PeggingLink[] = [];
    const exceptions: MrpException[] = [];
    for (const x of items) {
      const was = this.plans[x];
      const now = plans[x];
      for (const e of now.exceptions) exceptions.push(e);
      if (plant.kind[x] !== PHANTOM) {
        // flows of a pool are contiguous and numbered 1.. in it: match old and new by pool and number
        const first = poolStarts(was);
        let pool = Number.NaN;
        let base = -1;
        let end = 0;
        for (let f = 0; f < now.flowCount; f++) {
          if (now.pool(f) !== pool) {
            pool = now.pool(f);
            base = first.get(pool) ?? -1;
            end = base < 0 ? 0 : poolEnd(was, base);
          }
          const old = base < 0 ? -1 : base + now.seq(f) - 1;
          if (old >= 0 && old < end && sameFlow(was, old, now, f)) continue;
          const id = plannedOrderId(plant, names, x, pool, now.seq(f));
          changedOrders.push(plannedOrderOf(plant, names, now, f, id));
        }
        // pool by pool (a pool's end once, not once per flow): orders numbered past the new count are gone
        const last = poolStarts(now);
        for (let f = 0; f < was.flowCount; ) {
          const pool = was.pool(f);
          const stop = poolEnd(was, f);
          const at = last.get(pool);
          const kept = at === undefined ? 0 : poolEnd(now, at) - at;
          for (; f < stop; f++)
            if (was.seq(f) > kept) removedOrderIds.push(plannedOrderId(plant, names, x, pool, was.seq(f)));
        }
      }
      let ids: string[] | undefined;
      for (let l = 0; l < now.linkCount; l++)
        if (codes.has(now.linkCode(l))) {
          ids ??= flowIds(plant, names, now);
          pegging.push(peggingLinkOf(plant, names, now, l, ids));
        }
    }
    return { changedOrders, removedOrderIds, pegging, exceptions };
  }

  private collect(
    plan: ItemPlan,
    plannedOrders: PlannedOrder[],
    pegging: PeggingLink[],
    exceptions: MrpException[],
  ): void {
    if (plan.flowCount > 0 || plan.linkCount > 0) {
      const objects = planObjects(this.plant, this.names, plan);
      for (const o of objects.plannedOrders) plannedOrders.push(o);
      for (const l of objects.pegging) pegging.push(l);
    }
    for (const e of plan.exceptions) exceptions.push(e);
  }

  private lowLevelCodes(): Record<string, number> {
    if (!this.order.codes) {
      const codes: Record<string, number> = {};
      this.plant.itemIds.forEach((id, x) => {
        codes[id] = this.order.llc[x];
      });
      this.order.codes = codes;
    }
    return this.order.codes;
  }
}

/** where each pool's flows start in a plan */
function poolStarts(plan: ItemPlan): Map<number, number> {
  const starts = new Map<number, number>();
  for (let f = 0; f < plan.flowCount; f = poolEnd(plan, f)) starts.set(plan.pool(f), f);
  return starts;
}

function poolEnd(plan: ItemPlan, from: number): number {
  let f = from;
  while (f < plan.flowCount && plan.pool(f) === plan.pool(from)) f++;
  return f;
}

function sameFlow(a: ItemPlan, f: number, b: ItemPlan, g: number): boolean {
  if (a.quantity(f) !== b.quantity(g) || a.start(f) !== b.start(g) || a.due(f) !== b.due(g)) return false;
  const aFrom = a.pegFrom(f);
  const bFrom = b.pegFrom(g);
  const count = a.pegTo(f) - aFrom;
  if (count !== b.pegTo(g) - bFrom) return false;
  for (let k = 0; k < count; k++)
    if (
      a.pegCode(aFrom + k) !== b.pegCode(bFrom + k) ||
      a.pegQuantity(aFrom + k) !== b.pegQuantity(bFrom + k)
    )
      return false;
  return true;
}

function netItems(
  plant: PlantIndex,
  names: NameTable,
  demands: DemandIndex,
  plans: ItemPlan[],
  items: ArrayLike<number>,
  room?: number,
): void {
  const netter = new ItemNetter({ plant, names, demands, plans }, room);
  for (let k = 0; k < items.length; k++) plans[items[k]] = netter.plan(items[k]);
}
