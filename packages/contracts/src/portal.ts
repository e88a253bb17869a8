/** The customer portal: a customer's own quotes and orders, with promised dates and progress. */
import { z } from 'zod';
import { listQuery, uuid } from './common';
import { quoteStatus } from './quotes';

const isoDate = z.iso.date();

export const stageProgress = z.object({
  stage: z.enum(['material', 'production', 'shipped']),
  percent: z.number().min(0).max(100).nullable().describe('null: the stage does not apply to the line'),
});

export const portalOrderLine = z.object({
  lineNo: z.number().int(),
  itemNumber: z.string(),
  itemName: z.string(),
  quantity: z.number(),
  shippedQuantity: z.number(),
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
  status: quoteStatus,
  validUntil: isoDate,
  currency: z.string(),
  totalAmount: z.number().int(),
  lines: z.array(
    z.object({
      lineNo: z.number().int(),
      itemNumber: z.string(),
      itemName: z.string(),
      quantity: z.number(),
      unitPrice: z.number().int(),
      discountPercent: z.number(),
      netAmount: z.number().int(),
      promisedDate: isoDate.nullable(),
    }),
  ),
});

export const portalQuery = listQuery.extend({
  customerId: uuid
    .optional()
    .describe('staff only: whose portal to show (a customer user always sees their own)'),
});
export const portalScope = z.object({
  customerId: uuid.optional().describe('staff only: whose portal to show'),
});
