import { describe, expect, it } from 'vitest';
import type { PlanningBomLine, PlanningItem, PlanningOperation } from '../catalog/plant-structure';
import { type CostStructure, estimateCost } from './estimate-cost';

const item = (
  id: string,
  kind: PlanningItem['kind'],
  standardCostAmount = 0,
  scrapFactor = 0,
): PlanningItem => ({
  id,
  number: id.toUpperCase(),
  name: id,
  kind,
  strategy: 'MTO',
  uom: 'pcs',
  family: null,
  leadTimeDays: null,
  lotSizingRule: 'lot-for-lot',
  lotQuantity: null,
  safetyStock: 0,
  reorderPoint: null,
  scrapFactor,
  standardCostAmount,
  currency: 'EUR',
  supplierId: null,
  supplierLeadTimeDays: null,
});
const line = (
  parentItemId: string,
  childItemId: string,
  quantityPer: number,
  scrapFactor = 0,
): PlanningBomLine => ({
  bomId: `bom-${parentItemId}`,
  parentItemId,
  childItemId,
  quantityPer,
  scrapFactor,
  operationNumber: null,
});
const op = (
  itemId: string,
  workCenterId: string,
  setupMinutes: number,
  runMinutesPerUnit: number,
): PlanningOperation => ({
  routingId: `r-${itemId}`,
  itemId,
  instructions: '',
  drawingUrl: null,
  number: '010',
  name: 'op',
  workCenterId,
  alternatives: [],
  setupMinutes,
  runMinutesPerUnit,
  queueMinutes: 0,
  moveMinutes: 0,
  predecessors: [],
  shiftRule: 'span',
});

function structure(parts: {
  items: PlanningItem[];
  lines: PlanningBomLine[];
  operations: PlanningOperation[];
}): CostStructure {
  const group = <T>(rows: T[], key: (r: T) => string) => {
    const map = new Map<string, T[]>();
    for (const r of rows) map.set(key(r), [...(map.get(key(r)) ?? []), r]);
    return map;
  };
  return {
    items: new Map(parts.items.map((i) => [i.id, i])),
    bomByParent: group(parts.lines, (l) => l.parentItemId),
    operationsByItem: group(parts.operations, (o) => o.itemId),
    ratesByWorkCenter: new Map([
      ['lathe', { machineRate: 6000, labourRate: 4000, setupRate: 3000, efficiency: 1 }],
      ['slow', { machineRate: 6000, labourRate: 0, setupRate: 0, efficiency: 0.5 }],
    ]),
  };
}

describe('preliminary cost estimate', () => {
  it('prices bought material at standard cost with the BOM line scrap', () => {
    const s = structure({
      items: [item('shaft', 'make'), item('bar', 'buy', 1000)],
      lines: [line('shaft', 'bar', 2, 0.1)],
      operations: [],
    });
    expect(estimateCost(s, 'shaft', 5)).toEqual({
      material: 11_000,
      setup: 0,
      machine: 0,
      labour: 0,
      total: 11_000,
    });
  });

  it('charges setup once per lot and run time at machine and labour rates', () => {
    const s = structure({
      items: [item('shaft', 'make')],
      lines: [],
      operations: [op('shaft', 'lathe', 30, 6)],
    });
    // 30 min setup at 30.00/h; 10 pieces x 6 min = 1 h at 60.00 + 40.00
    expect(estimateCost(s, 'shaft', 10)).toEqual({
      material: 0,
      setup: 1500,
      machine: 6000,
      labour: 4000,
      total: 11_500,
    });
  });

  it('stretches run time by the work center efficiency', () => {
    const s = structure({
      items: [item('shaft', 'make')],
      lines: [],
      operations: [op('shaft', 'slow', 0, 30)],
    });
    expect(estimateCost(s, 'shaft', 1).machine).toBe(6000);
  });

  it('rolls up through sub-assemblies and dissolves phantoms', () => {
    const s = structure({
      items: [
        item('unit', 'make'),
        item('kit', 'phantom'),
        item('sub', 'make', 0, 0.25),
        item('bolt', 'buy', 50),
      ],
      lines: [line('unit', 'kit', 1), line('kit', 'sub', 2), line('sub', 'bolt', 4)],
      operations: [op('sub', 'lathe', 0, 60)],
    });
    const cost = estimateCost(s, 'unit', 1);
    // 2 subs delivered, 2.5 started: 2.5 h machining, 10 bolts
    expect(cost.material).toBe(500);
    expect(cost.machine).toBe(15_000);
    expect(cost.labour).toBe(10_000);
    expect(cost.total).toBe(25_500);
  });

  it('counts a made item with no structure at its standard cost, and an unknown item at nothing', () => {
    const s = structure({ items: [item('casting', 'make', 7700)], lines: [], operations: [] });
    expect(estimateCost(s, 'casting', 2).total).toBe(15_400);
    expect(estimateCost(s, 'nothing', 2).total).toBe(0);
  });
});
