/** Quotes: an offer to a customer with a computed promise and a preliminary cost per line. */
import { z } from 'zod';
import { listQuery, uuid } from './common';
import { optionValue } from './configurator';
import { costEstimate, linePromise, salesOrder, salesOrderLineInput } from './orders';

/** `requested`: a customer asked for it in the portal; sales prices and sends it (or declines). */
export const quoteStatus = z.enum([
  'requested',
  'draft',
  'sent',
  'accepted',
  'rejected',
  'expired',
  'superseded',
]);

export const quoteInput = z.object({
  customerId: uuid,
  customerReference: z.string().trim().max(100).optional(),
  validUntil: z.iso.date().optional().describe('default: 30 days from today'),
  lines: z.array(salesOrderLineInput).min(1, 'a quote needs at least one line').max(200),
});
export type QuoteInput = z.infer<typeof quoteInput>;

export const quoteLine = z.object({
  id: uuid,
  lineNo: z.number().int(),
  itemId: uuid,
  itemNumber: z.string(),
  itemName: z.string(),
  quantity: z.number(),
  requestedDate: z.iso.date().nullable(),
  unitPrice: z.number().int(),
  discountPercent: z.number(),
  netAmount: z.number().int(),
  promisedDate: z.iso.date().nullable().describe('the date offered: P90, or the requested date when later'),
  promise: linePromise.nullable(),
  configuration: z.record(z.string(), optionValue).nullable(),
  costEstimate: costEstimate.nullable(),
  marginPercent: z.number().nullable().describe('(net amount - preliminary cost) / net amount, in percent'),
});

export const quote = z.object({
  id: uuid,
  number: z.string(),
  revision: z.number().int(),
  customerId: uuid,
  customerName: z.string(),
  customerReference: z.string().nullable(),
  status: quoteStatus,
  requestedViaPortal: z
    .boolean()
    .describe('the customer asked for it in the portal (kept once sales sends it, and in revisions)'),
  validUntil: z.iso.date(),
  currency: z.string(),
  createdAt: z.string(),
  salesOrderId: uuid.nullable(),
  totalAmount: z.number().int(),
  lines: z.array(quoteLine),
  version: z.number().int(),
});
export type Quote = z.infer<typeof quote>;

export const quoteSummary = quote.omit({ lines: true }).extend({
  lineCount: z.number().int(),
  promisedDate: z.iso.date().nullable().describe('latest promised date of its lines'),
});

export const quoteListQuery = listQuery.extend({
  status: quoteStatus.optional(),
  customerId: uuid.optional(),
});

export const quoteVersionBody = z.object({ version: z.number().int().min(1).optional() });

export const reviseQuoteBody = quoteInput
  .omit({ customerId: true })
  .partial()
  .extend({ version: z.number().int().min(1).optional() });

export const acceptQuoteAnswer = z.object({ quote, order: salesOrder });
