/**
 * Low-level codes: an item's code is the longest path to it from any root of the BOM (standard
 * and configured lines, and open jobs' remaining components: a job's item before them), so
 * planning items by ascending code nets every item after all its parents. Kahn's topological
 * order, O(items + BOM lines + job components); a cycle is an error value with its path.
 */
import { fail, ok, type Result } from '../common/result';
import type { DemandIndex } from './demand-index';
import type { PlantIndex } from './plant-index';
import type { MrpBomLine, MrpDemand, MrpItem, MrpSupply } from './types';

export interface PlanningOrder {
  llc: Int32Array;
  /** items by ascending code, then id */
  order: Int32Array;
}

export function planningOrder(plant: PlantIndex, demands: DemandIndex): Result<PlanningOrder> {
  const n = plant.items.length;
  const { bomStart, bomChild } = plant;
  const indegree = new Int32Array(n);
  for (let k = 0; k < bomChild.length; k++) indegree[bomChild[k]]++;
  for (const byParent of demands.lineBoms.values())
    for (const lines of byParent.values()) for (const c of lines.child) indegree[c]++;
  const extra = new Map<number, number[]>();
  for (const byParent of demands.lineBoms.values())
    for (const [parent, lines] of byParent) {
      const list = extra.get(parent) ?? [];
      list.push(...lines.child);
      extra.set(parent, list);
    }
  plant.supplies.forEach((supplies, parent) => {
    if (!plant.hasJobParts[parent]) return;
    const list = extra.get(parent) ?? [];
    for (const s of supplies!)
      if (s.parts)
        for (const c of s.parts.child) {
          list.push(c);
          indegree[c]++;
        }
    extra.set(parent, list);
  });
  const llc = new Int32Array(n);
  const stack: number[] = [];
  for (let k = 0; k < n; k++) if (indegree[k] === 0) stack.push(k);
  let seen = 0;
  const visit = (item: number, kid: number) => {
    if (llc[kid] < llc[item] + 1) llc[kid] = llc[item] + 1;
    if (--indegree[kid] === 0) stack.push(kid);
  };
  while (stack.length) {
    const item = stack.pop()!;
    seen++;
    for (let at = bomStart[item]; at < bomStart[item + 1]; at++) visit(item, bomChild[at]);
    for (const kid of extra.get(item) ?? []) visit(item, kid);
  }
  if (seen < n) {
    const found = lowLevelCodes(plant.items, plant.input.bom, demands.demands, plant.input.supplies);
    return found.ok ? fail('cycle', 'the BOM structure is circular') : found;
  }
  const order = Int32Array.from(plant.byRank).sort(
    (a, b) => llc[a] - llc[b] || plant.rank[a] - plant.rank[b],
  );
  return ok({ llc, order });
}

function childMap(bom: MrpBomLine[], demands: MrpDemand[], supplies: MrpSupply[]): Map<string, Set<string>> {
  const children = new Map<string, Set<string>>();
  const add = (l: Pick<MrpBomLine, 'parentId' | 'childId'>) => {
    if (!children.has(l.parentId)) children.set(l.parentId, new Set());
    children.get(l.parentId)!.add(l.childId);
  };
  bom.forEach(add);
  for (const d of demands) d.bom?.forEach(add);
  for (const s of supplies)
    if (s.kind === 'job') for (const c of s.components ?? []) add({ parentId: s.itemId, childId: c.itemId });
  return children;
}

/** Low-level codes by item id (the plain form of `planningOrder`). */
export function lowLevelCodes(
  items: MrpItem[],
  bom: MrpBomLine[],
  demands: MrpDemand[],
  supplies: MrpSupply[] = [],
): Result<Map<string, number>> {
  const children = childMap(bom, demands, supplies);
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
