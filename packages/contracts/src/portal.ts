/** The customer portal: a customer's own quotes and orders, with promised dates and progress. */
import { z } from 'zod';
import { listQuery, money, uuid } from './common';
import { promiseQuote, salesOrderLineInput } from './orders';
import { quoteStatus } from './quotes';

const isoDate = z.iso.date();

export const stageProgress = z.object({
  stage: z.enum(['material', 'production', 'shipped']),
  percent: z.number().min(0).max(100).nullable().describe('null: the stage does not apply to the line'),
});

/** One chosen option of a configured line in the configurator's words: Flange → Bolted (8 × M16). */
export const chosenOption = z.object({
  option: z.string().describe("the option's label"),
  value: z.string().describe("the chosen value's label, or the number with its unit"),
});

const configurationInWords = z
  .array(chosenOption)
  .describe('a configured item: the options chosen (those that apply), in words; empty for a standard item');

export const portalOrderLine = z.object({
  lineNo: z.number().int(),
  itemNumber: z.string(),
  itemName: z.string(),
  quantity: z.number(),
  shippedQuantity: z.number(),
  configuration: configurationInWords,
  promisedDate: isoDate.nullable(),
  confidence: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .describe('chance the promised date is met, from the simulated futures of the plan'),
  progress: z.array(stageProgress),
});

export const portalOrder = z.object({
  id: uuid,
  number: z.string(),
  customerReference: z.string().nullable(),
  status: z.string(),
  confirmedAt: z.string().nullable(),
  promisedDate: isoDate.nullable(),
  currency: z.string(),
  totalAmount: z.number().int(),
  lines: z.array(portalOrderLine),
});

export const portalQuote = z.object({
  id: uuid,
  number: z.string(),
  revision: z.number().int(),
  status: quoteStatus.describe('requested: asked for in the portal, with sales; sent: an open offer'),
  requestedViaPortal: z.boolean().describe('you asked for it here in the portal (it stays so once sent)'),
  customerReference: z.string().nullable(),
  createdAt: z.string(),
  validUntil: isoDate,
  currency: z.string(),
  totalAmount: z
    .number()
    .int()
    .nullable()
    .describe('null while the request is with sales: the price comes with the quote'),
  lines: z.array(
    z.object({
      lineNo: z.number().int(),
      itemNumber: z.string(),
      itemName: z.string(),
      quantity: z.number(),
      configuration: configurationInWords,
      requestedDate: isoDate.nullable().describe('the date the customer asked for'),
      unitPrice: z.number().int().nullable().describe('null while the request is with sales'),
      discountPercent: z.number(),
      netAmount: z.number().int().nullable().describe('null while the request is with sales'),
      promisedDate: isoDate.nullable().describe('the date offered: P90, or the requested date when later'),
      promise: z
        .object({ p50At: z.string(), p90At: z.string() })
        .nullable()
        .describe('completion in half (P50) and nine in ten (P90) of the simulated futures of the plan'),
    }),
  ),
});
export type PortalQuote = z.infer<typeof portalQuote>;

/** A product a customer may ask a quote for in the portal. */
export const portalItem = z.object({
  id: uuid,
  number: z.string(),
  name: z.string(),
  uom: z.string(),
  configurable: z.boolean().describe('configured to order: its options are chosen on the configure page'),
  unitPrice: money
    .nullable()
    .describe(
      'a standard item: the unit price you were last given for it (order or quote); null: priced with the quote',
    ),
});

export const portalQuoteRequest = z.object({
  customerReference: z.string().trim().max(100).optional().describe('your reference (an RFQ number)'),
  lines: z
    .array(salesOrderLineInput.omit({ unitPrice: true, discountPercent: true }))
    .min(1, 'ask for at least one item')
    .max(20),
});
export type PortalQuoteRequest = z.infer<typeof portalQuoteRequest>;

/** What a request being filled in would be promised: one item, quantity, date wanted (and options). */
export const portalPromisePreview = promiseQuote;
export type PortalPromisePreview = z.infer<typeof portalPromisePreview>;

export const portalPromiseAnswer = z.object({
  promisedDate: isoDate.describe('the date we could offer: P90, or the date wanted when later'),
  promise: z
    .object({ p50At: z.string(), p90At: z.string() })
    .describe('completion in half (P50) and nine in ten (P90) of the simulated futures of the plan'),
});

export const portalQuery = listQuery.extend({
  customerId: uuid
    .optional()
    .describe('staff only: whose portal to show (a customer user always sees their own)'),
});
export const portalScope = z.object({
  customerId: uuid.optional().describe('staff only: whose portal to show'),
});
