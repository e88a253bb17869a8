/**
 * What a job's components are owed by what the shop floor reported, and what is missing. Pure.
 *
 * A backflush component is consumed by the parts reported at the operation that consumes it
 * (the BOM line's operation number, else the job's last operation): quantity per part × (good +
 * scrap) booked there, since a scrapped part used its material as much as a good one. The BOM
 * line's scrap factor is a planning allowance, not a consumption: the scrap actually reported
 * takes its place. Rework operations consume nothing (they rework parts that were counted).
 *
 * A manual component is missing when less was issued to the job than its BOM needs for the job
 * (the terminal's "issued of required").
 */
import { QUANTITY_EPSILON, roundQuantity } from '../../platform/quantity';

export type IssueMethod = 'manual' | 'backflush';

export interface JobComponent {
  itemId: string;
  /** quantity per part of the job's item (plain: a formula counts at its quantity per) */
  quantityPer: number;
  /** the routing operation that consumes it; null or unknown: the job's last operation */
  operationNumber: string | null;
  issueMethod: IssueMethod;
  /** what the BOM needs for the whole job, scrap factor included */
  required: number;
}

export interface ReportedOperation {
  number: string;
  rework: boolean;
  goodQuantity: number;
  scrapQuantity: number;
}

const byNumber = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/**
 * What the parts reported so far consumed of each backflush component, by item id (a component
 * on several BOM lines adds up). Linear in lines and operations.
 */
export function backflushConsumed(
  components: readonly JobComponent[],
  operations: readonly ReportedOperation[],
): Map<string, number> {
  const reported = new Map<string, number>();
  let last: string | null = null;
  for (const op of operations) {
    if (op.rework) continue;
    reported.set(op.number, op.goodQuantity + op.scrapQuantity);
    if (last === null || byNumber(op.number, last) > 0) last = op.number;
  }
  const consumed = new Map<string, number>();
  if (last === null) return consumed;
  for (const c of components) {
    if (c.issueMethod !== 'backflush') continue;
    const at = c.operationNumber !== null && reported.has(c.operationNumber) ? c.operationNumber : last;
    const quantity = c.quantityPer * (reported.get(at) ?? 0);
    consumed.set(c.itemId, roundQuantity((consumed.get(c.itemId) ?? 0) + quantity));
  }
  return consumed;
}

/** What is still to be backflushed per item: consumed less what was issued (never negative). */
export function backflushOwed(
  consumed: ReadonlyMap<string, number>,
  issued: ReadonlyMap<string, number>,
): Map<string, number> {
  const owed = new Map<string, number>();
  for (const [itemId, quantity] of consumed) {
    const rest = roundQuantity(quantity - (issued.get(itemId) ?? 0));
    owed.set(itemId, rest > QUANTITY_EPSILON ? rest : 0);
  }
  return owed;
}

/**
 * Manual components issued short of what the BOM needs for the job, once per item (its lines'
 * requirements added up), in BOM order.
 */
export function missingManualMaterial(
  components: readonly JobComponent[],
  issued: ReadonlyMap<string, number>,
): { itemId: string; required: number; issued: number }[] {
  const required = new Map<string, number>();
  for (const c of components)
    if (c.issueMethod === 'manual') required.set(c.itemId, (required.get(c.itemId) ?? 0) + c.required);
  return [...required]
    .map(([itemId, need]) => ({
      itemId,
      required: roundQuantity(need),
      issued: roundQuantity(issued.get(itemId) ?? 0),
    }))
    .filter((m) => m.issued + QUANTITY_EPSILON < m.required);
}
