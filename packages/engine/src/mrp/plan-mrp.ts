/**
 * Order-driven MRP with pegging.
 *
 * Items are planned one at a time in low-level-code order (every item after all its parents),
 * so an item's gross requirements are complete when it is netted. Requirements live in *pools*:
 * an MTO/ETO item (and an ATO final assembly) needed for a sales order line is planned in that
 * line's pool only — its supply is never shared with another line — while MTS items and ATO
 * components are netted in one shared pool against free stock, open supply, safety stock and the
 * reorder point. Every requirement carries the top-level demands it serves (pegs); every supply
 * that covers it inherits them, and a planned order hands them down to its components, so each
 * sales order line can see its whole supply tree and each supply its demands.
 *
 * Complexity: O(items + BOM lines + requirements · log) per run; net change re-plans only the
 * changed demand's item and everything below it.
 */
import { fail, ok, type Result } from '../common/result';
import type { Minutes } from '../common/time';
import type {
  MrpBomLine,
  MrpDemand,
  MrpException,
  MrpInput,
  MrpItem,
  MrpPlan,
  MrpSupply,
  Peg,
  PeggingLink,
  PlannedOrder,
} from './types';

const SHARED = '*';
const EPS = 1e-9;

interface Requirement {
  pool: string;
  quantity: number;
  need: Minutes;
  priority: number;
  pegs: Peg[];
  /** where it comes from (a demand or a parent order): a stable tie-break, so runs agree */
  source: string;
}

interface AvailableSupply {
  kind: PeggingLink['supplyKind'];
  id: string;
  remaining: number;
  due: Minutes;
  firstNeed: Minutes;
  used: number;
  /** set for planned orders: receives the pegs of what it covers */
  order?: PlannedOrder;
}

export function planMrp(input: MrpInput): Result<MrpPlan> {
  return planItems(input, undefined, undefined);
}

/**
 * Re-plans after one order line was added, changed or removed: only that line's item and the
 * items below it are netted again; the rest of the previous plan stands. Same result as a
 * regenerative run on the same input.
 */
export function planNetChange(
  input: MrpInput,
  previous: MrpPlan,
  changedDemandIds: string[],
): Result<MrpPlan> {
  const changed = new Set(changedDemandIds);
  const roots = new Set<string>();
  for (const d of input.demands) if (changed.has(d.id)) roots.add(d.itemId);
  for (const link of previous.pegging) if (changed.has(link.demandId)) roots.add(link.itemId);
  for (const order of previous.plannedOrders)
    if (order.pegging.some((p) => changed.has(p.demandId))) roots.add(order.itemId);
  const children = childMap(input.bom, input.demands);
  const affected = new Set<string>();
  const stack = [...roots];
  while (stack.length) {
    const item = stack.pop()!;
    if (affected.has(item)) continue;
    affected.add(item);
    for (const child of children.get(item) ?? []) stack.push(child);
  }
  return planItems(input, affected, previous);
}

function childMap(bom: MrpBomLine[], demands: MrpDemand[]): Map<string, Set<string>> {
  const children = new Map<string, Set<string>>();
  const add = (l: MrpBomLine) => {
    if (!children.has(l.parentId)) children.set(l.parentId, new Set());
    children.get(l.parentId)!.add(l.childId);
  };
  bom.forEach(add);
  for (const d of demands) d.bom?.forEach(add);
  return children;
}

/** Low-level codes by longest path from any root; a BOM cycle is an error value with its path. */
export function lowLevelCodes(
  items: MrpItem[],
  bom: MrpBomLine[],
  demands: MrpDemand[],
): Result<Map<string, number>> {
  const children = childMap(bom, demands);
  const itemIds = new Set(items.map((i) => i.id));
  for (const [parent, kids] of children) {
    for (const kid of [parent, ...kids])
      if (!itemIds.has(kid)) return fail('unknown-item', `BOM line names unknown item ${kid}`, [kid]);
  }
  const indegree = new Map(items.map((i) => [i.id, 0]));
  for (const kids of children.values()) for (const k of kids) indegree.set(k, indegree.get(k)! + 1);
  const code = new Map(items.map((i) => [i.id, 0]));
  const queue = items.filter((i) => indegree.get(i.id) === 0).map((i) => i.id);
  let seen = 0;
  while (queue.length) {
    const item = queue.pop()!;
    seen++;
    for (const kid of children.get(item) ?? []) {
      code.set(kid, Math.max(code.get(kid)!, code.get(item)! + 1));
      indegree.set(kid, indegree.get(kid)! - 1);
      if (indegree.get(kid) === 0) queue.push(kid);
    }
  }
  if (seen < items.length) {
    const path = cyclePath(children, items.filter((i) => indegree.get(i.id)! > 0).map((i) => i.id)[0]);
    return fail('cycle', `the BOM structure is circular: ${path.join(' → ')}`, path);
  }
  return ok(code);
}

function cyclePath(children: Map<string, Set<string>>, start: string): string[] {
  const path = [start];
  const onPath = new Set([start]);
  let at = start;
  for (;;) {
    const next = [...(children.get(at) ?? [])].find((k) => onPath.has(k) || children.has(k));
    if (next === undefined) return path;
    if (onPath.has(next)) return [...path.slice(path.indexOf(next)), next];
    path.push(next);
    onPath.add(next);
    at = next;
  }
}

function planItems(
  input: MrpInput,
  affected: Set<string> | undefined,
  previous: MrpPlan | undefined,
): Result<MrpPlan> {
  const llc = lowLevelCodes(input.items, input.bom, input.demands);
  if (!llc.ok) return llc;
  const items = new Map(input.items.map((i) => [i.id, i]));
  for (const d of input.demands) {
    if (!items.has(d.itemId))
      return fail('unknown-item', `demand ${d.id} names unknown item ${d.itemId}`, [d.id]);
    if (!(d.quantity >= 0) || !Number.isFinite(d.due))
      return fail('bad-demand', `demand ${d.id} has a negative quantity or no due date`, [d.id]);
  }
  for (const i of input.items)
    if (!(i.leadTimeDays >= 0))
      return fail('negative-lead-time', `item ${i.id} has a negative lead time`, [i.id]);
  const inScope = (itemId: string) => !affected || affected.has(itemId);
  const standardBom = new Map<string, MrpBomLine[]>();
  for (const line of input.bom)
    standardBom.set(line.parentId, [...(standardBom.get(line.parentId) ?? []), line]);
  const lineBoms = new Map<string, Map<string, MrpBomLine[]>>();
  for (const d of input.demands) {
    if (!d.bom) continue;
    const byParent = new Map<string, MrpBomLine[]>();
    for (const line of d.bom) byParent.set(line.parentId, [...(byParent.get(line.parentId) ?? []), line]);
    lineBoms.set(d.id, byParent);
  }
  const bomFor = (parentId: string, pool: string) =>
    lineBoms.get(pool)?.get(parentId) ?? standardBom.get(parentId) ?? [];
  const poolFor = (item: MrpItem, parentPool: string) => (item.strategy === 'MTS' ? SHARED : parentPool);

  const requirements = new Map<string, Requirement[]>();
  const addRequirement = (itemId: string, r: Requirement) => {
    if (!inScope(itemId) || r.quantity <= EPS) return;
    const list = requirements.get(itemId);
    if (list) list.push(r);
    else requirements.set(itemId, [r]);
  };
  for (const d of input.demands) {
    const item = items.get(d.itemId)!;
    const pool = d.kind === 'order' && item.strategy !== 'MTS' ? d.id : SHARED;
    addRequirement(d.itemId, {
      pool,
      quantity: d.quantity,
      need: d.due,
      priority: d.priority ?? 0,
      pegs: [{ demandId: d.id, quantity: d.quantity }],
      source: `demand:${d.id}`,
    });
  }

  /** Gross requirements of the components of `quantity` of a parent, due at `need`. */
  const explode = (
    parent: MrpItem,
    pool: string,
    quantity: number,
    need: Minutes,
    pegs: Peg[],
    priority: number,
    onlyAffected: boolean,
    source: string,
  ) => {
    const made = quantity * (1 + (parent.kind === 'make' ? (parent.scrapFactor ?? 0) : 0));
    for (const line of bomFor(parent.id, pool)) {
      if (onlyAffected && !inScope(line.childId)) continue;
      const child = items.get(line.childId)!;
      const gross = made * line.quantityPer * (1 + (line.scrapFactor ?? 0));
      addRequirement(line.childId, {
        pool: poolFor(child, pool),
        quantity: gross,
        need,
        priority,
        pegs: scalePegs(pegs, gross / quantity),
        source,
      });
    }
  };

  // net change: components of unchanged parents keep receiving what the previous plan asks of them
  const previousOrders = new Map<string, PlannedOrder[]>();
  if (previous && affected) {
    for (const o of previous.plannedOrders)
      if (!affected.has(o.itemId)) previousOrders.set(o.itemId, [...(previousOrders.get(o.itemId) ?? []), o]);
    for (const [itemId, orders] of previousOrders) {
      const parent = items.get(itemId)!;
      for (const o of orders)
        explode(parent, o.orderLineId ?? SHARED, o.quantity, o.start, o.pegging, 0, true, `order:${o.id}`);
    }
    for (const flow of previousPhantomFlows(previous)) {
      if (affected.has(flow.itemId)) continue;
      explode(items.get(flow.itemId)!, flow.pool, flow.quantity, flow.need, flow.pegs, 0, true, flow.source);
    }
  }

  const supplies = input.supplies ?? [];
  const suppliesByItem = new Map<string, MrpSupply[]>();
  for (const s of supplies) suppliesByItem.set(s.itemId, [...(suppliesByItem.get(s.itemId) ?? []), s]);
  const onHand = new Map<string, number>();
  for (const s of input.onHand ?? []) onHand.set(s.itemId, (onHand.get(s.itemId) ?? 0) + s.quantity);
  const reserved = new Map<string, number>();
  const reservedFor = new Map<string, number>();
  for (const r of input.reservations ?? []) {
    reserved.set(r.itemId, (reserved.get(r.itemId) ?? 0) + r.quantity);
    reservedFor.set(
      `${r.itemId}|${r.orderLineId}`,
      (reservedFor.get(`${r.itemId}|${r.orderLineId}`) ?? 0) + r.quantity,
    );
  }

  const plannedOrders: PlannedOrder[] = [];
  const pegging: PeggingLink[] = [];
  const exceptions: MrpException[] = [];
  const phantomFlows: PhantomFlow[] = [];
  const deferMinutes = (input.deferThresholdDays ?? 5) * 1440;
  const order = input.items
    .filter((i) => inScope(i.id))
    .sort((a, b) => llc.value.get(a.id)! - llc.value.get(b.id)! || (a.id < b.id ? -1 : 1));

  for (const item of order) {
    const reqs = requirements.get(item.id) ?? [];
    const pools = new Map<string, Requirement[]>();
    for (const r of reqs) pools.set(r.pool, [...(pools.get(r.pool) ?? []), r]);
    if (item.strategy === 'MTS' || pools.has(SHARED) || item.safetyStock || item.reorderPoint !== undefined) {
      if (!pools.has(SHARED)) pools.set(SHARED, []);
    }
    const openSupplies = suppliesByItem.get(item.id) ?? [];
    for (const s of openSupplies)
      if (s.orderLineId && !pools.has(s.orderLineId)) pools.set(s.orderLineId, []);
    let counter = 0;
    for (const [pool, poolReqs] of [...pools].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const available: AvailableSupply[] = [];
      const free =
        pool === SHARED
          ? Math.max(0, (onHand.get(item.id) ?? 0) - (reserved.get(item.id) ?? 0))
          : (reservedFor.get(`${item.id}|${pool}`) ?? 0);
      if (free > EPS)
        available.push({
          kind: 'stock',
          id: pool === SHARED ? `stock:${item.id}` : `reserved:${item.id}:${pool}`,
          remaining: free,
          due: input.now,
          firstNeed: Infinity,
          used: 0,
        });
      for (const s of openSupplies) {
        if ((s.orderLineId ?? SHARED) === pool)
          available.push({
            kind: s.kind,
            id: s.id,
            remaining: s.quantity,
            due: s.due,
            firstNeed: Infinity,
            used: 0,
          });
      }
      available.sort((a, b) => a.due - b.due);
      const gross = [...poolReqs];
      if (pool === SHARED && (item.safetyStock ?? 0) > 0) {
        gross.push({
          pool,
          quantity: item.safetyStock!,
          need: input.now,
          priority: 0,
          pegs: [{ demandId: `safety-stock:${item.id}`, quantity: item.safetyStock! }],
          source: 'safety-stock',
        });
      }
      if (pool === SHARED && item.reorderPoint !== undefined) {
        const projected =
          available.reduce((s, a) => s + a.remaining, 0) - gross.reduce((s, r) => s + r.quantity, 0);
        if (projected < item.reorderPoint) {
          const q = item.reorderPoint - projected;
          gross.push({
            pool,
            quantity: q,
            need: input.now,
            priority: 0,
            pegs: [{ demandId: `reorder-point:${item.id}`, quantity: q }],
            source: 'reorder-point',
          });
        }
      }
      gross.sort(
        (a, b) =>
          a.need - b.need ||
          b.priority - a.priority ||
          (a.source < b.source ? -1 : a.source > b.source ? 1 : 0),
      );

      for (const r of gross) {
        let open = r.quantity;
        let pegQueue = r.pegs.map((p) => ({ ...p }));
        const take = (supply: AvailableSupply, quantity: number) => {
          const [taken, rest] = splitPegs(pegQueue, quantity);
          pegQueue = rest;
          supply.remaining -= quantity;
          supply.used += quantity;
          supply.firstNeed = Math.min(supply.firstNeed, r.need);
          open -= quantity;
          for (const peg of taken) {
            pegging.push({
              demandId: peg.demandId,
              itemId: item.id,
              supplyKind: supply.kind,
              supplyId: supply.id,
              quantity: peg.quantity,
              due: supply.due,
              needed: r.need,
            });
          }
          if (supply.order) mergePegs(supply.order.pegging, taken);
          if (supply.due > r.need && supply.kind !== 'planned') {
            exceptions.push({
              kind: 'expedite',
              itemId: item.id,
              quantity,
              date: r.need,
              supplyId: supply.id,
              demandIds: taken.map((p) => p.demandId),
              message: `${supply.id} is due after it is needed: bring it forward`,
            });
          }
        };
        for (const supply of available) {
          if (open <= EPS) break;
          if (supply.remaining <= EPS) continue;
          take(supply, Math.min(open, supply.remaining));
        }
        if (open <= EPS) continue;
        if (item.kind === 'phantom') {
          // a phantom is never stocked or ordered: what stock does not cover goes straight to its components
          const [taken] = splitPegs(pegQueue, open);
          const source = `phantom:${item.id}:${r.source}`;
          phantomFlows.push({ itemId: item.id, pool, quantity: open, need: r.need, pegs: taken, source });
          explode(item, pool, open, r.need, taken, r.priority, false, source);
          continue;
        }
        // a new planned order (lot sized); what it makes beyond this need covers later needs
        const lot = lotSize(item, open, r.need, gross, input.workingDays);
        const dates = offset(input, item, r.need);
        const planned: PlannedOrder = {
          id: `PL-${item.id}-${pool === SHARED ? 'S' : pool}-${++counter}`,
          itemId: item.id,
          kind: item.kind === 'buy' ? 'buy' : 'make',
          quantity: lot,
          start: dates.start,
          due: dates.due,
          ...(pool === SHARED ? {} : { orderLineId: pool }),
          pegging: [],
        };
        plannedOrders.push(planned);
        if (dates.late) {
          exceptions.push({
            kind: item.kind === 'buy' ? 'shortage' : 'late',
            itemId: item.id,
            quantity: lot,
            date: dates.due,
            supplyId: planned.id,
            demandIds: pegQueue.map((p) => p.demandId),
            message:
              item.kind === 'buy'
                ? `needed inside the purchase lead time: the earliest receipt is after the need date`
                : `cannot be made in time even if started now`,
          });
        }
        const supply: AvailableSupply = {
          kind: 'planned',
          id: planned.id,
          remaining: lot,
          due: planned.due,
          firstNeed: Infinity,
          used: 0,
          order: planned,
        };
        available.push(supply);
        take(supply, open);
      }
      for (const supply of available) {
        if (supply.kind === 'planned') {
          const o = supply.order!;
          if (supply.remaining > EPS)
            mergePegs(o.pegging, [{ demandId: `surplus:${item.id}`, quantity: supply.remaining }]);
          explode(item, pool, o.quantity, o.start, o.pegging, 0, false, `order:${o.id}`);
          continue;
        }
        if (supply.kind === 'stock') continue;
        if (supply.used <= EPS) {
          exceptions.push({
            kind: 'cancel',
            itemId: item.id,
            quantity: supply.remaining,
            date: supply.due,
            supplyId: supply.id,
            demandIds: [],
            message: `${supply.id} is not needed by any demand`,
          });
        } else if (supply.firstNeed - supply.due >= deferMinutes) {
          exceptions.push({
            kind: 'defer',
            itemId: item.id,
            quantity: supply.used,
            date: supply.firstNeed,
            supplyId: supply.id,
            demandIds: [],
            message: `${supply.id} arrives well before it is needed: push it back`,
          });
        }
      }
    }
  }

  const kept = (itemId: string) => affected !== undefined && !affected.has(itemId);
  const result: MrpPlan = {
    plannedOrders: [...(previous?.plannedOrders.filter((o) => kept(o.itemId)) ?? []), ...plannedOrders].sort(
      byItemThenId,
    ),
    pegging: [...(previous?.pegging.filter((l) => kept(l.itemId)) ?? []), ...pegging],
    exceptions: [...(previous?.exceptions.filter((e) => kept(e.itemId)) ?? []), ...exceptions],
    lowLevelCodes: Object.fromEntries(llc.value),
  };
  phantomFlowsOf.set(result, [
    ...(previous ? previousPhantomFlows(previous).filter((f) => kept(f.itemId)) : []),
    ...phantomFlows,
  ]);
  return ok(result);
}

interface PhantomFlow {
  itemId: string;
  pool: string;
  quantity: number;
  need: Minutes;
  pegs: Peg[];
  source: string;
}
/** what each plan passed through its phantoms, for net change (kept beside the plain result) */
const phantomFlowsOf = new WeakMap<MrpPlan, PhantomFlow[]>();
function previousPhantomFlows(plan: MrpPlan): PhantomFlow[] {
  return phantomFlowsOf.get(plan) ?? [];
}

const byItemThenId = (a: PlannedOrder, b: PlannedOrder) =>
  a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

function scalePegs(pegs: Peg[], factor: number): Peg[] {
  return pegs.map((p) => ({ demandId: p.demandId, quantity: p.quantity * factor }));
}

/** Takes `quantity` off the front of a peg queue: [taken, rest]. */
function splitPegs(queue: Peg[], quantity: number): [Peg[], Peg[]] {
  const taken: Peg[] = [];
  let need = quantity;
  let i = 0;
  const rest = queue.map((p) => ({ ...p }));
  while (need > EPS && i < rest.length) {
    const q = Math.min(need, rest[i].quantity);
    if (q > EPS) taken.push({ demandId: rest[i].demandId, quantity: q });
    rest[i].quantity -= q;
    need -= q;
    if (rest[i].quantity <= EPS) i++;
  }
  return [taken, rest.slice(i)];
}

function mergePegs(into: Peg[], add: Peg[]): void {
  for (const p of add) {
    const same = into.find((x) => x.demandId === p.demandId);
    if (same) same.quantity += p.quantity;
    else into.push({ ...p });
  }
}

/** The quantity of one planned order covering `net`, by the item's lot-sizing rule. */
export function lotSize(
  item: MrpItem,
  net: number,
  need: Minutes,
  gross: Requirement[],
  workingDays: Minutes[],
): number {
  const rule = item.lotSizing?.rule ?? 'lot-for-lot';
  const q = item.lotSizing?.quantity ?? 0;
  switch (rule) {
    case 'fixed':
      return q > 0 ? Math.ceil(net / q - EPS) * q : net;
    case 'minimum':
      return Math.max(net, q);
    case 'multiple':
      return q > 0 ? Math.ceil(net / q - EPS) * q : net;
    case 'period': {
      // cover the needs of the next q working days in one order
      const end = addWorkingDays(workingDays, need, Math.max(1, q));
      const later = gross.filter((r) => r.need > need && r.need < end).reduce((s, r) => s + r.quantity, 0);
      return net + later;
    }
    default:
      return net;
  }
}

function dayIndex(workingDays: Minutes[], t: Minutes): number {
  let lo = 0;
  let hi = workingDays.length - 1;
  if (hi < 0 || t < workingDays[0]) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (workingDays[mid] <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** t moved by n working days (negative: back), keeping the time of day; beyond the calendar, calendar days. */
export function addWorkingDays(workingDays: Minutes[], t: Minutes, n: number): Minutes {
  const i = dayIndex(workingDays, t);
  const j = i + n;
  if (i < 0 || j < 0 || j >= workingDays.length) return t + n * 1440;
  return workingDays[j] + (t - workingDays[i]);
}

/** Start and due of an order needed at `need`; when the start would lie in the past, as early as possible. */
function offset(
  input: MrpInput,
  item: MrpItem,
  need: Minutes,
): { start: Minutes; due: Minutes; late: boolean } {
  const start = addWorkingDays(input.workingDays, need, -Math.round(item.leadTimeDays));
  if (start >= input.now) return { start, due: need, late: false };
  return {
    start: input.now,
    due: addWorkingDays(input.workingDays, input.now, Math.round(item.leadTimeDays)),
    late: true,
  };
}
