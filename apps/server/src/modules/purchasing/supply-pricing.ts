/** Pure rules of supply terms: which price break applies, and what quantity to order. */
export interface PriceBreak {
  fromQuantity: number;
  unitPrice: number;
}

export interface OrderQuantityRules {
  minimumOrderQuantity: number;
  /** 0 = any quantity */
  orderMultiple: number;
}

/** Unit price (minor units) for an order quantity: the break with the highest fromQuantity ≤ quantity. */
export function priceFor(breaks: readonly PriceBreak[], quantity: number): number {
  let price = breaks[0].unitPrice;
  for (const b of breaks) if (b.fromQuantity <= quantity) price = b.unitPrice;
  return price;
}

/** The quantity to order for a need: at least the minimum, rounded up to the multiple. */
export function effectiveOrderQuantity(rules: OrderQuantityRules, needed: number): number {
  let quantity = Math.max(needed, rules.minimumOrderQuantity);
  if (rules.orderMultiple > 0)
    quantity = Math.ceil(quantity / rules.orderMultiple - 1e-9) * rules.orderMultiple;
  return quantity;
}

/** Problems with a list of price breaks, as [index, message] pairs. */
export function priceBreakProblems(
  breaks: readonly PriceBreak[],
  minimumOrderQuantity: number,
): [number, string][] {
  const problems: [number, string][] = [];
  breaks.forEach((b, i) => {
    if (i > 0 && b.fromQuantity <= breaks[i - 1].fromQuantity)
      problems.push([i, 'quantities must increase from one break to the next']);
  });
  if (breaks.length > 0 && breaks[0].fromQuantity > minimumOrderQuantity) {
    problems.push([
      0,
      `the first break (${breaks[0].fromQuantity}) must start at or below the minimum order quantity (${minimumOrderQuantity})`,
    ]);
  }
  return problems;
}
