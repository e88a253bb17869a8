/**
 * Which stock an outgoing move takes: from buckets of one item at one location (one per lot, in
 * the order to use them, oldest first), take `quantity`. Pure; linear in the buckets.
 */
/** Quantities are decimals; sums of them are compared and rounded at this precision. */
import { QUANTITY_EPSILON, roundQuantity } from '../../platform/quantity';

export interface StockBucket {
  lotId: string | null;
  quantity: number;
}

export type Allocation = { ok: true; takes: StockBucket[] } | { ok: false; onHand: number };

export function allocateStock(buckets: readonly StockBucket[], quantity: number): Allocation {
  const onHand = roundQuantity(buckets.reduce((s, b) => s + Math.max(0, b.quantity), 0));
  if (quantity > onHand + QUANTITY_EPSILON) return { ok: false, onHand };
  const takes: StockBucket[] = [];
  let rest = quantity;
  for (const b of buckets) {
    if (rest <= QUANTITY_EPSILON) break;
    if (b.quantity <= QUANTITY_EPSILON) continue;
    const take = roundQuantity(Math.min(rest, b.quantity));
    takes.push({ lotId: b.lotId, quantity: take });
    rest = roundQuantity(rest - take);
  }
  return { ok: true, takes };
}
