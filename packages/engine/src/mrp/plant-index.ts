/**
 * The parts of an MRP input that demand changes leave alone — items, standard BOM, stock,
 * reservations, open supply, calendar — turned once into integer-indexed arrays: items by index,
 * the BOM by parent and its where-used by child (compressed rows), stock and supply by item.
 */
import { fail, ok, type Result } from '../common/result';
import type { Minutes } from '../common/time';
import type { NameTable } from './name-table';
import type { MrpInput, MrpItem, MrpSupply } from './types';
import { addWorkingDays } from './working-days';

export const SHARED_POOL = -1;

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

export interface PoolSupply {
  supply: MrpSupply;
  /** SHARED_POOL, or the name code of the order line it is dedicated to */
  pool: number;
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
  supplies: (PoolSupply[] | undefined)[];
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
  for (const supply of input.supplies ?? []) {
    const k = itemIndex.get(supply.itemId);
    if (k === undefined) continue; // supply of an item nobody plans: nothing to net it against
    const pool = supply.orderLineId === undefined ? SHARED_POOL : names.code(supply.orderLineId);
    const list = supplies[k];
    if (list) list.push({ supply, pool });
    else supplies[k] = [{ supply, pool }];
  }
  const onHand = new Float64Array(n);
  for (const s of input.onHand ?? []) {
    const k = itemIndex.get(s.itemId);
    if (k !== undefined) onHand[k] += s.quantity;
  }
  const reservedFor: (Map<number, number> | undefined)[] = new Array(n);
  const reserved = new Float64Array(n);
  for (const r of input.reservations ?? []) {
    const k = itemIndex.get(r.itemId);
    if (k === undefined) continue;
    reserved[k] += r.quantity;
    const byLine = reservedFor[k] ?? new Map<number, number>();
    reservedFor[k] = byLine;
    const line = names.code(r.orderLineId);
    byLine.set(line, (byLine.get(line) ?? 0) + r.quantity);
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
    freeStock,
    reservedFor,
  });
}

/** Whether `input` differs from the indexed one only in its demands (the arrays are the same). */
export function sameApartFromDemands(plant: PlantIndex, input: MrpInput): boolean {
  const was = plant.input;
  return (
    input.items === was.items &&
    input.bom === was.bom &&
    input.workingDays === was.workingDays &&
    input.now === was.now &&
    input.supplies === was.supplies &&
    input.onHand === was.onHand &&
    input.reservations === was.reservations &&
    input.deferThresholdDays === was.deferThresholdDays
  );
}
