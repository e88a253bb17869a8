/**
 * Nets one item: gathers its gross requirements (its own demands, what every planned order or
 * phantom flow of its parents needs of it, read through the where-used index, and what open jobs
 * still need of it), splits them into pools, covers them from stock and open supply in date order
 * and plans orders for the rest. An MTS item is netted in one pool, but a requirement of an order
 * line (its demand, its planned orders, its jobs) takes the line's own supply first: the stock
 * reserved for the line and supply dedicated to it, which no other requirement may use. Shared
 * supply committed to a line or a job (`MrpSupply.pegs`) is taken by that owner's requirements
 * first too: a pool is covered in two passes, each requirement's own supply in need order, then
 * (what the owners left of their commitments freed) everything else in need order, so a later
 * order needing the same material earlier does not take what was bought for an earlier order.
 *
 * Lot sizing works on buckets, as MRP does: the net requirement of a working day in a pool gets
 * one planned order (lot-for-lot is "the day's need"; fixed, minimum and multiple round the day's
 * need; period covers its days), instead of one order per requirement. Each requirement carries
 * its pegs (the top-level demands it serves) as a range of its parent flow's pegs and a factor, so
 * nothing is copied down the BOM; a planned order merges the pegs of what it covers (a stamp per
 * name code, so merging is O(1) a peg).
 *
 * An open job's component requirement carries the job's pegs: after an item is netted, the
 * pegging links to each of its jobs (with components) are merged into a range of pegs of the item
 * plan, and what no demand took of the job is pegged to `job:<id>`.
 *
 * Requirements in a pool are taken in a total order — need, priority (high first), then a key
 * from their source (demand id; parent in id order, its flow, its BOM line; parent, its job in id
 * order, the component) — so a net change that gathers the same requirements nets them exactly as
 * a regenerative run does.
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
const FROM_JOB = 2;
const FOR_REORDER_POINT = 3;
const FOR_SAFETY_STOCK = 4;

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
  /** SHARED_POOL or the order line it is dedicated (stock: reserved) to */
  pool: number;
  /** a part of a shared supply committed to one owner: the supply it is part of */
  parent?: ExistingSupply;
  id: string;
  remaining: number;
  due: Minutes;
  firstNeed: Minutes;
  used: number;
}

/** Supply in due order, and the first one not used up yet (supplies only ever run down). */
interface SupplyQueue {
  list: ExistingSupply[];
  first: number;
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
  /** the order line whose own supply the requirement takes first, or SHARED_POOL */
  private rLine = new Int32Array(0);
  private rKind = new Uint8Array(0);
  /** demand or peg code; parent item */
  private rA = new Int32Array(0);
  /** parent flow; the job's number among the parent's supplies */
  private rB = new Int32Array(0);
  /** parent BOM line; the job's component */
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
  /** the job code of the requirement a link covers (-1: not a job's component need) */
  private lJob = new Int32Array(0);
  /** whether a link of the item covers a job's component need */
  private jobLinks = false;
  private exceptions: MrpException[] = [];
  /** late flows of the pool being netted → the jobs whose component need they cover */
  private lateJobs: Map<number, Set<string>> | undefined;

  /** what each requirement of the pool being netted took in the first pass (by its place in the list) */
  private ownTaken = new Float64Array(0);

  // the pegs of the item's jobs: bounds of each job's range, and its links bucketed by job
  private jobPeg = new Int32Array(0);
  private linkStart = new Int32Array(0);
  private linkFill = new Int32Array(0);
  private linkOrder = new Int32Array(0);

  // pegs of the requirement being covered: a cursor over a range of a parent flow's pegs
  private cCodes: Int32Array = new Int32Array(1);
  private cQuantities: Float64Array = new Float64Array(1);
  private cAt = 0;
  private cEnd = 0;
  private cCodeAt = 0;
  private cQuantityAt = 0;
  private cLeft = 0;
  private cFactor = 1;
  /** job code of the requirement being covered, or -1 */
  private cJob = -1;
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
    this.jobLinks = false;
    this.exceptions = [];
    const { plant } = this.state;
    const n = this.reqCount;
    const supplies = plant.supplies[x];
    if (plant.mts[x] === 1) {
      // every requirement of an MTS item is in the shared pool; lines' own supply serves them first
      const all: number[] = new Array(n);
      for (let r = 0; r < n; r++) all[r] = r;
      this.netPool(x, SHARED_POOL, all, true);
    } else {
      let lines = false;
      let shared = !!plant.items[x].safetyStock || !Number.isNaN(plant.reorderPoint[x]);
      for (let r = 0; r < n; r++) {
        if (this.rPool[r] === SHARED_POOL) shared = true;
        else lines = true;
      }
      if (supplies) for (const s of supplies) if (s.pool !== SHARED_POOL) lines = true;
      if (!lines) {
        if (shared) {
          const all: number[] = new Array(n);
          for (let r = 0; r < n; r++) all[r] = r;
          this.netPool(x, SHARED_POOL, all, false);
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
        for (const pool of this.inPoolOrder([...pools.keys()]))
          this.netPool(x, pool, pools.get(pool)!, false);
      }
    }
    return this.finish(x, plant.hasJobParts[x] ? this.pegJobs(x) : 0);
  }

  /** The shared pool first, then order lines by name. */
  private inPoolOrder(pools: number[]): number[] {
    const names = this.state.names.names;
    return pools.sort((a, b) =>
      a === b ? 0 : a === SHARED_POOL ? -1 : b === SHARED_POOL ? 1 : names[a] < names[b] ? -1 : 1,
    );
  }

  /**
   * The pegs of item x's jobs that have components, appended after the flows' pegs: for each job,
   * its pegging links merged by demand, and what no demand took of it pegged to `job:<id>`.
   * Returns the number of the item's supplies (each has a range, empty but for such jobs).
   */
  private pegJobs(x: number): number {
    const list = this.state.plant.supplies[x]!;
    const S = list.length;
    const L = this.linkCount;
    if (this.linkStart.length < S + 1) {
      this.linkStart = new Int32Array(2 * S + 2);
      this.linkFill = new Int32Array(2 * S + 2);
      this.jobPeg = new Int32Array(2 * S + 2);
    }
    if (this.linkOrder.length < L) this.linkOrder = new Int32Array(Math.max(256, 2 * L));
    const { linkStart, linkFill, linkOrder, lSupply } = this;
    linkStart.fill(0, 0, S + 1);
    for (let l = 0; l < L; l++) if (lSupply[l] <= OPEN_SUPPLY) linkStart[OPEN_SUPPLY - lSupply[l] + 1]++;
    for (let k = 0; k < S; k++) linkStart[k + 1] += linkStart[k];
    for (let k = 0; k < S; k++) linkFill[k] = linkStart[k];
    for (let l = 0; l < L; l++)
      if (lSupply[l] <= OPEN_SUPPLY) linkOrder[linkFill[OPEN_SUPPLY - lSupply[l]]++] = l;
    this.jobPeg[0] = this.pegCount;
    for (let k = 0; k < S; k++) {
      const parts = list[k].parts;
      if (parts) {
        this.serial++;
        let used = 0;
        for (let i = linkStart[k]; i < linkStart[k + 1]; i++) {
          const l = linkOrder[i];
          this.mergePeg(this.lCode[l], this.lQuantity[l]);
          used += this.lQuantity[l];
        }
        if (parts.basis - used > EPS) this.mergePeg(parts.code, parts.basis - used);
      }
      this.jobPeg[k + 1] = this.pegCount;
    }
    return S;
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
        const line = d.kind === 'order' ? code : SHARED_POOL;
        const pool = plant.mts[x] === 0 ? line : SHARED_POOL;
        this.addRequirement(FROM_DEMAND, pool, d.quantity, d.due, d.priority ?? 0, code, 0, 0, 1, line);
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
    const jobUses = plant.jobUses[x];
    if (jobUses)
      for (const use of jobUses) {
        const job = plant.supplies[use.parent]![use.supply];
        const parts = job.parts!;
        const quantity = parts.quantity[use.part];
        if (!(quantity > EPS)) continue;
        this.addRequirement(
          FROM_JOB,
          mts ? SHARED_POOL : job.pool,
          quantity,
          parts.need[use.part],
          0,
          use.parent,
          use.supply,
          use.part,
          quantity / parts.basis,
          job.pool,
        );
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
      plan.pool(f),
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
    line: number,
  ): number {
    if (this.reqCount === this.reqCap) this.growRequirements();
    const r = this.reqCount++;
    this.rKind[r] = kind;
    this.rPool[r] = pool;
    this.rLine[r] = line;
    this.rQuantity[r] = quantity;
    this.rNeed[r] = need;
    this.rPriority[r] = priority;
    this.rA[r] = a;
    this.rB[r] = b;
    this.rC[r] = c;
    this.rFactor[r] = factor;
    return r;
  }

  /**
   * Nets one pool of item x: covers its requirements from stock and open supply in need order
   * and plans orders for the rest. `merged` (an MTS item's one pool): the stock reserved for order
   * lines and the supply dedicated to them are there too, each for its own line's requirements
   * only, and taken before the shared supply. In the shared pool, the parts of shared supplies
   * committed to a line or job are that owner's in the first pass and free in the second.
   */
  private netPool(x: number, pool: number, list: number[], merged: boolean): void {
    const { plant, names } = this.state;
    const itemId = plant.itemIds[x];
    const now = plant.now;
    const available: ExistingSupply[] = [];
    const free = pool === SHARED_POOL ? plant.freeStock[x] : (plant.reservedFor[x]?.get(pool) ?? 0);
    if (free > EPS)
      available.push({
        ref: STOCK,
        pool,
        id: pool === SHARED_POOL ? `stock:${itemId}` : `reserved:${itemId}:${names.names[pool]}`,
        remaining: free,
        due: now,
        firstNeed: Infinity,
        used: 0,
      });
    // each owner's own supply, apart: merged, an order line's reserved stock and dedicated supply;
    // in the shared pool, what shared supply is committed to a line or a job
    let own: Map<number, SupplyQueue> | undefined;
    if (merged)
      plant.reservedFor[x]?.forEach((quantity, line) => {
        if (!(quantity > EPS)) return;
        own = queueOf(own, line);
        own.get(line)!.list.push({
          ref: STOCK,
          pool: line,
          id: `reserved:${itemId}:${names.names[line]}`,
          remaining: quantity,
          due: now,
          firstNeed: Infinity,
          used: 0,
        });
      });
    const supplies = plant.supplies[x];
    if (supplies)
      supplies.forEach(({ supply, pool: of, committed }, k) => {
        if (of !== pool && !merged) return;
        const entry: ExistingSupply = {
          ref: OPEN_SUPPLY - k,
          pool: of,
          id: supply.id,
          remaining: supply.quantity,
          due: supply.due,
          firstNeed: Infinity,
          used: 0,
        };
        if (of !== pool) {
          own = queueOf(own, of);
          own.get(of)!.list.push(entry);
          return;
        }
        available.push(entry);
        if (!committed || pool !== SHARED_POOL) return;
        for (let c = 0; c < committed.owner.length && entry.remaining > EPS; c++) {
          const quantity = Math.min(committed.quantity[c], entry.remaining);
          const owner = committed.owner[c];
          own = queueOf(own, owner);
          own.get(owner)!.list.push({ ...entry, remaining: quantity, parent: entry });
          entry.remaining -= quantity;
        }
      });
    available.sort(byDue);
    const lineQueues = own ? [...own.keys()] : [];
    if (own) for (const line of this.inPoolOrder(lineQueues)) own.get(line)!.list.sort(byDue);
    const shared: SupplyQueue = { list: available, first: 0 };
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
            SHARED_POOL,
          ),
        );
      const reorderPoint = plant.reorderPoint[x];
      if (!Number.isNaN(reorderPoint)) {
        let projected = 0;
        for (const s of available) projected += s.remaining;
        for (const r of list) projected -= this.rQuantity[r];
        if (own) {
          // committed supply is the item's either way; a line's own supply as far as the line uses it
          const needOf = new Map<number, number>();
          for (const r of list)
            if (own.has(this.rLine[r]))
              needOf.set(this.rLine[r], (needOf.get(this.rLine[r]) ?? 0) + this.rQuantity[r]);
          for (const [line, queue] of own) {
            let has = 0;
            for (const s of queue.list) {
              if (s.parent) projected += s.remaining;
              else has += s.remaining;
            }
            projected += Math.min(has, needOf.get(line) ?? 0);
          }
        }
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
              SHARED_POOL,
            ),
          );
      }
    }
    if (list.length > 1) list.sort(this.byNeed);

    const { rQuantity, rNeed, rKind } = this;
    const phantom = plant.kind[x] === PHANTOM;
    const rule = plant.lotRule[x];
    const periodDays = Math.max(1, Math.round(plant.lotQuantity[x]));
    const lateFlows: number[] = [];
    // first pass: each requirement takes its own supply (its line's, its job's), in need order;
    // what was committed to them and they leave is free for the second
    if (own) {
      if (this.ownTaken.length < list.length) this.ownTaken = new Float64Array(2 * list.length);
      for (let at = 0; at < list.length; at++) {
        const r = list[at];
        let open = rQuantity[r];
        this.pegsOf(r);
        const line = this.rLine[r];
        const mine = line !== SHARED_POOL ? own.get(line) : undefined;
        if (mine) open = this.cover(mine, open, r, rNeed[r], itemId);
        const job = rKind[r] === FROM_JOB ? this.jobCodeOf(r) : -1;
        const forJob = job >= 0 && open > EPS ? own.get(job) : undefined;
        if (forJob) open = this.cover(forJob, open, r, rNeed[r], itemId);
        this.ownTaken[at] = rQuantity[r] - open;
      }
      for (const queue of own.values())
        for (const s of queue.list)
          if (s.parent && s.remaining > EPS) {
            s.parent.remaining += s.remaining;
            s.remaining = 0;
          }
    }
    let openFlow = -1;
    let openLate = false;
    let openLeft = 0;
    let seq = 0;
    for (let at = 0; at < list.length; at++) {
      const r = list[at];
      const need = rNeed[r];
      let open = rQuantity[r];
      this.pegsOf(r);
      if (own && this.ownTaken[at] > 0) {
        this.skip(this.ownTaken[at]);
        open -= this.ownTaken[at];
      }
      open = this.cover(shared, open, r, need, itemId);
      // what the open planned order makes beyond earlier needs covers this one
      if (open > EPS && openLeft > EPS) {
        const quantity = Math.min(open, openLeft);
        this.take(quantity, TO_ORDER, openFlow, pool, need, undefined);
        if (openLate && rKind[r] === FROM_JOB) this.noteLateJob(openFlow, r);
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
      openLate = late;
      if (late) {
        lateFlows.push(openFlow);
        if (rKind[r] === FROM_JOB) this.noteLateJob(openFlow, r);
      }
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
      const exception: MrpException = {
        kind: buy ? 'shortage' : 'late',
        itemId,
        quantity: this.fQuantity[f],
        date: this.fDue[f],
        supplyId: plannedOrderId(plant, names, x, pool, this.fSeq[f]),
        demandIds,
        message: buy
          ? `needed inside the purchase lead time: the earliest receipt is after the need date`
          : `cannot be made in time even if started now`,
      };
      const jobs = this.lateJobs?.get(f);
      if (jobs) exception.jobIds = [...jobs];
      this.exceptions.push(exception);
    }
    this.lateJobs = undefined;
    this.unusedSupply(available, itemId);
    if (own) for (const line of lineQueues) this.unusedSupply(own.get(line)!.list, itemId);
  }

  /**
   * Covers up to `open` of requirement r (its pegs are at the cursor) from `queue` in due order;
   * supply due after the need is taken too, with an expedite message. Returns what is left open.
   */
  private cover(queue: SupplyQueue, open: number, r: number, need: Minutes, itemId: string): number {
    const available = queue.list;
    // supplies only ever run down: skip the used-up ones at the front for good
    while (queue.first < available.length && available[queue.first].remaining <= EPS) queue.first++;
    for (let a = queue.first; a < available.length && open > EPS; a++) {
      const supply = available[a];
      if (supply.remaining <= EPS) continue;
      const quantity = Math.min(open, supply.remaining);
      const early = supply.due > need;
      const demandIds = early ? [] : undefined;
      this.take(quantity, TO_SUPPLY, supply.ref, supply.pool, need, demandIds);
      supply.remaining -= quantity;
      // a committed part counts as its supply's use
      const whole = supply.parent ?? supply;
      whole.used += quantity;
      if (need < whole.firstNeed) whole.firstNeed = need;
      open -= quantity;
      if (demandIds) {
        const exception: MrpException = {
          kind: 'expedite',
          itemId,
          quantity,
          date: need,
          supplyId: supply.id,
          demandIds,
          message: `${supply.id} is due after it is needed: bring it forward`,
        };
        if (this.rKind[r] === FROM_JOB) exception.jobIds = [this.jobIdOf(r)];
        this.exceptions.push(exception);
      }
    }
    return open;
  }

  /** Cancel messages for open supply nothing used, defer messages for supply used well after it is due. */
  private unusedSupply(available: ExistingSupply[], itemId: string): void {
    const { plant } = this.state;
    for (const supply of available) {
      if (supply.ref === STOCK || supply.parent) continue;
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

  /** Flow f, planned too late, covers a job's component need (requirement r). */
  private noteLateJob(f: number, r: number): void {
    this.lateJobs ??= new Map();
    const jobs = this.lateJobs.get(f) ?? new Set<string>();
    jobs.add(this.jobIdOf(r));
    this.lateJobs.set(f, jobs);
  }

  /** The name code of `job:<id>` of the job whose component need requirement r is. */
  private jobCodeOf(r: number): number {
    return this.state.plant.supplies[this.rA[r]]![this.rB[r]].parts!.code;
  }

  /** The id of the job whose component need requirement r is. */
  private jobIdOf(r: number): string {
    return this.state.plant.supplies[this.rA[r]]![this.rB[r]].supply.id;
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
    if (rKind[i] === FROM_PARENT || rKind[i] === FROM_JOB) {
      const rank = this.state.plant.rank;
      return rank[rA[i]] - rank[rA[j]] || this.rB[i] - this.rB[j] || this.rC[i] - this.rC[j];
    }
    return 0;
  };

  /** Points the peg cursor at requirement r's pegs. */
  private pegsOf(r: number): void {
    this.cJob = -1;
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
    } else if (this.rKind[r] === FROM_JOB) {
      // the job's pegs, scaled from the job's remaining quantity to this component's need
      const plan = this.state.plans[this.rA[r]]!;
      const k = this.rB[r];
      this.cCodes = plan.ints;
      this.cQuantities = plan.floats;
      this.cAt = plan.jobPegFrom(k);
      this.cEnd = plan.jobPegTo(k);
      this.cCodeAt = plan.pegCodeAt;
      this.cQuantityAt = plan.pegQuantityAt;
      this.cFactor = this.rFactor[r];
      this.cJob = this.state.plant.supplies[this.rA[r]]![k].parts!.code;
      this.jobLinks = true;
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

  /** Moves the peg cursor past `quantity` (taken in the first pass) without linking it again. */
  private skip(quantity: number): void {
    let left = quantity;
    while (left > EPS && this.cAt < this.cEnd) {
      const q = Math.min(left, this.cLeft);
      this.cLeft -= q;
      left -= q;
      if (this.cLeft <= EPS) {
        this.cAt++;
        this.cLeft = this.cAt < this.cEnd ? this.cQuantities[this.cQuantityAt + this.cAt] * this.cFactor : 0;
      }
    }
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
    this.lJob[l] = this.cJob;
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

  /** The item plan in the arena; `jobs`: the number of supplies with a range of job pegs (0: none). */
  private finish(x: number, jobs: number): ItemPlan {
    const F = this.flowCount;
    const P = this.pegCount;
    const L = this.linkCount;
    const J = this.jobLinks ? L : 0;
    if (F === 0 && L === 0 && jobs === 0 && this.exceptions.length === 0)
      return new ItemPlan(x, 0, 0, 0, NO_INTS, NO_FLOATS, 0, 0, NO_EXCEPTIONS);
    const { ints, floats, intAt, floatAt } = this.arena.room(
      ItemPlan.intsFor(F, P, L, J, jobs),
      ItemPlan.floatsFor(F, P, L),
    );
    let i = copy(this.fPool, ints, intAt, F);
    i = copy(this.fSeq, ints, i, F);
    i = copy(this.fPegEnd, ints, i, F);
    i = copy(this.pCode, ints, i, P);
    i = copy(this.lCode, ints, i, L);
    i = copy(this.lSupply, ints, i, L);
    i = copy(this.lPool, ints, i, L);
    i = copy(this.lJob, ints, i, J);
    if (jobs > 0) copy(this.jobPeg, ints, i, jobs + 1);
    let d = copy(this.fQuantity, floats, floatAt, F);
    d = copy(this.fStart, floats, d, F);
    d = copy(this.fDue, floats, d, F);
    d = copy(this.fPriority, floats, d, F);
    d = copy(this.pQuantity, floats, d, P);
    d = copy(this.lQuantity, floats, d, L);
    copy(this.lNeeded, floats, d, L);
    return new ItemPlan(x, F, P, L, ints, floats, intAt, floatAt, this.exceptions, jobs, J > 0);
  }

  private growRequirements(): void {
    const cap = Math.max(64, this.reqCap * 2);
    this.rQuantity = grown(this.rQuantity, cap);
    this.rNeed = grown(this.rNeed, cap);
    this.rPriority = grown(this.rPriority, cap);
    this.rFactor = grown(this.rFactor, cap);
    this.rPool = grown(this.rPool, cap);
    this.rLine = grown(this.rLine, cap);
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
    this.lJob = grown(this.lJob, cap);
    this.linkCap = cap;
  }

  private growStamps(code: number): void {
    const cap = Math.max(code + 1, this.stamp.length * 2);
    this.stamp = grown(this.stamp, cap);
    this.stampAt = grown(this.stampAt, cap);
  }
}

/** `own` with a queue for `line` (made on first use). */
function queueOf(own: Map<number, SupplyQueue> | undefined, line: number): Map<number, SupplyQueue> {
  const queues = own ?? new Map<number, SupplyQueue>();
  if (!queues.has(line)) queues.set(line, { list: [], first: 0 });
  return queues;
}

/** Due order; on a tie stock first, then in list order (supplies are listed by id). */
const byDue = (a: ExistingSupply, b: ExistingSupply) => a.due - b.due;

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
