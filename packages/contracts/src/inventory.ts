/** Stock: locations, on hand by item/location/lot, the ledger of moves, reservations. */
import { z } from 'zod';
import { listQuery, uuid } from './common';

const positiveQuantity = z
  .number({ error: 'quantity must be a number' })
  .finite('quantity must be a finite number')
  .gt(0, 'quantity must be greater than 0');
const note = z.string().trim().max(500);
const reference = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .describe('the document behind the move (JOB-000002, SO-000003)');

export const stockLocationKind = z.enum(['stores', 'receiving', 'shop', 'shipping']);
export type StockLocationKind = z.infer<typeof stockLocationKind>;

export const stockLocationInput = z.object({
  code: z
    .string()
    .trim()
    .min(1, 'a location needs a code')
    .max(20)
    .transform((s) => s.toUpperCase()),
  name: z.string().trim().min(1, 'a location needs a name').max(100),
  kind: stockLocationKind,
});
export type StockLocationInput = z.infer<typeof stockLocationInput>;

export const stockLocation = z.object({
  id: uuid,
  code: z.string(),
  name: z.string(),
  kind: stockLocationKind,
  active: z.boolean(),
  version: z.number().int(),
});
export type StockLocation = z.infer<typeof stockLocation>;

/** On hand of one item at one location in one lot (lot null: stock kept without a lot). */
export const stockLine = z.object({
  itemId: uuid,
  itemNumber: z.string(),
  itemName: z.string(),
  uom: z.string(),
  locationId: uuid,
  locationCode: z.string(),
  lotId: uuid.nullable(),
  lotNumber: z.string().nullable(),
  quantity: z.number().describe('sum of the ledger for this item, location and lot'),
});
export type StockLine = z.infer<typeof stockLine>;

export const stockListQuery = listQuery.extend({
  itemId: uuid.optional(),
  locationId: uuid.optional(),
});

export const stockMoveKind = z.enum(['receipt', 'issue', 'adjustment', 'transfer', 'production', 'shipment']);

/** One row of the ledger: positive into the location, negative out of it; never changed. */
export const stockMove = z.object({
  id: uuid,
  at: z.string(),
  kind: stockMoveKind,
  itemId: uuid,
  itemNumber: z.string(),
  locationId: uuid,
  locationCode: z.string(),
  lotId: uuid.nullable(),
  lotNumber: z.string().nullable(),
  quantity: z.number(),
  transferId: uuid.nullable().describe('the out and in rows of one transfer share it'),
  reference: z.string().nullable(),
  purchaseOrderLineId: uuid.nullable(),
  jobId: uuid.nullable(),
  salesOrderLineId: uuid.nullable(),
  actorName: z.string(),
  note: z.string().nullable(),
});
export type StockMove = z.infer<typeof stockMove>;

export const stockMoveListQuery = listQuery.omit({ q: true }).extend({
  itemId: uuid.optional(),
  locationId: uuid.optional(),
  lotId: uuid.optional(),
});

/**
 * Which stock a move takes: a lot id, null for the stock kept without a lot, or left out to
 * take the oldest stock first (stock without a lot, then lots by age).
 */
const lotChoice = uuid
  .nullable()
  .optional()
  .describe('the lot; null = stock without a lot; left out = oldest first');

export const stockReceiptBody = z.object({
  itemId: uuid,
  quantity: positiveQuantity,
  locationId: uuid.optional().describe('default: the receiving location, else stores'),
  lotNumber: z.string().trim().min(1).max(60).optional().describe('default: the next LOT number'),
  reference: reference.optional(),
  note: note.optional(),
});

export const stockIssueBody = z
  .object({
    itemId: uuid,
    locationId: uuid,
    lotId: lotChoice,
    quantity: positiveQuantity,
    jobId: uuid.optional(),
    salesOrderLineId: uuid.optional().describe('takes the line’s reservation first'),
    reference: reference.optional(),
    note: note.optional(),
  })
  .refine((b) => b.jobId !== undefined || b.salesOrderLineId !== undefined, {
    message: 'an issue goes to a job or a sales order line',
    path: ['jobId'],
  });
export type StockIssueBody = z.infer<typeof stockIssueBody>;

export const stockAdjustmentBody = z.object({
  itemId: uuid,
  locationId: uuid,
  lotId: uuid.nullable().optional().describe('the lot counted; left out or null = stock without a lot'),
  quantity: z
    .number({ error: 'quantity must be a number' })
    .finite('quantity must be a finite number')
    .refine((q) => q !== 0, 'an adjustment changes stock: a quantity other than 0')
    .describe('signed: found stock is positive, missing stock negative'),
  note: z.string().trim().min(1, 'say why stock is adjusted').max(500),
});
export type StockAdjustmentBody = z.infer<typeof stockAdjustmentBody>;

export const stockTransferBody = z
  .object({
    itemId: uuid,
    fromLocationId: uuid,
    toLocationId: uuid,
    lotId: lotChoice,
    quantity: positiveQuantity,
    note: note.optional(),
  })
  .refine((b) => b.fromLocationId !== b.toLocationId, {
    message: 'a transfer goes to another location',
    path: ['toLocationId'],
  });
export type StockTransferBody = z.infer<typeof stockTransferBody>;

/** What a posting wrote: the ledger rows, in order. */
export const stockPosting = z.object({
  moves: z.array(stockMove),
  transferId: uuid.nullable(),
});

export const stockReservation = z.object({
  itemId: uuid,
  itemNumber: z.string(),
  itemName: z.string(),
  salesOrderLineId: uuid,
  quantity: z.number(),
  reservedAt: z.string().describe('when the first of it was set aside'),
});

export const stockReservationListQuery = listQuery.omit({ q: true }).extend({
  salesOrderLineId: uuid.optional(),
  itemId: uuid.optional(),
});

/** Available to promise per item: on hand less what is reserved. */
export const stockAvailability = z.object({
  itemId: uuid,
  itemNumber: z.string(),
  itemName: z.string(),
  uom: z.string(),
  onHand: z.number(),
  reserved: z.number(),
  available: z.number(),
});

export const stockAvailabilityQuery = listQuery.extend({ itemId: uuid.optional() });
