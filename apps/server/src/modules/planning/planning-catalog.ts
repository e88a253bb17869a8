/**
 * The catalog as planning and costing read it: items, the BOM lines by parent and the routing
 * operations by item, effective at a date, and the same seen by one configured line (its own
 * BOM and routing in place of the standard ones). Pure once loaded; `loadPlanningCatalog`
 * reads it in a fixed number of queries.
 */
import type { Db, Tx } from '../../platform/db/database';
import { groupBy } from '../../platform/group-by';
import {
  effectiveBomLines,
  effectiveRoutingOperations,
  type PlanningBomLine,
  type PlanningItem,
  type PlanningOperation,
  planningItems,
  planningResources,
} from '../catalog/plant-structure';
import type { CostRates } from '../costing/estimate-cost';
import type { PlanningCatalog } from './supply-request';

/**
 * A configured (or engineered) product's own structure for one line: BOM lines replacing the
 * standard BOM of their parents and the operations replacing the item's routing.
 */
export interface ConfiguredStructure {
  itemId: string;
  bom: {
    parentItemId: string;
    childItemId: string;
    /** per one parent, in the child's base unit */
    quantityPer: number;
    scrapFactor: number;
    operationNumber: string | null;
  }[];
  routing: {
    number: string;
    name: string;
    workCenterId: string;
    setupMinutes: number;
    runMinutesPerUnit: number;
    predecessors: string[];
  }[];
}

export function planningCatalog(
  items: PlanningItem[],
  bom: PlanningBomLine[],
  ops: PlanningOperation[],
): PlanningCatalog {
  return {
    items: new Map(items.map((i) => [i.id, i])),
    bomByParent: groupBy(bom, (l) => l.parentItemId),
    operationsByItem: groupBy(ops, (o) => o.itemId),
  };
}

/**
 * The catalog as one configured line sees it: its configured BOM lines replace the standard
 * lines of their parents, its configured operations the item's routing (alternatives, queue,
 * move and shift rule carried over from the standard operation of the same number).
 */
export function withConfiguredStructure(
  catalog: PlanningCatalog,
  configured: ConfiguredStructure | undefined,
): PlanningCatalog {
  if (!configured) return catalog;
  const bomByParent = new Map(catalog.bomByParent);
  const standardBomId = (parent: string) =>
    catalog.bomByParent.get(parent)?.[0]?.bomId ?? `configured:${parent}`;
  const parents = new Set(configured.bom.map((l) => l.parentItemId));
  for (const parent of parents)
    bomByParent.set(
      parent,
      configured.bom
        .filter((l) => l.parentItemId === parent)
        .map((l) => ({ bomId: standardBomId(parent), ...l })),
    );
  const standard = new Map((catalog.operationsByItem.get(configured.itemId) ?? []).map((o) => [o.number, o]));
  const routingId = [...standard.values()][0]?.routingId ?? `configured:${configured.itemId}`;
  const operationsByItem = new Map(catalog.operationsByItem);
  operationsByItem.set(
    configured.itemId,
    configured.routing.map((op) => {
      const base = standard.get(op.number);
      return {
        routingId,
        itemId: configured.itemId,
        number: op.number,
        name: op.name,
        workCenterId: op.workCenterId,
        alternatives: base?.alternatives ?? [],
        setupMinutes: op.setupMinutes,
        runMinutesPerUnit: op.runMinutesPerUnit,
        queueMinutes: base?.queueMinutes ?? 0,
        moveMinutes: base?.moveMinutes ?? 0,
        predecessors: op.predecessors,
        shiftRule: base?.shiftRule ?? 'span',
        instructions: base?.instructions ?? '',
        drawingUrl: base?.drawingUrl ?? null,
      };
    }),
  );
  return { items: catalog.items, bomByParent, operationsByItem };
}

/** The catalog effective at `date` and the work centers' cost rates: four queries. */
export async function loadPlanningCatalog(
  db: Db | Tx,
  date: string,
): Promise<{ catalog: PlanningCatalog; ratesByWorkCenter: Map<string, CostRates> }> {
  const [items, bom, operations, resources] = await Promise.all([
    planningItems(db),
    effectiveBomLines(db, date),
    effectiveRoutingOperations(db, date),
    planningResources(db),
  ]);
  return {
    catalog: planningCatalog(items, bom, operations),
    ratesByWorkCenter: costRatesOf(resources.workCenters),
  };
}

/** Cost rates per work center, as costing needs them. */
export function costRatesOf(
  workCenters: {
    id: string;
    machineRate: number;
    labourRate: number;
    setupRate: number;
    efficiency: string;
  }[],
): Map<string, CostRates> {
  return new Map(
    workCenters.map((w) => [
      w.id,
      {
        machineRate: w.machineRate,
        labourRate: w.labourRate,
        setupRate: w.setupRate,
        efficiency: Number(w.efficiency),
      },
    ]),
  );
}
