/**
 * The three cost stages of an order line, from what serves it (its pegs):
 * - preliminary: the estimate made at quote or order entry (BOM and routing at the rates of the day);
 * - committed: money the plant has bound itself to: purchase order lines placed for the line
 *   (its pegged share at the ordered price), stock set aside for it (at standard cost), and work
 *   released to the shop floor (its pegged share of the job's operations at the work centers' rates);
 * - actual: what has really been spent: the received part of its purchases at the ordered price,
 *   the material issued to its jobs (scanned or backflushed, their pegged share) beyond what the
 *   line's own supply brought (those received purchases, the parts its jobs made) at standard
 *   cost, and the work the shop floor booked on its jobs (setup and run minutes at the setup and
 *   machine rates, the operators' clocked minutes at the labour rate), its pegged share.
 * Margin at each stage is (net amount − cost) / net amount. Pure.
 */

export interface PegForCost {
  supplyKind: 'stock' | 'job' | 'purchase-requisition' | 'purchase-order-line';
  supplyId: string | null;
  itemId: string;
  quantity: number;
}

export interface CostSources {
  purchaseLines: Map<string, { quantity: number; received: number; unitPrice: number }>;
  jobs: Map<string, { status: string; quantity: number; cost: number; actualCost: number }>;
  standardCost: Map<string, number>;
  /** material issued to jobs (the stock ledger's issues): job id → item id → quantity */
  issued: Map<string, Map<string, number>>;
}

export interface StageCost {
  material: number;
  work: number;
  total: number;
  marginPercent: number | null;
}

export interface LineCostStages {
  preliminary: StageCost | null;
  committed: StageCost;
  actual: StageCost;
}

/** Job statuses whose work the plant has committed to (released to the floor or further). */
const COMMITTED_WORK = new Set(['released', 'in-progress', 'done']);

export const marginPercent = (net: number, cost: number): number | null =>
  net > 0 ? Math.round(((net - cost) / net) * 1000) / 10 : null;

/** A stage with nothing in it yet has no margin to speak of (not 100 %). */
function stage(net: number, material: number, work: number): StageCost {
  const m = Math.round(material);
  const w = Math.round(work);
  return { material: m, work: w, total: m + w, marginPercent: m + w > 0 ? marginPercent(net, m + w) : null };
}

export function costStages(
  line: { netAmount: number; preliminary: { material: number; total: number } | null },
  pegs: PegForCost[],
  sources: CostSources,
): LineCostStages {
  let committedMaterial = 0;
  let committedWork = 0;
  let actualMaterial = 0;
  let actualWork = 0;
  // per item: issued to the line's jobs, and brought by the line's own supply
  const issued = new Map<string, number>();
  const supplied = new Map<string, number>();
  const add = (m: Map<string, number>, itemId: string, q: number) => m.set(itemId, (m.get(itemId) ?? 0) + q);
  for (const peg of pegs) {
    if (peg.supplyKind === 'stock') {
      committedMaterial += peg.quantity * (sources.standardCost.get(peg.itemId) ?? 0);
    } else if (peg.supplyKind === 'purchase-order-line' && peg.supplyId) {
      const po = sources.purchaseLines.get(peg.supplyId);
      if (!po) continue;
      committedMaterial += peg.quantity * po.unitPrice;
      // receipts fill the line's pegs in proportion to what was ordered
      const receivedShare = po.quantity > 0 ? Math.min(1, po.received / po.quantity) : 0;
      actualMaterial += peg.quantity * receivedShare * po.unitPrice;
      add(supplied, peg.itemId, peg.quantity * receivedShare);
    } else if (peg.supplyKind === 'job' && peg.supplyId) {
      const job = sources.jobs.get(peg.supplyId);
      if (!job || !COMMITTED_WORK.has(job.status) || job.quantity <= 0) continue;
      const share = Math.min(1, peg.quantity / job.quantity);
      committedWork += job.cost * share;
      actualWork += job.actualCost * share;
      add(supplied, peg.itemId, peg.quantity);
      for (const [itemId, quantity] of sources.issued.get(peg.supplyId) ?? [])
        add(issued, itemId, quantity * share);
    }
  }
  // what the jobs took beyond the line's own supply came out of general stock
  for (const [itemId, quantity] of issued) {
    const fromStock = quantity - (supplied.get(itemId) ?? 0);
    if (fromStock > 1e-9) actualMaterial += fromStock * (sources.standardCost.get(itemId) ?? 0);
  }
  const net = line.netAmount;
  return {
    preliminary: line.preliminary
      ? stage(net, line.preliminary.material, line.preliminary.total - line.preliminary.material)
      : null,
    committed: stage(net, committedMaterial, committedWork),
    actual: stage(net, actualMaterial, actualWork),
  };
}
