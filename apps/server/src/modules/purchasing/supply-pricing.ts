/** Pure rules of supply terms: which price break applies, and what quantity to order. */
export interface PriceBreak {
  fromQuantity: number;
  /** minor units per unit of the item */
  unitPrice: number;
}

export interface OrderQuantityRules {
  minimumOrderQuantity: number;
  /** 0 = any quantity */
  orderMultiple: number;
}

/**
 * Unit price (minor units) for an order quantity: the break with the largest fromQuantity not
 * above the quantity. Below the first break the first price applies (valid terms start their
 * first break at or below the minimum order quantity, so only a sub-minimum quantity lands there).
 * `breaks` ascend by fromQuantity (see priceBreakProblems) and are not empty.
 */
export function priceFor(breaks: readonly PriceBreak[], quantity: number): number {
  if (breaks.length === 0) throw new Error('supply terms without price breaks');
  let price = breaks[0].unitPrice;
  for (const b of breaks) {
    if (b.fromQuantity > quantity) break;
    price = b.unitPrice;
  }
  return price;
}

/** Quantities are decimals; keep float noise (0.1 * 3) out of what we order. */
const clean = (quantity: number) => Number.parseFloat(quantity.toPrecision(12));

/**
 * The quantity to order for a need: nothing for no need, else at least the minimum order
 * quantity, rounded up to a whole number of order multiples.
 */
export function effectiveOrderQuantity(rules: OrderQuantityRules, needed: number): number {
  if (!(needed > 0)) return 0;
  const atLeast = Math.max(needed, rules.minimumOrderQuantity);
  if (!(rules.orderMultiple > 0)) return clean(atLeast);
  const multiples = Math.ceil(clean(atLeast / rules.orderMultiple));
  return clean(multiples * rules.orderMultiple);
}

/**
 * What is wrong with a list of price breaks, as [index, message] pairs: quantities must strictly
 * increase, and the first break must start at or below the minimum order quantity (else an order
 * of exactly the minimum would have no price).
 */
export function priceBreakProblems(
  breaks: readonly PriceBreak[],
  minimumOrderQuantity: number,
): [number, string][] {
  const problems: [number, string][] = [];
  if (breaks.length > 0 && breaks[0].fromQuantity > minimumOrderQuantity) {
    problems.push([
      0,
      `the first break (${breaks[0].fromQuantity}) must start at or below the minimum order quantity (${minimumOrderQuantity})`,
    ]);
  }
  breaks.forEach((b, i) => {
    if (i > 0 && b.fromQuantity <= breaks[i - 1].fromQuantity)
      problems.push([
        i,
        `from quantity ${b.fromQuantity} must be above the previous break's ${breaks[i - 1].fromQuantity}`,
      ]);
  });
  return problems;
}
