/** Cost per order line at three stages, with the margin against the price at each. */
import { z } from 'zod';
import { listQuery, uuid } from './common';
import { salesOrderStatus } from './orders';

export const stageCost = z.object({
  material: z.number().int(),
  work: z.number().int().describe('setup, machine and labour'),
  total: z.number().int(),
  marginPercent: z.number().nullable().describe('(net amount - cost) / net amount, in percent'),
});

const stages = {
  preliminary: stageCost.nullable().describe('estimated at quote or order entry from the BOM and routing'),
  committed: stageCost.describe('purchase orders placed, stock set aside and work released for the line'),
  actual: stageCost.describe('material received (and, once the shop floor reports, time and scrap)'),
};

export const lineCost = z.object({
  lineId: uuid,
  lineNo: z.number().int(),
  itemNumber: z.string(),
  itemName: z.string(),
  quantity: z.number(),
  netAmount: z.number().int(),
  ...stages,
});

export const orderCost = z.object({
  orderId: uuid,
  orderNumber: z.string(),
  customerName: z.string(),
  status: salesOrderStatus,
  currency: z.string(),
  netAmount: z.number().int(),
  ...stages,
  lines: z.array(lineCost),
});

export const marginReportQuery = listQuery.extend({
  status: salesOrderStatus.optional(),
  customerId: uuid.optional(),
});
