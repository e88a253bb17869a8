/**
 * How far an order line is, by stage, in the words a waiting customer understands: material
 * (bought parts and stock that are in the house), production (planned minutes of its jobs'
 * operations that are done), shipped. Computed from what serves the line (its pegs). Pure.
 */

export type ProgressStage = 'material' | 'production' | 'shipped';

export interface StageProgress {
  stage: ProgressStage;
  /** 0..100, or null when the stage does not apply (nothing to buy, nothing to make) */
  percent: number | null;
}

export interface ProgressPeg {
  supplyKind: 'stock' | 'job' | 'purchase-requisition' | 'purchase-order-line';
  supplyId: string | null;
  quantity: number;
}

export interface ProgressSources {
  purchaseLines: Map<string, { quantity: number; received: number }>;
  jobs: Map<string, { status: string; doneMinutes: number; totalMinutes: number }>;
}

const percent = (part: number, whole: number) =>
  whole > 0 ? Math.round((Math.min(part, whole) / whole) * 100) : null;

export function lineProgress(
  line: { quantity: number; shippedQuantity: number },
  pegs: ProgressPeg[],
  sources: ProgressSources,
): StageProgress[] {
  let materialNeeded = 0;
  let materialIn = 0;
  let minutes = 0;
  let minutesDone = 0;
  for (const peg of pegs) {
    if (peg.supplyKind === 'stock') {
      materialNeeded += peg.quantity;
      materialIn += peg.quantity;
    } else if (peg.supplyKind === 'purchase-requisition') {
      materialNeeded += peg.quantity;
    } else if (peg.supplyKind === 'purchase-order-line' && peg.supplyId) {
      const po = sources.purchaseLines.get(peg.supplyId);
      materialNeeded += peg.quantity;
      if (po && po.quantity > 0) materialIn += peg.quantity * Math.min(1, po.received / po.quantity);
    } else if (peg.supplyKind === 'job' && peg.supplyId) {
      const job = sources.jobs.get(peg.supplyId);
      if (!job) continue;
      minutes += job.totalMinutes;
      minutesDone += job.status === 'done' ? job.totalMinutes : job.doneMinutes;
    }
  }
  // a stage reached settles the ones before it: what is made or shipped waits for no material
  // (a requisition pegged to a finished job's bar stock is not "0 % of material in")
  const shipped = line.quantity > 0 && line.shippedQuantity >= line.quantity;
  if (shipped) minutesDone = minutes;
  if (shipped || (minutes > 0 && minutesDone >= minutes)) materialIn = materialNeeded;
  return [
    { stage: 'material', percent: percent(materialIn, materialNeeded) },
    { stage: 'production', percent: percent(minutesDone, minutes) },
    { stage: 'shipped', percent: percent(line.shippedQuantity, line.quantity) ?? 0 },
  ];
}
