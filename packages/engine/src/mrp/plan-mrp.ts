/**
 * Order-driven MRP with pegging.
 *
 * Items are planned one at a time in low-level-code order (every item after all its parents),
 * so an item's gross requirements are complete when it is netted. Requirements live in *pools*:
 * an MTO/ETO item (and an ATO final assembly) needed for a sales order line is planned in that
 * line's pool only — its supply is never shared with another line — while MTS items and ATO
 * components are netted in one shared pool against free stock, open supply, safety stock and the
 * reorder point. In each pool a working day's net requirement gets one planned order, sized by
 * the item's lot-sizing rule. Every requirement carries the top-level demands it serves (pegs);
 * every supply that covers it inherits them, and a planned order hands them down to its
 * components, so each sales order line can see its whole supply tree and each supply its demands.
 *
 * An open job is supply for its item, and what it still needs of its components
 * (`MrpSupply.components`) is dependent demand, pegged to the demands the job serves: material
 * bought for one job is not free supply for the next order.
 *
 * Complexity: O(items + BOM lines + requirements · log + pegs) per run; net change nets only the
 * changed demands' and supplies' items and everything below them (see mrp-context.ts, net-item.ts).
 */
import type { Result } from '../common/result';
import {
  type DemandChange,
  type MrpChange,
  MrpContext,
  type MrpNetChange,
  type SupplyChange,
} from './mrp-context';
import { lotQuantity } from './net-item';
import { FIXED, LOT_FOR_LOT, MINIMUM, MULTIPLE, PERIOD } from './plant-index';
import type { MrpInput, MrpItem, MrpPlan } from './types';

export { lowLevelCodes } from './low-level-codes';
export type { ItemSupply } from './mrp-context';
export { addWorkingDays } from './working-days';
export { type DemandChange, type MrpChange, MrpContext, type MrpNetChange, type SupplyChange };

/** the prepared context behind each plan this module returned, for net change */
const contextOf = new WeakMap<MrpPlan, MrpContext>();

export function planMrp(input: MrpInput): Result<MrpPlan> {
  const context = MrpContext.prepare(input);
  if (!context.ok) return context;
  return { ok: true, value: planOf(context.value) };
}

/** Indexes and plans `input`; keep the context to re-plan demand changes by net change. */
export function prepareMrp(input: MrpInput): Result<MrpContext> {
  return MrpContext.prepare(input);
}

/**
 * Re-plans after some order lines were added, changed or removed, and some open supplies (by id:
 * a job whose components changed, a purchase order with a new date, one received or cancelled):
 * only their items and the items below them are netted again; the rest of the previous plan
 * stands. Same result as a regenerative run on the same input. The rest of `input` must be the
 * previous run's (the same item, BOM and on-hand arrays; the same supply array unless
 * `changedSupplyIds` says what changed in it; other reservations re-net the items whose
 * reservations differ); otherwise, or for a plan this module did not make, it plans
 * regeneratively.
 */
export function planNetChange(
  input: MrpInput,
  previous: MrpPlan,
  changedDemandIds: string[],
  changedSupplyIds: string[] = [],
): Result<MrpPlan> {
  const context = contextOf.get(previous);
  const reservationsChanged = context !== undefined && input.reservations !== context.input.reservations;
  const accepted =
    changedSupplyIds.length > 0 || reservationsChanged
      ? context?.acceptsChangesOf(input)
      : context?.acceptsDemandsOf(input);
  if (!context || !accepted) return planMrp(input);
  const changed = new Set(changedDemandIds);
  const set = input.demands.filter((d) => changed.has(d.id));
  const present = new Set(set.map((d) => d.id));
  const remove = changedDemandIds.filter((id) => !present.has(id));
  const change: MrpChange = { demands: { set, remove } };
  if (changedSupplyIds.length > 0) {
    const ids = new Set(changedSupplyIds);
    const setSupplies = (input.supplies ?? []).filter((s) => ids.has(s.id));
    const there = new Set(setSupplies.map((s) => s.id));
    change.supplies = { set: setSupplies, remove: changedSupplyIds.filter((id) => !there.has(id)) };
  }
  if (reservationsChanged) change.reservations = input.reservations ?? [];
  const next = context.change(change, { demands: input.demands, supplies: input.supplies });
  if (!next.ok) return next;
  return { ok: true, value: planOf(next.value.context) };
}

/** The prepared context behind a plan returned by `planMrp` or `planNetChange`, to go on by net change. */
export function mrpContextOf(plan: MrpPlan): MrpContext | undefined {
  return contextOf.get(plan);
}

function planOf(context: MrpContext): MrpPlan {
  const plan = context.plan();
  contextOf.set(plan, context);
  return plan;
}

const RULES = {
  'lot-for-lot': LOT_FOR_LOT,
  fixed: FIXED,
  minimum: MINIMUM,
  multiple: MULTIPLE,
  period: PERIOD,
};

/**
 * The quantity of one planned order covering the net requirement `net` of a bucket, by the item's
 * lot-sizing rule; for 'period', `periodRest` is what the following days of its period need.
 */
export function lotSize(item: MrpItem, net: number, periodRest = 0): number {
  const rule = RULES[item.lotSizing?.rule ?? 'lot-for-lot'] ?? LOT_FOR_LOT;
  return lotQuantity(rule, item.lotSizing?.quantity ?? 0, net, periodRest);
}
