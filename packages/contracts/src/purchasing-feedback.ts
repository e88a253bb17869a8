/**
 * Purchasing feeds the plan: late purchase order lines with the orders they hit (GET
 * /api/planning/late-purchases), a supplier's confirmed date for a line (POST
 * /api/purchase-orders/:id/lines/:lineId/supplier-date) and what receipts measured of a
 * supplier's delivery of an item (GET /api/supply-performance).
 */
import { z } from 'zod';
import { uuid } from './common';
import { purchaseOrder } from './orders';
import { promiseMove, servedLine } from './planning-insight';

const instant = z.iso.datetime({ offset: true });
const localDate = z.iso.date();

export const latePurchaseReason = z.enum(['overdue', 'confirmed-later']);

export const latePurchaseLine = z.object({
  purchaseOrderLineId: uuid,
  purchaseOrderId: uuid,
  purchaseOrderNumber: z.string(),
  lineNo: z.number().int(),
  /** the purchase order's version (the supplier-date action checks it) */
  version: z.number().int(),
  itemId: uuid,
  itemNumber: z.string(),
  itemName: z.string(),
  supplierId: uuid,
  supplierName: z.string(),
  openQuantity: z.number(),
  dueAt: instant,
  confirmedAt: instant.nullable(),
  /** the later of the due and the supplier's date (overdue: planning waits for it from the next working day) */
  expectedAt: instant,
  lateSince: instant.nullable(),
  reason: latePurchaseReason.describe(
    'confirmed-later: the supplier confirmed a date after the due date; overdue: past due, not received',
  ),
  /** calendar days from the due date to the expected date (overdue: to now) */
  daysLate: z.number(),
  /** scheduled operations that wait for it */
  heldOperations: z.number().int(),
  /** the order lines it hits, with their current promise */
  lines: z.array(
    servedLine.extend({
      p90At: instant.nullable(),
      plannedAt: instant.nullable(),
      /** the P90 is after the promised date */
      atRisk: z.boolean(),
    }),
  ),
});
export type LatePurchaseLine = z.infer<typeof latePurchaseLine>;

export const latePurchases = z.object({ computedAt: instant, lines: z.array(latePurchaseLine) });
export type LatePurchases = z.infer<typeof latePurchases>;

export const purchaseOrderLineParams = z.object({ id: uuid, lineId: uuid });

export const supplierDateBody = z.object({
  confirmedDate: localDate
    .nullable()
    .describe('the date the supplier confirms (plant-local day); null takes a confirmation back'),
  version: z.number().int().min(1).optional().describe('the purchase order’s version (or If-Match)'),
});
export type SupplierDateBody = z.infer<typeof supplierDateBody>;

export const supplierDateResult = z.object({
  purchaseOrder,
  /** the line is late with this date */
  late: z.boolean(),
  expectedAt: instant,
  /** the order lines it hits, their promise before and after the re-plan */
  promises: z.array(promiseMove),
  /** lines whose P90 passed their promised date with this change (order.line.at-risk) */
  atRisk: z.array(uuid),
  /** operations the re-plan moved */
  moved: z.number().int(),
});
export type SupplierDateResult = z.infer<typeof supplierDateResult>;

export const supplyPerformanceQuery = z
  .object({ itemId: uuid.optional(), supplierId: uuid.optional() })
  .refine((q) => q.itemId || q.supplierId, {
    message: 'name an itemId or a supplierId',
    path: ['itemId'],
  });

export const supplyPerformance = z.object({
  itemId: uuid,
  supplierId: uuid,
  /** receipts counted: the last 10 at most */
  receipts: z.number().int(),
  /** median working days order → receipt; null below 3 receipts */
  leadTimeDays: z.number().nullable(),
  /** share received by the day after the due date; null below 3 receipts */
  onTimeRate: z.number().nullable(),
  /** mean calendar days late of the late receipts */
  meanDelayDays: z.number().nullable(),
  /** what planning uses: the measured lead time when there is one, else the terms' */
  plannedLeadTimeDays: z.number(),
  nominalLeadTimeDays: z.number(),
});
export type SupplyPerformance = z.infer<typeof supplyPerformance>;
