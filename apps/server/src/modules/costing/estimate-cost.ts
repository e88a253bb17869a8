/**
 * Preliminary cost of making a quantity of an item, rolled up through its BOM and routing at
 * today's rates: bought material at standard cost (with BOM and item scrap), per operation the
 * setup once per lot at the setup rate, and run time at the machine and labour rates (run
 * time stretched by the work center's efficiency, as planning does). Phantoms pass their
 * components through; a made component without a routing counts at its standard cost.
 * Pure; O(BOM lines + operations) of the exploded structure, one lot per level.
 */
import type { PlanningBomLine, PlanningItem, PlanningOperation } from '../catalog/plant-structure';

export interface CostRates {
  /** per hour, minor units */
  machineRate: number;
  labourRate: number;
  setupRate: number;
  efficiency: number;
}

export interface CostStructure {
  items: Map<string, PlanningItem>;
  bomByParent: Map<string, PlanningBomLine[]>;
  operationsByItem: Map<string, PlanningOperation[]>;
  ratesByWorkCenter: Map<string, CostRates>;
}

export interface CostBreakdown {
  material: number;
  setup: number;
  machine: number;
  labour: number;
  total: number;
}

const ZERO: CostBreakdown = { material: 0, setup: 0, machine: 0, labour: 0, total: 0 };

/** Deeper than any real BOM: a guard against a cycle the catalog should already have refused. */
const MAX_DEPTH = 50;

export function estimateCost(structure: CostStructure, itemId: string, quantity: number): CostBreakdown {
  const sum = { ...ZERO };
  const add = (part: Omit<CostBreakdown, 'total'>) => {
    sum.material += part.material;
    sum.setup += part.setup;
    sum.machine += part.machine;
    sum.labour += part.labour;
  };
  const visit = (id: string, qty: number, depth: number) => {
    const item = structure.items.get(id);
    if (!item || qty <= 0 || depth > MAX_DEPTH) return;
    const lines = structure.bomByParent.get(id) ?? [];
    const operations = structure.operationsByItem.get(id) ?? [];
    if (item.kind === 'buy' || (item.kind === 'make' && lines.length === 0 && operations.length === 0)) {
      add({ material: qty * item.standardCostAmount, setup: 0, machine: 0, labour: 0 });
      return;
    }
    // a made item's own scrap means more of it is started than is delivered
    const started = item.kind === 'make' ? qty * (1 + item.scrapFactor) : qty;
    for (const op of operations) {
      const rates = structure.ratesByWorkCenter.get(op.workCenterId);
      if (!rates) continue;
      const runHours = (op.runMinutesPerUnit * started) / Math.max(0.01, rates.efficiency) / 60;
      add({
        material: 0,
        setup: (op.setupMinutes / 60) * rates.setupRate,
        machine: runHours * rates.machineRate,
        labour: runHours * rates.labourRate,
      });
    }
    for (const line of lines)
      visit(line.childItemId, started * line.quantityPer * (1 + line.scrapFactor), depth + 1);
  };
  visit(itemId, quantity, 0);
  const rounded = {
    material: Math.round(sum.material),
    setup: Math.round(sum.setup),
    machine: Math.round(sum.machine),
    labour: Math.round(sum.labour),
  };
  return { ...rounded, total: rounded.material + rounded.setup + rounded.machine + rounded.labour };
}
