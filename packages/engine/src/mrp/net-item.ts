/**
 * Nets one item: gathers its gross requirements (its own demands, and what every planned order
 * or phantom flow of its parents needs of it, read through the where-used index), splits them
 * into pools, covers them from stock and open supply in date order and plans orders for the rest.
 *
 * Lot sizing works on buckets, as MRP does: the net requirement of a working day in a pool gets
 * one planned order (lot-for-lot is "the day's need"; fixed, minimum and multiple round the day's
 * need; period covers its days), instead of one order per requirement. Each requirement carries
 * its pegs (the top-level demands it serves) as a range of its parent flow's pegs and a factor, so
 * nothing is copied down the BOM; a planned order merges the pegs of what it covers (a stamp per
 * name code, so merging is O(1) a peg).
 *
 * Requirements in a pool are taken in a total order — need, priority (high first), then a key
 * from their source (demand id; parent in id order, its flow, its BOM line) — so a net change
 * that gathers the same requirements nets them exactly as a regenerative run does.
 *
 * Complexity per item: O(r log r + pegs) for r requirements.
 */
import type { Minutes } from '../common/time';
import type { DemandIndex } from './demand-index';
import { ItemPlan, OPEN_SUPPLY, plannedOrderId, STOCK } from './item-plan';
import type { NameTable } from './name-table';
import { BUY, FIXED, MINIMUM, MULTIPLE, PERIOD, PHANTOM, type PlantIndex, SHARED_POOL } from './plant-index';
import type { MrpException } from './types';
import { addWorkingDays, bucketEnd } from './working-days';

export const EPS = 1e-9;

/** requirement sources, in the order they are taken on a tie of need and priority */
const FROM_DEMAND = 0;
const FROM_PARENT = 1;
const FOR_REORDER_POINT = 2;
const FOR_SAFETY_STOCK = 3;

/** How the current requirement's pegs are taken */
const TO_SUPPLY = 0;
const TO_ORDER = 1;
const TO_COMPONENTS = 2;

export interface PlanningState {
  plant: PlantIndex;
  names: NameTable;
  demands: DemandIndex;
  /** item plans by item; the netter writes each item's as it goes */
  plans: (ItemPlan | undefined)[];
}

interface ExistingSupply {
  /** STOCK or OPEN_SUPPLY - k */
  ref: number;
  id: string;
  remaining: number;
  due: Minutes;
  firstNeed: Minutes;
  used: number;
}

/** The quantity of a planned order covering a bucket's net requirement, by the item's rule. */
export function lotQuantity(rule: number, quantity: number, net: number, periodRest: number): number {
  switch (rule) {
    case FIXED:
    case MULTIPLE:
      return quantity > 0 ? Math.ceil(net / quantity - EPS) * quantity : net;
    case MINIMUM:
      return Math.max(net, quantity);
    case PERIOD:
      return net + periodRest;
    default:
      return net;
  }
}

export class ItemNetter {
  // gross requirements of the item being netted (structure of arrays)
  private reqCap = 0;
  private reqCount = 0;
  private rQuantity = new Float64Array(0);
  private rNeed = new Float64Array(0);
  private rPriority = new Float64Array(0);
  private rFactor = new Float64Array(0);
  private rPool = new Int32Array(0);
  private rKind = new Uint8Array(0);
  /** demand or peg code; parent item */
  private rA = new Int32Array(0);
  /** parent flow */
  private rB = new Int32Array(0);
  /** parent BOM line */
  private rC = new Int32Array(0);

  // the item plan being built
  private flowCap = 0;
  private flowCount = 0;
  private fPool = new Int32Array(0);
  private fSeq = new Int32Array(0);
  private fQuantity = new Float64Array(0);
  private fStart = new Float64Array(0);
  private fDue = new Float64Array(0);
  private fPriority = new Float64Array(0);
  private fPegEnd = new Int32Array(0);
  private pegCap = 0;
  private pegCount = 0;
  private pCode = new Int32Array(0);
  private pQuantity = new Float64Array(0);
  private linkCap = 0;
  private linkCount = 0;
  private lCode = new Int32Array(0);
  private lSupply = new Int32Array(0);
  private lPool = new Int32Array(0);
  private lQuantity = new Float64Array(0);
  private lNeeded = new Float64Array(0);
  private exceptions: MrpException[] = [];

  // pegs of the requirement being covered: a cursor over a range of a parent flow's pegs
  private cCodes: Int32Array = new Int32Array(1);
  private cQuantities: Float64Array = new Float64Array(1);
  private cAt = 0;
  private cEnd = 0;
  private cCodeAt = 0;
  private cQuantityAt = 0;
  private cLeft = 0;
  private cFactor = 1;
  private readonly single = new Int32Array(1);
  private readonly singleQuantity = new Float64Array(1);

  // merging pegs into the open planned order: stamp[code] === serial means it has that peg at stampAt[code]
  private stamp = new Int32Array(1024);
  private stampAt = new Int32Array(1024);
  private serial = 0;

  private readonly arena: PlanArena;

  /** `room`: arena entries the run is expected to need (else chunks grow from small) */
  constructor(
    private readonly state: PlanningState,
    room?: number,
  ) {
    this.arena = new PlanArena(room);
  }

  plan(x: number): ItemPlan {
    this.gather(x);
    this.flowCount = 0;
    this.pegCount = 0;
    this.linkCount = 0;
    this.exceptions = [];
    const { plant } = this.state;
    const n = this.reqCount;
    let lines = false;
    let shared = plant.mts[x] === 1 || !!plant.items[x].safetyStock || !Number.isNaN(plant.reorderPoint[x]);
    for (let r = 0; r < n; r++) {
      if (this.rPool[r] === SHARED_POOL) shared = true;
      else lines = true;
    }
    const supplies = plant.supplies[x];
    if (supplies) for (const s of supplies) if (s.pool !== SHARED_POOL) lines = true;
    if (!lines) {
      if (shared) {
        const all: number[] = new Array(n);
        for (let r = 0; r < n; r++) all[r] = r;
        this.netPool(x, SHARED_POOL, all);
      }
    } else {
      const pools = new Map<number, number[]>();
      if (shared) pools.set(SHARED_POOL, []);
      for (let r = 0; r < n; r++) {
        const list = pools.get(this.rPool[r]);
        if (list) list.push(r);
        else pools.set(this.rPool[r], [r]);
      }
      if (supplies) for (const s of supplies) if (!pools.has(s.pool)) pools.set(s.pool, []);
      const names = this.state.names.names;
      const order = [...pools.keys()].sort((a, b) =>
        a === b ? 0 : a === SHARED_POOL ? -1 : b === SHARED_POOL ? 1 : names[a] < names[b] ? -1 : 1,
      );
      for (const pool of order) this.netPool(x, pool, pools.get(pool)!);
    }
    return this.finish(x);
  }

  /** The item's gross requirements: its demands, and what its parents' flows need of it. */
  private gather(x: number): void {
    const { plant, demands, plans } = this.state;
    this.reqCount = 0;
    const codes = demands.byItem[x];
    if (codes)
      for (const code of codes) {
        const d = demands.byCode[code]!;
        if (!(d.quantity > EPS)) continue;
        const pool = d.kind === 'order' && plant.mts[x] === 0 ? code : SHARED_POOL;
        this.addRequirement(FROM_DEMAND, pool, d.quantity, d.due, d.priority ?? 0, code, 0, 0, 1);
      }
    const lineBoms = demands.lineBoms;
    const configured = lineBoms.size > 0;
    const mts = plant.mts[x] === 1;
    for (let u = plant.usedStart[x]; u < plant.usedStart[x + 1]; u++) {
      const parent = plant.usedParent[u];
      const plan = plans[parent];
      if (!plan || plan.flowCount === 0) continue;
      const line = plant.usedLine[u];
      const per = plant.madeFactor[parent] * plant.bomFactor[plant.bomStart[parent] + line];
      for (let f = 0; f < plan.flowCount; f++) {
        const pool = plan.pool(f);
        // an order line's configured BOM replaces the parent's standard one in its pool
        if (configured && pool !== SHARED_POOL && lineBoms.get(pool)?.has(parent)) continue;
        this.addFromParent(plan, parent, f, line, per, mts);
      }
    }
    const uses = configured ? demands.configuredUses.get(x) : undefined;
    if (uses)
      for (const use of uses) {
        const plan = plans[use.parent];
        if (!plan) continue;
        const per = plant.madeFactor[use.parent] * lineBoms.get(use.pool)!.get(use.parent)!.factor[use.line];
        for (let f = 0; f < plan.flowCount; f++)
          if (plan.pool(f) === use.pool) this.addFromParent(plan, use.parent, f, use.line, per, mts);
      }
  }

  private addFromParent(plan: ItemPlan, parent: number, f: number, line: number, per: number, mts: boolean) {
    const ordered = plan.quantity(f);
    const quantity = ordered * per;
    if (!(quantity > EPS)) return;
    this.addRequirement(
      FROM_PARENT,
      mts ? SHARED_POOL : plan.pool(f),
      quantity,
      plan.start(f),
      plan.priority(f),
      parent,
      f,
      line,
      quantity / ordered,
    );
  }

  private addRequirement(
    kind: number,
    pool: number,
    quantity: number,
    need: Minutes,
    priority: number,
    a: number,
    b: number,
    c: number,
    factor: number,
  ): number {
    if (this.reqCount === this.reqCap) this.growRequirements();
    const r = this.reqCount++;
    this.rKind[r] = kind;
    this.rPool[r] = pool;
    this.rQuantity[r] = quantity;
    this.rNeed[r] = need;
    this.rPriority[r] = priority;
    this.rA[r] = a;
    this.rB[r] = b;
    this.rC[r] = c;
    this.rFactor[r] = factor;
    return r;
  }

  private netPool(x: number, pool: number, list: number[]): void {
    const { plant, names } = this.state;
    const itemId = plant.itemIds[x];
    const now = plant.now;
    const available: ExistingSupply[] = [];
    const free = pool === SHARED_POOL ? plant.freeStock[x] : (plant.reservedFor[x]?.get(pool) ?? 0);
    if (free > EPS)
      available.push({
        ref: STOCK,
        id: pool === SHARED_POOL ? `stock:${itemId}` : `reserved:${itemId}:${names.names[pool]}`,
        remaining: free,
        due: now,
        firstNeed: Infinity,
        used: 0,
      });
    const supplies = plant.supplies[x];
    if (supplies)
      supplies.forEach(({ supply, pool: of }, k) => {
        if (of === pool)
          available.push({
            ref: OPEN_SUPPLY - k,
            id: supply.id,
            remaining: supply.quantity,
            due: supply.due,
            firstNeed: Infinity,
            used: 0,
          });
      });
    available.sort((a, b) => a.due - b.due);
    if (pool === SHARED_POOL) {
      const safety = plant.safetyStock[x];
      if (safety > 0)
        list.push(
          this.addRequirement(
            FOR_SAFETY_STOCK,
            pool,
            safety,
            now,
            0,
            names.code(`safety-stock:${itemId}`),
            0,
            0,
            1,
          ),
        );
      const reorderPoint = plant.reorderPoint[x];
      if (!Number.isNaN(reorderPoint)) {
        let projected = 0;
        for (const s of available) projected += s.remaining;
        for (const r of list) projected -= this.rQuantity[r];
        if (projected < reorderPoint)
          list.push(
            this.addRequirement(
              FOR_REORDER_POINT,
              pool,
              reorderPoint - projected,
              now,
              0,
              names.code(`reorder-point:${itemId}`),
              0,
              0,
              1,
            ),
          );
      }
    }
    if (list.length > 1) list.sort(this.byNeed);

    const { rQuantity, rNeed } = this;
    const phantom = plant.kind[x] === PHANTOM;
    const rule = plant.lotRule[x];
    const periodDays = Math.max(1, Math.round(plant.lotQuantity[x]));
    const lateFlows: number[] = [];
    let firstOpen = 0;
    let openFlow = -1;
    let openLeft = 0;
    let seq = 0;
    for (let at = 0; at < list.length; at++) {
      const r = list[at];
      const need = rNeed[r];
      let open = rQuantity[r];
      this.pegsOf(r);
      // supplies only ever run down: skip the used-up ones at the front for good
      while (firstOpen < available.length && available[firstOpen].remaining <= EPS) firstOpen++;
      for (let a = firstOpen; a < available.length && open > EPS; a++) {
        const supply = available[a];
        if (supply.remaining <= EPS) continue;
        const quantity = Math.min(open, supply.remaining);
        const early = supply.due > need;
        const demandIds = early ? [] : undefined;
        this.take(quantity, TO_SUPPLY, supply.ref, pool, need, demandIds);
        supply.remaining -= quantity;
        supply.used += quantity;
        if (need < supply.firstNeed) supply.firstNeed = need;
        open -= quantity;
        if (demandIds)
          this.exceptions.push({
            kind: 'expedite',
            itemId,
            quantity,
            date: need,
            supplyId: supply.id,
            demandIds,
            message: `${supply.id} is due after it is needed: bring it forward`,
          });
      }
      // what the open planned order makes beyond earlier needs covers this one
      if (open > EPS && openLeft > EPS) {
        const quantity = Math.min(open, openLeft);
        this.take(quantity, TO_ORDER, openFlow, pool, need, undefined);
        openLeft -= quantity;
        open -= quantity;
      }
      if (open <= EPS) continue;
      if (phantom) {
        // a phantom is never stocked or ordered: what stock does not cover goes straight to its components
        const f = this.addFlow(pool, 0, open, need, need, this.rPriority[r]);
        this.take(open, TO_COMPONENTS, f, pool, need, undefined);
        this.fPegEnd[f] = this.pegCount;
        continue;
      }
      // one planned order for the rest of this bucket's needs (nothing else is left to cover them)
      const end = bucketEnd(plant.workingDays, need, 1);
      let net = open;
      let k = at + 1;
      for (; k < list.length && rNeed[list[k]] < end; k++) net += rQuantity[list[k]];
      let periodRest = 0;
      if (rule === PERIOD) {
        const periodEnd = bucketEnd(plant.workingDays, need, periodDays);
        for (; k < list.length && rNeed[list[k]] < periodEnd; k++) periodRest += rQuantity[list[k]];
      }
      const lot = lotQuantity(rule, plant.lotQuantity[x], net, periodRest);
      // offset by the lead time; when the start would lie in the past, as early as possible
      let start = addWorkingDays(plant.workingDays, need, -plant.leadDays[x]);
      let due = need;
      const late = start < now;
      if (late) {
        start = now;
        due = plant.earliestDue[x];
      }
      if (openFlow >= 0) this.fPegEnd[openFlow] = this.pegCount;
      openFlow = this.addFlow(pool, ++seq, lot, start, due, 0);
      if (late) lateFlows.push(openFlow);
      this.serial++;
      openLeft = lot - open;
      this.take(open, TO_ORDER, openFlow, pool, need, undefined);
    }
    if (openFlow >= 0) {
      if (openLeft > EPS) this.mergePeg(names.code(`surplus:${itemId}`), openLeft);
      this.fPegEnd[openFlow] = this.pegCount;
    }
    for (const f of lateFlows) {
      const demandIds: string[] = [];
      for (let p = f ? this.fPegEnd[f - 1] : 0; p < this.fPegEnd[f]; p++) {
        const id = names.names[this.pCode[p]];
        if (!id.startsWith('surplus:')) demandIds.push(id);
      }
      const buy = plant.kind[x] === BUY;
      this.exceptions.push({
        kind: buy ? 'shortage' : 'late',
        itemId,
        quantity: this.fQuantity[f],
        date: this.fDue[f],
        supplyId: plannedOrderId(plant, names, x, pool, this.fSeq[f]),
        demandIds,
        message: buy
          ? `needed inside the purchase lead time: the earliest receipt is after the need date`
          : `cannot be made in time even if started now`,
      });
    }
    for (const supply of available) {
      if (supply.ref === STOCK) continue;
      if (supply.used <= EPS) {
        this.exceptions.push({
          kind: 'cancel',
          itemId,
          quantity: supply.remaining,
          date: supply.due,
          supplyId: supply.id,
          demandIds: [],
          message: `${supply.id} is not needed by any demand`,
        });
      } else if (supply.firstNeed - supply.due >= plant.deferMinutes) {
        this.exceptions.push({
          kind: 'defer',
          itemId,
          quantity: supply.used,
          date: supply.firstNeed,
          supplyId: supply.id,
          demandIds: [],
          message: `${supply.id} arrives well before it is needed: push it back`,
        });
      }
    }
  }

  /** Need, then priority (high first), then the source: a total order, the same in every run. */
  private readonly byNeed = (i: number, j: number): number => {
    const { rNeed, rPriority, rKind, rA } = this;
    const d = rNeed[i] - rNeed[j] || rPriority[j] - rPriority[i] || rKind[i] - rKind[j];
    if (d !== 0) return d;
    if (rKind[i] === FROM_DEMAND) {
      const names = this.state.names.names;
      const a = names[rA[i]];
      const b = names[rA[j]];
      return a < b ? -1 : a > b ? 1 : 0;
    }
    if (rKind[i] === FROM_PARENT) {
      const rank = this.state.plant.rank;
      return rank[rA[i]] - rank[rA[j]] || this.rB[i] - this.rB[j] || this.rC[i] - this.rC[j];
    }
    return 0;
  };

  /** Points the peg cursor at requirement r's pegs. */
  private pegsOf(r: number): void {
    if (this.rKind[r] === FROM_PARENT) {
      const plan = this.state.plans[this.rA[r]]!;
      const f = this.rB[r];
      this.cCodes = plan.ints;
      this.cQuantities = plan.floats;
      this.cAt = plan.pegFrom(f);
      this.cEnd = plan.pegTo(f);
      this.cCodeAt = plan.pegCodeAt;
      this.cQuantityAt = plan.pegQuantityAt;
      this.cFactor = this.rFactor[r];
    } else {
      this.single[0] = this.rA[r];
      this.singleQuantity[0] = this.rQuantity[r];
      this.cCodes = this.single;
      this.cQuantities = this.singleQuantity;
      this.cAt = 0;
      this.cEnd = 1;
      this.cCodeAt = 0;
      this.cQuantityAt = 0;
      this.cFactor = 1;
    }
    this.cLeft = this.cAt < this.cEnd ? this.cQuantities[this.cQuantityAt + this.cAt] * this.cFactor : 0;
  }

  /**
   * Takes `quantity` off the front of the current requirement's pegs: each piece becomes a pegging
   * link to the supply and, for a planned order, one of its pegs; for a phantom, one of the flow's.
   */
  private take(
    quantity: number,
    to: number,
    supply: number,
    pool: number,
    needed: Minutes,
    demandIds: string[] | undefined,
  ): void {
    let left = quantity;
    while (left > EPS && this.cAt < this.cEnd) {
      const q = Math.min(left, this.cLeft);
      if (q > EPS) {
        const code = this.cCodes[this.cCodeAt + this.cAt];
        if (to === TO_COMPONENTS) this.appendPeg(code, q);
        else {
          this.addLink(code, supply, pool, q, needed);
          if (to === TO_ORDER) this.mergePeg(code, q);
          if (demandIds) demandIds.push(this.state.names.names[code]);
        }
      }
      this.cLeft -= q;
      left -= q;
      if (this.cLeft <= EPS) {
        this.cAt++;
        this.cLeft = this.cAt < this.cEnd ? this.cQuantities[this.cQuantityAt + this.cAt] * this.cFactor : 0;
      }
    }
  }

  private mergePeg(code: number, quantity: number): void {
    if (code >= this.stamp.length) this.growStamps(code);
    if (this.stamp[code] === this.serial) this.pQuantity[this.stampAt[code]] += quantity;
    else this.appendPeg(code, quantity);
  }

  private appendPeg(code: number, quantity: number): void {
    if (code >= this.stamp.length) this.growStamps(code);
    if (this.pegCount === this.pegCap) this.growPegs();
    this.stamp[code] = this.serial;
    this.stampAt[code] = this.pegCount;
    this.pCode[this.pegCount] = code;
    this.pQuantity[this.pegCount++] = quantity;
  }

  private addLink(code: number, supply: number, pool: number, quantity: number, needed: Minutes) {
    if (this.linkCount === this.linkCap) this.growLinks();
    const l = this.linkCount++;
    this.lCode[l] = code;
    this.lSupply[l] = supply;
    this.lPool[l] = pool;
    this.lQuantity[l] = quantity;
    this.lNeeded[l] = needed;
  }

  private addFlow(
    pool: number,
    seq: number,
    quantity: number,
    start: Minutes,
    due: Minutes,
    priority: number,
  ) {
    if (this.flowCount === this.flowCap) this.growFlows();
    const f = this.flowCount++;
    this.fPool[f] = pool;
    this.fSeq[f] = seq;
    this.fQuantity[f] = quantity;
    this.fStart[f] = start;
    this.fDue[f] = due;
    this.fPriority[f] = priority;
    this.fPegEnd[f] = this.pegCount;
    return f;
  }

  private finish(x: number): ItemPlan {
    const F = this.flowCount;
    const P = this.pegCount;
    const L = this.linkCount;
    if (F === 0 && L === 0 && this.exceptions.length === 0)
      return new ItemPlan(x, 0, 0, 0, NO_INTS, NO_FLOATS, 0, 0, NO_EXCEPTIONS);
    const { ints, floats, intAt, floatAt } = this.arena.room(
      ItemPlan.intsFor(F, P, L),
      ItemPlan.floatsFor(F, P, L),
    );
    let i = copy(this.fPool, ints, intAt, F);
    i = copy(this.fSeq, ints, i, F);
    i = copy(this.fPegEnd, ints, i, F);
    i = copy(this.pCode, ints, i, P);
    i = copy(this.lCode, ints, i, L);
    i = copy(this.lSupply, ints, i, L);
    copy(this.lPool, ints, i, L);
    let d = copy(this.fQuantity, floats, floatAt, F);
    d = copy(this.fStart, floats, d, F);
    d = copy(this.fDue, floats, d, F);
    d = copy(this.fPriority, floats, d, F);
    d = copy(this.pQuantity, floats, d, P);
    d = copy(this.lQuantity, floats, d, L);
    copy(this.lNeeded, floats, d, L);
    return new ItemPlan(x, F, P, L, ints, floats, intAt, floatAt, this.exceptions);
  }

  private growRequirements(): void {
    const cap = Math.max(64, this.reqCap * 2);
    this.rQuantity = grown(this.rQuantity, cap);
    this.rNeed = grown(this.rNeed, cap);
    this.rPriority = grown(this.rPriority, cap);
    this.rFactor = grown(this.rFactor, cap);
    this.rPool = grown(this.rPool, cap);
    this.rKind = grown(this.rKind, cap);
    this.rA = grown(this.rA, cap);
    this.rB = grown(this.rB, cap);
    this.rC = grown(this.rC, cap);
    this.reqCap = cap;
  }

  private growFlows(): void {
    const cap = Math.max(64, this.flowCap * 2);
    this.fPool = grown(this.fPool, cap);
    this.fSeq = grown(this.fSeq, cap);
    this.fQuantity = grown(this.fQuantity, cap);
    this.fStart = grown(this.fStart, cap);
    this.fDue = grown(this.fDue, cap);
    this.fPriority = grown(this.fPriority, cap);
    this.fPegEnd = grown(this.fPegEnd, cap);
    this.flowCap = cap;
  }

  private growPegs(): void {
    const cap = Math.max(256, this.pegCap * 2);
    this.pCode = grown(this.pCode, cap);
    this.pQuantity = grown(this.pQuantity, cap);
    this.pegCap = cap;
  }

  private growLinks(): void {
    const cap = Math.max(256, this.linkCap * 2);
    this.lCode = grown(this.lCode, cap);
    this.lSupply = grown(this.lSupply, cap);
    this.lPool = grown(this.lPool, cap);
    this.lQuantity = grown(this.lQuantity, cap);
    this.lNeeded = grown(this.lNeeded, cap);
    this.linkCap = cap;
  }

  private growStamps(code: number): void {
    const cap = Math.max(code + 1, this.stamp.length * 2);
    this.stamp = grown(this.stamp, cap);
    this.stampAt = grown(this.stampAt, cap);
  }
}

const NO_INTS = new Int32Array(0);
const NO_FLOATS = new Float64Array(0);
const NO_EXCEPTIONS: MrpException[] = [];

/**
 * Where a run puts its item plans: chunks that grow from small (a net change plans a hundred
 * items) to a few megabytes (a regenerative run plans the plant), each filled to the end.
 */
class PlanArena {
  private ints = NO_INTS;
  private floats = NO_FLOATS;
  private intAt = 0;
  private floatAt = 0;
  private chunk: number;

  constructor(room = 0) {
    this.chunk = Math.max(1 << 12, Math.min(room, 1 << 21));
  }

  room(
    ints: number,
    floats: number,
  ): { ints: Int32Array; floats: Float64Array; intAt: number; floatAt: number } {
    if (this.intAt + ints > this.ints.length || this.floatAt + floats > this.floats.length) {
      this.ints = new Int32Array(Math.max(ints, this.chunk));
      this.floats = new Float64Array(Math.max(floats, this.chunk));
      this.intAt = 0;
      this.floatAt = 0;
      this.chunk = Math.min(Math.max(this.chunk * 2, 1 << 14), 1 << 21);
    }
    const room = { ints: this.ints, floats: this.floats, intAt: this.intAt, floatAt: this.floatAt };
    this.intAt += ints;
    this.floatAt += floats;
    return room;
  }
}

/** Copies from[0 .. n) to to[at ..); returns at + n. */
function copy<T extends Float64Array | Int32Array>(from: T, to: T, at: number, n: number): number {
  // a block copy for long runs, a loop for the many short ones (a view costs an allocation)
  if (n > 64) to.set(from.subarray(0, n), at);
  else for (let k = 0; k < n; k++) to[at + k] = from[k];
  return at + n;
}

function grown<T extends Float64Array | Int32Array | Uint8Array>(array: T, length: number): T {
  const next = new (array.constructor as new (n: number) => T)(length);
  next.set(array);
  return next;
}
