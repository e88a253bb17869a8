/**
 * A placeholder as the catalog keeps it: a bought item whose standard cost and lead time are the
 * estimates (see README: MRP, the promise and the cost roll-up read them like any bought part's).
 */
import type { CreateItem, createPlaceholderBody } from '@takt/contracts';
import type { z } from 'zod';

export function placeholderItem(body: z.infer<typeof createPlaceholderBody>): CreateItem {
  return {
    number: body.number,
    name: body.name,
    kind: 'buy',
    strategy: 'MTO',
    uom: body.uom,
    placeholder: true,
    standardCost: body.estimatedCost,
    leadTimeDays: body.estimatedLeadTimeDays,
    configurable: false,
    lotSizing: { rule: 'lot-for-lot', quantity: null },
    safetyStock: 0,
    scrapFactor: 0,
  };
}
