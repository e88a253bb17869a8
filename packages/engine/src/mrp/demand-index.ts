/**
 * The demands of a plan, indexed: by name code, by item, and the configured BOMs of order lines
 * (with their where-used), so a net change can swap a few demands without reading the others.
 */
import { fail, ok, type Result } from '../common/result';
import type { NameTable } from './name-table';
import type { PlantIndex } from './plant-index';
import type { MrpDemand } from './types';

/** The lines of one parent in an order line's configured BOM. */
export interface LineBom {
  child: Int32Array;
  factor: Float64Array;
}

/** A child used by a parent in an order line's configured BOM, at position `line`. */
export interface ConfiguredUse {
  parent: number;
  pool: number;
  line: number;
}

export interface DemandIndex {
  demands: MrpDemand[];
  byCode: (MrpDemand | undefined)[];
  byItem: (number[] | undefined)[];
  /** configured BOMs: order line (pool code) → parent → its lines for that line only */
  lineBoms: Map<number, Map<number, LineBom>>;
  /** child → where configured BOMs use it */
  configuredUses: Map<number, ConfiguredUse[]>;
}

export interface DemandChange {
  /** demands added, or replacing the demand of the same id */
  set?: MrpDemand[];
  /** ids of demands removed */
  remove?: string[];
}

function checkDemand(plant: PlantIndex, d: MrpDemand): Result<void> {
  if (!plant.itemIndex.has(d.itemId))
    return fail('unknown-item', `demand ${d.id} names unknown item ${d.itemId}`, [d.id]);
  if (!(d.quantity >= 0) || !Number.isFinite(d.due))
    return fail('bad-demand', `demand ${d.id} has a negative quantity or no due date`, [d.id]);
  for (const line of d.bom ?? [])
    for (const id of [line.parentId, line.childId])
      if (!plant.itemIndex.has(id)) return fail('unknown-item', `BOM line names unknown item ${id}`, [id]);
  return ok(undefined);
}

export function indexDemands(plant: PlantIndex, names: NameTable, demands: MrpDemand[]): Result<DemandIndex> {
  const byCode: (MrpDemand | undefined)[] = [];
  const byItem: (number[] | undefined)[] = new Array(plant.items.length);
  for (const d of demands) {
    const checked = checkDemand(plant, d);
    if (!checked.ok) return checked;
    const code = names.code(d.id);
    if (byCode[code]) return fail('duplicate-demand', `two demands have the id ${d.id}`, [d.id]);
    byCode[code] = d;
    const list = byItem[plant.itemIndex.get(d.itemId)!];
    if (list) list.push(code);
    else byItem[plant.itemIndex.get(d.itemId)!] = [code];
  }
  return ok({ demands, byCode, byItem, ...configuredBoms(plant, names, demands) });
}

/**
 * The demand index after `change`: copies of the by-code and by-item tables with the changed
 * demands swapped (the others shared). `demands` is the resulting list when the caller has it.
 */
export function changeDemandIndex(
  plant: PlantIndex,
  names: NameTable,
  index: DemandIndex,
  change: DemandChange,
  demands?: MrpDemand[],
): Result<{ index: DemandIndex; before: MrpDemand[]; after: MrpDemand[] }> {
  const set = change.set ?? [];
  const removed = new Set(change.remove ?? []);
  const setIds = new Set<string>();
  for (const d of set) {
    const checked = checkDemand(plant, d);
    if (!checked.ok) return checked;
    if (setIds.has(d.id)) return fail('duplicate-demand', `two demands have the id ${d.id}`, [d.id]);
    setIds.add(d.id);
  }
  const byCode = index.byCode.slice();
  const byItem = index.byItem.slice();
  const before: MrpDemand[] = [];
  const dropFromItem = (d: MrpDemand, code: number) => {
    const item = plant.itemIndex.get(d.itemId)!;
    byItem[item] = byItem[item]!.filter((c) => c !== code);
  };
  for (const id of [...removed, ...setIds]) {
    const code = names.find(id);
    const old = code === undefined ? undefined : byCode[code];
    if (!old || code === undefined) continue;
    before.push(old);
    byCode[code] = undefined;
    dropFromItem(old, code);
  }
  for (const d of set) {
    const code = names.code(d.id);
    byCode[code] = d;
    const item = plant.itemIndex.get(d.itemId)!;
    byItem[item] = [...(byItem[item] ?? []), code];
  }
  const list = demands ?? [...index.demands.filter((d) => !removed.has(d.id) && !setIds.has(d.id)), ...set];
  const bomChanged = before.some((d) => d.bom) || set.some((d) => d.bom);
  const boms = bomChanged
    ? configuredBoms(plant, names, list)
    : { lineBoms: index.lineBoms, configuredUses: index.configuredUses };
  return ok({ index: { demands: list, byCode, byItem, ...boms }, before, after: set });
}

function configuredBoms(
  plant: PlantIndex,
  names: NameTable,
  demands: MrpDemand[],
): Pick<DemandIndex, 'lineBoms' | 'configuredUses'> {
  const lineBoms = new Map<number, Map<number, LineBom>>();
  const configuredUses = new Map<number, ConfiguredUse[]>();
  for (const d of demands) {
    if (!d.bom) continue;
    const pool = names.code(d.id);
    const byParent = new Map<number, { child: number[]; factor: number[] }>();
    for (const line of d.bom) {
      const parent = plant.itemIndex.get(line.parentId)!;
      const lines = byParent.get(parent) ?? { child: [], factor: [] };
      byParent.set(parent, lines);
      const child = plant.itemIndex.get(line.childId)!;
      const uses = configuredUses.get(child) ?? [];
      uses.push({ parent, pool, line: lines.child.length });
      configuredUses.set(child, uses);
      lines.child.push(child);
      lines.factor.push(line.quantityPer * (1 + (line.scrapFactor ?? 0)));
    }
    const compact = new Map<number, LineBom>();
    for (const [parent, lines] of byParent)
      compact.set(parent, { child: Int32Array.from(lines.child), factor: Float64Array.from(lines.factor) });
    lineBoms.set(pool, compact);
  }
  return { lineBoms, configuredUses };
}
