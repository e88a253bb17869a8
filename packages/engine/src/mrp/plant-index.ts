/**
 * The parts of an MRP input that demand changes leave alone — items, standard BOM, stock,
 * reservations, open supply, calendar — turned once into integer-indexed arrays: items by index,
 * the BOM by parent and its where-used by child (compressed rows), stock and supply by item, and
 * the where-used of open jobs' remaining components by component. A supply change (`changeSupplies`)
 * copies only the supply tables, and of them only the lists of the items it touches.
 */
import { fail, ok, type Result } from '../common/result';
import type { Minutes } from '../common/time';
import type { NameTable } from './name-table';
import type { MrpInput, MrpItem, MrpSupply } from './types';
import { addWorkingDays } from './working-days';

export const SHARED_POOL = -1;

/** the prefix of the peg naming an open job (`Peg`) */
export const JOB_PEG = 'job:';

/** item kinds */
export const MAKE = 0;
export const BUY = 1;
export const PHANTOM = 2;

/** lot-sizing rules */
export const LOT_FOR_LOT = 0;
export const FIXED = 1;
export const MINIMUM = 2;
export const MULTIPLE = 3;
export const PERIOD = 4;

/** What an open job still needs of its components (`MrpSupply.components`), by component. */
export interface JobParts {
  child: Int32Array;
  quantity: Float64Array;
  need: Float64Array;
  /** what the job's pegs add up to: its quantity, or 1 for a job with nothing left to make */
  basis: number;
  /** name code of `job:<id>`: the peg of what no demand takes of the job */
  code: number;
}

/** Who a shared supply's quantity is committed to (`MrpSupply.pegs`): order line or job codes. */
export interface Commitments {
  owner: Int32Array;
  quantity: Float64Array;
}

export interface PoolSupply {
  supply: MrpSupply;
  /** SHARED_POOL, or the name code of the order line it is dedicated to */
  pool: number;
  /** a job's remaining component need */
  parts?: JobParts;
  /** a shared supply's quantity committed to order lines or jobs */
  committed?: Commitments;
}

/** Component `part` of the job that is open supply `supply` of item `parent`. */
export interface JobUse {
  parent: number;
  supply: number;
  part: number;
}

/** Supplies added or replacing the supply of the same id, and ids of supplies gone. */
export interface SupplyChange {
  set?: MrpSupply[];
  remove?: string[];
}

export interface PlantIndex {
  /** the input the index was built from (its arrays are compared by identity for net change) */
  input: MrpInput;
  now: Minutes;
  workingDays: Minutes[];
  deferMinutes: number;
  items: MrpItem[];
  itemIds: string[];
  itemIndex: Map<string, number>;
  kind: Uint8Array;
  mts: Uint8Array;
  lotRule: Uint8Array;
  lotQuantity: Float64Array;
  safetyStock: Float64Array;
  /** NaN: no reorder point */
  reorderPoint: Float64Array;
  /** lead time in whole working days */
  leadDays: Int32Array;
  /** due date of an order started now (for orders that cannot be made in time) */
  earliestDue: Float64Array;
  /** quantity made per unit ordered: 1 + the item's own yield loss (make items) */
  madeFactor: Float64Array;
  /** position of each item in id order, and the items in that order (the plan's output order) */
  rank: Int32Array;
  byRank: Int32Array;
  /** standard BOM by parent: lines bomStart[p] .. bomStart[p + 1] */
  bomStart: Int32Array;
  bomChild: Int32Array;
  /** component quantity per unit of the parent made, with the line's loss */
  bomFactor: Float64Array;
  /** where-used by child: entries usedStart[c] .. usedStart[c + 1] name the parent and its line */
  usedStart: Int32Array;
  usedParent: Int32Array;
  usedLine: Int32Array;
  /** open supply by item, in id order */
  supplies: (PoolSupply[] | undefined)[];
  /** by component: the open jobs that still need it */
  jobUses: (JobUse[] | undefined)[];
  /** 1 for an item with an open job that has components */
  hasJobParts: Uint8Array;
  /** the item a supply id was last seen on (shared by the contexts of a run; a hint, checked on use) */
  supplyHint: Map<string, number>;
  /** on hand by item */
  onHand: Float64Array;
  /** on hand less all reservations, never negative */
  freeStock: Float64Array;
  /** stock reserved per order line (pool code) */
  reservedFor: (Map<number, number> | undefined)[];
}

const LOT_RULES: Record<NonNullable<MrpItem['lotSizing']>['rule'], number> = {
  'lot-for-lot': LOT_FOR_LOT,
  fixed: FIXED,
  minimum: MINIMUM,
  multiple: MULTIPLE,
  period: PERIOD,
};

export function indexPlant(input: MrpInput, names: NameTable): Result<PlantIndex> {
  const items = input.items;
  const n = items.length;
  const itemIndex = new Map<string, number>();
  items.forEach((item, k) => {
    itemIndex.set(item.id, k);
  });
  for (const line of input.bom)
    for (const id of [line.parentId, line.childId])
      if (!itemIndex.has(id)) return fail('unknown-item', `BOM line names unknown item ${id}`, [id]);

  const kind = new Uint8Array(n);
  const mts = new Uint8Array(n);
  const lotRule = new Uint8Array(n);
  const lotQuantity = new Float64Array(n);
  const safetyStock = new Float64Array(n);
  const reorderPoint = new Float64Array(n);
  const leadDays = new Int32Array(n);
  const earliestDue = new Float64Array(n);
  const madeFactor = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const item = items[k];
    kind[k] = item.kind === 'make' ? MAKE : item.kind === 'buy' ? BUY : PHANTOM;
    mts[k] = item.strategy === 'MTS' ? 1 : 0;
    lotRule[k] = LOT_RULES[item.lotSizing?.rule ?? 'lot-for-lot'] ?? LOT_FOR_LOT;
    lotQuantity[k] = item.lotSizing?.quantity ?? 0;
    safetyStock[k] = item.safetyStock ?? 0;
    reorderPoint[k] = item.reorderPoint ?? Number.NaN;
    leadDays[k] = Math.round(item.leadTimeDays);
    earliestDue[k] = addWorkingDays(input.workingDays, input.now, leadDays[k]);
    madeFactor[k] = 1 + (item.kind === 'make' ? (item.scrapFactor ?? 0) : 0);
  }
  const byRank = Int32Array.from(items.keys()).sort((a, b) =>
    items[a].id < items[b].id ? -1 : items[a].id > items[b].id ? 1 : a - b,
  );
  const rank = new Int32Array(n);
  byRank.forEach((item, r) => {
    rank[item] = r;
  });

  // standard BOM by parent, lines in input order (their position is a stable tie-break)
  const bomStart = new Int32Array(n + 1);
  for (const line of input.bom) bomStart[itemIndex.get(line.parentId)! + 1]++;
  for (let k = 0; k < n; k++) bomStart[k + 1] += bomStart[k];
  const bomChild = new Int32Array(input.bom.length);
  const bomFactor = new Float64Array(input.bom.length);
  const fill = bomStart.slice(0, n);
  for (const line of input.bom) {
    const at = fill[itemIndex.get(line.parentId)!]++;
    bomChild[at] = itemIndex.get(line.childId)!;
    bomFactor[at] = line.quantityPer * (1 + (line.scrapFactor ?? 0));
  }
  const usedStart = new Int32Array(n + 1);
  for (let k = 0; k < bomChild.length; k++) usedStart[bomChild[k] + 1]++;
  for (let k = 0; k < n; k++) usedStart[k + 1] += usedStart[k];
  const usedParent = new Int32Array(bomChild.length);
  const usedLine = new Int32Array(bomChild.length);
  const usedFill = usedStart.slice(0, n);
  for (let p = 0; p < n; p++)
    for (let at = bomStart[p]; at < bomStart[p + 1]; at++) {
      const slot = usedFill[bomChild[at]]++;
      usedParent[slot] = p;
      usedLine[slot] = at - bomStart[p];
    }

  const supplies: (PoolSupply[] | undefined)[] = new Array(n);
  const supplyHint = new Map<string, number>();
  for (const supply of input.supplies ?? []) {
    const checked = poolSupply(itemIndex, names, supply);
    if (!checked.ok) return checked;
    if (supplyHint.has(supply.id))
      return fail('duplicate-supply', `two supplies have the id ${supply.id}`, [supply.id]);
    const k = itemIndex.get(supply.itemId);
    supplyHint.set(supply.id, k ?? -1);
    if (k === undefined) continue; // supply of an item nobody plans: nothing to net it against
    const list = supplies[k];
    if (list) list.push(checked.value);
    else supplies[k] = [checked.value];
  }
  const jobUses: (JobUse[] | undefined)[] = new Array(n);
  const hasJobParts = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const list = supplies[k];
    if (!list) continue;
    list.sort(bySupplyId);
    if (addJobUses(jobUses, k, list)) hasJobParts[k] = 1;
  }
  const onHand = new Float64Array(n);
  for (const s of input.onHand ?? []) {
    const k = itemIndex.get(s.itemId);
    if (k !== undefined) onHand[k] += s.quantity;
  }
  const reservedFor: (Map<number, number> | undefined)[] = new Array(n);
  const reserved = new Float64Array(n);
  for (const [k, byLine] of reservationsByItem(itemIndex, names, input.reservations ?? [])) {
    reservedFor[k] = byLine;
    for (const quantity of byLine.values()) reserved[k] += quantity;
  }
  const freeStock = new Float64Array(n);
  for (let k = 0; k < n; k++) freeStock[k] = Math.max(0, onHand[k] - reserved[k]);

  return ok({
    input,
    now: input.now,
    workingDays: input.workingDays,
    deferMinutes: (input.deferThresholdDays ?? 5) * 1440,
    items,
    itemIds: items.map((i) => i.id),
    itemIndex,
    kind,
    mts,
    lotRule,
    lotQuantity,
    safetyStock,
    reorderPoint,
    leadDays,
    earliestDue,
    madeFactor,
    rank,
    byRank,
    bomStart,
    bomChild,
    bomFactor,
    usedStart,
    usedParent,
    usedLine,
    supplies,
    jobUses,
    hasJobParts,
    supplyHint,
    onHand,
    freeStock,
    reservedFor,
  });
}

/** Stock reserved per item and order line (pool code), as `indexPlant` reads it. */
function reservationsByItem(
  itemIndex: Map<string, number>,
  names: NameTable,
  reservations: NonNullable<MrpInput['reservations']>,
): Map<number, Map<number, number>> {
  const byItem = new Map<number, Map<number, number>>();
  for (const r of reservations) {
    const k = itemIndex.get(r.itemId);
    if (k === undefined) continue;
    const byLine = byItem.get(k) ?? new Map<number, number>();
    byItem.set(k, byLine);
    const line = names.code(r.orderLineId);
    byLine.set(line, (byLine.get(line) ?? 0) + r.quantity);
  }
  return byItem;
}

/**
 * The plant after the stock reservations became `reservations` (the whole new list): the
 * reserved and free stock of the items whose reservations differ, every other table shared.
 * Returns those items and the order lines (pools) whose reserved stock changed.
 */
export function changeReservationIndex(
  plant: PlantIndex,
  names: NameTable,
  reservations: NonNullable<MrpInput['reservations']>,
): { plant: PlantIndex; items: number[]; pools: number[] } {
  const after = reservationsByItem(plant.itemIndex, names, reservations);
  const items: number[] = [];
  const pools = new Set<number>();
  const differ = (k: number) => {
    const was = plant.reservedFor[k];
    const now = after.get(k);
    let changed = false;
    for (const [line, quantity] of now ?? [])
      if (Math.abs((was?.get(line) ?? 0) - quantity) > 1e-9) {
        pools.add(line);
        changed = true;
      }
    for (const [line, quantity] of was ?? [])
      if (!now?.has(line) && quantity !== 0) {
        pools.add(line);
        changed = true;
      }
    return changed;
  };
  const candidates = new Set(after.keys());
  plant.reservedFor.forEach((byLine, k) => {
    if (byLine) candidates.add(k);
  });
  for (const k of candidates) if (differ(k)) items.push(k);
  if (items.length === 0)
    return {
      plant: { ...plant, input: { ...plant.input, reservations } },
      items,
      pools: [],
    };
  const reservedFor = plant.reservedFor.slice();
  const freeStock = plant.freeStock.slice();
  for (const k of items) {
    const byLine = after.get(k);
    reservedFor[k] = byLine;
    let reserved = 0;
    for (const quantity of byLine?.values() ?? []) reserved += quantity;
    freeStock[k] = Math.max(0, plant.onHand[k] - reserved);
  }
  items.sort((a, b) => a - b);
  return {
    plant: { ...plant, input: { ...plant.input, reservations }, reservedFor, freeStock },
    items,
    pools: [...pools],
  };
}

const bySupplyId = (a: PoolSupply, b: PoolSupply) =>
  a.supply.id < b.supply.id ? -1 : a.supply.id > b.supply.id ? 1 : 0;

/** A supply as netting reads it: its pool and, for a job, its components by item index. */
function poolSupply(itemIndex: Map<string, number>, names: NameTable, supply: MrpSupply): Result<PoolSupply> {
  if (!(supply.quantity >= 0) || !Number.isFinite(supply.due))
    return fail('bad-supply', `supply ${supply.id} has a negative quantity or no due date`, [supply.id]);
  const pool = supply.orderLineId === undefined ? SHARED_POOL : names.code(supply.orderLineId);
  const committed = pool === SHARED_POOL ? commitmentsOf(names, supply) : ok(undefined);
  if (!committed.ok) return committed;
  const base: PoolSupply = committed.value ? { supply, pool, committed: committed.value } : { supply, pool };
  const components = supply.kind === 'job' ? supply.components : undefined;
  if (!components?.length || !itemIndex.has(supply.itemId)) return ok(base);
  const count = components.length;
  const child = new Int32Array(count);
  const quantity = new Float64Array(count);
  const need = new Float64Array(count);
  for (let c = 0; c < count; c++) {
    const part = components[c];
    const x = itemIndex.get(part.itemId);
    if (x === undefined)
      return fail('unknown-item', `job ${supply.id} needs unknown item ${part.itemId}`, [part.itemId]);
    if (!(part.quantity >= 0) || !Number.isFinite(part.need))
      return fail('bad-supply', `job ${supply.id} needs a negative quantity or has no need date`, [
        supply.id,
      ]);
    child[c] = x;
    quantity[c] = part.quantity;
    need[c] = part.need;
  }
  const basis = supply.quantity > 1e-9 ? supply.quantity : 1;
  return ok({ ...base, parts: { child, quantity, need, basis, code: names.code(`${JOB_PEG}${supply.id}`) } });
}

/** pegs to these commit nothing: they are the plan's own stock policies */
const POLICY_PEGS = ['stock:', 'safety-stock:', 'reorder-point:', 'surplus:'];

/** A shared supply's commitments to order lines and jobs (`MrpSupply.pegs`), none when it has none. */
function commitmentsOf(names: NameTable, supply: MrpSupply): Result<Commitments | undefined> {
  for (const p of supply.pegs ?? [])
    if (!Number.isFinite(p.quantity))
      return fail('bad-supply', `supply ${supply.id} has a peg without a quantity`, [supply.id]);
  const pegs = (supply.pegs ?? []).filter(
    (p) => p.quantity > 1e-9 && !POLICY_PEGS.some((prefix) => p.demandId.startsWith(prefix)),
  );
  if (pegs.length === 0) return ok(undefined);
  // in a fixed order (by owner), so the same pegs commit the same way whatever order they come in
  pegs.sort((a, b) => (a.demandId < b.demandId ? -1 : a.demandId > b.demandId ? 1 : 0));
  return ok({
    owner: Int32Array.from(pegs, (p) => names.code(p.demandId)),
    quantity: Float64Array.from(pegs, (p) => p.quantity),
  });
}

/** Adds the component uses of item `parent`'s jobs; whether it has any. */
function addJobUses(jobUses: (JobUse[] | undefined)[], parent: number, list: PoolSupply[]): boolean {
  let any = false;
  list.forEach(({ parts }, supply) => {
    if (!parts) return;
    any = true;
    for (let part = 0; part < parts.child.length; part++) {
      const c = parts.child[part];
      const uses = jobUses[c];
      if (uses) uses.push({ parent, supply, part });
      else jobUses[c] = [{ parent, supply, part }];
    }
  });
  return any;
}

/**
 * The plant after a supply change: the supply lists of the items it touches rebuilt (in id
 * order, as `indexPlant` builds them), the where-used of their jobs' components redone, every
 * other table shared. `supplies`, when given, is the resulting supply list (saves building it).
 * Returns the items whose supply changed, and the components of their jobs before and after.
 */
export function changeSupplyIndex(
  plant: PlantIndex,
  names: NameTable,
  change: SupplyChange,
  supplies?: MrpSupply[],
): Result<{
  plant: PlantIndex;
  items: number[];
  components: number[];
  /** the order lines the changed supplies were or are dedicated to */
  pools: number[];
  partsTouched: boolean;
}> {
  const set = change.set ?? [];
  const removed = new Set(change.remove ?? []);
  const added = new Map<string, PoolSupply>();
  const setItem = new Map<string, number>();
  for (const supply of set) {
    const checked = poolSupply(plant.itemIndex, names, supply);
    if (!checked.ok) return checked;
    if (added.has(supply.id) || setItem.has(supply.id))
      return fail('duplicate-supply', `two supplies have the id ${supply.id}`, [supply.id]);
    const k = plant.itemIndex.get(supply.itemId);
    if (k === undefined) setItem.set(supply.id, -1);
    else added.set(supply.id, checked.value);
  }
  // where the changed ids are now: the hint, checked against the item's list (else look everywhere)
  const gone = new Set([...removed, ...setItem.keys(), ...added.keys()]);
  const items = new Set<number>();
  for (const id of gone) {
    const hint = plant.supplyHint.get(id);
    if (hint === undefined) continue; // never indexed: a new supply
    if (hint >= 0 && plant.supplies[hint]?.some((s) => s.supply.id === id)) items.add(hint);
    else
      plant.supplies.forEach((list, k) => {
        if (list?.some((s) => s.supply.id === id)) items.add(k);
      });
  }
  for (const [id, s] of added) {
    const k = plant.itemIndex.get(s.supply.itemId)!;
    items.add(k);
    plant.supplyHint.set(id, k);
  }
  for (const [id] of setItem) plant.supplyHint.set(id, -1);

  const lists = plant.supplies.slice();
  const hasJobParts = plant.hasJobParts.slice();
  const jobUses = plant.jobUses.slice();
  const components = new Set<number>();
  const pools = new Set<number>();
  for (const s of added.values()) if (s.pool !== SHARED_POOL) pools.add(s.pool);
  let partsTouched = false;
  const changedItems = [...items].sort((a, b) => a - b);
  for (const k of changedItems) {
    const before = plant.supplies[k] ?? [];
    for (const s of before) if (s.pool !== SHARED_POOL && gone.has(s.supply.id)) pools.add(s.pool);
    for (const s of before)
      if (s.parts) {
        partsTouched = true;
        for (const c of s.parts.child) components.add(c);
      }
    const after = before.filter((s) => !gone.has(s.supply.id));
    for (const s of added.values()) if (plant.itemIndex.get(s.supply.itemId) === k) after.push(s);
    after.sort(bySupplyId);
    lists[k] = after.length ? after : undefined;
    for (const s of after)
      if (s.parts) {
        partsTouched = true;
        for (const c of s.parts.child) components.add(c);
      }
  }
  if (partsTouched) {
    // the uses of the changed items' jobs are redone: their supplies are numbered anew
    const changedSet = new Set(changedItems);
    for (const c of components) {
      const kept = (plant.jobUses[c] ?? []).filter((u) => !changedSet.has(u.parent));
      jobUses[c] = kept.length ? kept : undefined;
    }
    for (const k of changedItems) hasJobParts[k] = addJobUses(jobUses, k, lists[k] ?? []) ? 1 : 0;
  }
  const list = supplies ?? [...(plant.input.supplies ?? []).filter((s) => !gone.has(s.id)), ...set];
  return ok({
    plant: { ...plant, input: { ...plant.input, supplies: list }, supplies: lists, jobUses, hasJobParts },
    items: changedItems,
    components: [...components],
    pools: [...pools],
    partsTouched,
  });
}

/**
 * Whether `input` differs from the indexed one only in its demands (the arrays are the same), or
 * with `changes`, only in its demands, its open supply and its reservations.
 */
export function sameApartFromDemands(plant: PlantIndex, input: MrpInput, changes = false): boolean {
  const was = plant.input;
  return (
    input.items === was.items &&
    input.bom === was.bom &&
    input.workingDays === was.workingDays &&
    input.now === was.now &&
    (changes || (input.supplies === was.supplies && input.reservations === was.reservations)) &&
    input.onHand === was.onHand &&
    input.deferThresholdDays === was.deferThresholdDays
  );
}
