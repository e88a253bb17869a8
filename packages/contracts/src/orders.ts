/** Sales orders with promised delivery dates, and the supply planned for them. */
import { z } from 'zod';
import { listQuery, uuid } from './common';
import { optionValue } from './configurator';

const isoDate = z.iso.date();
const positiveQuantity = z.number().finite().gt(0, 'quantity must be greater than 0');

export const promiseBinding = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('capacity'),
    workCenterId: uuid,
    workCenterCode: z.string(),
    freeAt: z.string().describe('the work center is full until then'),
    delayMinutes: z.number(),
  }),
  z.object({
    kind: z.literal('material'),
    itemId: uuid,
    itemNumber: z.string(),
    availableAt: z.string().describe('the material arrives then'),
    delayMinutes: z.number(),
  }),
  z.object({ kind: z.literal('none') }),
]);

export const linePromise = z
  .object({
    plannedAt: z.string().describe('completion in the plan'),
    p50At: z.string().describe('completion met in half of the simulated futures'),
    p90At: z.string().describe('completion met in 90 % of the simulated futures'),
    onTimeProbability: z
      .number()
      .min(0)
      .max(1)
      .nullable()
      .describe('probability of meeting the requested date'),
    binding: promiseBinding,
    explanation: z.string().describe('what the date hangs on, in words'),
    computedAt: z.string(),
  })
  .describe('capable-to-promise date with its Monte Carlo confidence');
export type LinePromiseDto = z.infer<typeof linePromise>;

export const costEstimate = z
  .object({
    material: z.number().int(),
    setup: z.number().int(),
    machine: z.number().int(),
    labour: z.number().int(),
    total: z.number().int(),
    currency: z.string(),
    computedAt: z.string(),
  })
  .describe('preliminary cost from the BOM and routing at the rates of the day, minor units');
export type CostEstimateDto = z.infer<typeof costEstimate>;

export const salesOrderLineInput = z.object({
  itemId: uuid,
  quantity: positiveQuantity,
  requestedDate: isoDate.describe('the delivery date the customer asks for'),
  unitPrice: z
    .number()
    .int()
    .min(0, 'a price cannot be negative')
    .describe('minor units of the order currency'),
  discountPercent: z.number().min(0).max(100).default(0),
  configuration: z
    .record(z.string().max(60), optionValue)
    .optional()
    .describe('the option values of a configurable item (required for one, refused for a standard item)'),
});

export const salesOrderInput = z.object({
  customerId: uuid,
  customerReference: z.string().trim().max(100).optional(),
  lines: z.array(salesOrderLineInput).min(1, 'an order needs at least one line').max(500),
});
export type SalesOrderInput = z.infer<typeof salesOrderInput>;

export const salesOrderStatus = z.enum([
  'draft',
  'confirmed',
  'in-production',
  'ready',
  'shipped',
  'invoiced',
  'cancelled',
]);

export const salesOrderLine = z.object({
  id: uuid,
  lineNo: z.number().int(),
  itemId: uuid,
  itemNumber: z.string(),
  itemName: z.string(),
  quantity: z.number(),
  requestedDate: isoDate,
  unitPrice: z.number().int(),
  discountPercent: z.number(),
  promisedDate: isoDate.nullable(),
  promise: linePromise.nullable(),
  configuration: z.record(z.string(), optionValue).nullable(),
  shippedQuantity: z.number(),
  netAmount: z.number().int().describe('quantity x unit price less discount, minor units'),
  costEstimate: costEstimate.nullable(),
});

export const salesOrder = z.object({
  id: uuid,
  number: z.string(),
  customerId: uuid,
  customerName: z.string(),
  customerReference: z.string().nullable(),
  status: salesOrderStatus,
  currency: z.string(),
  createdAt: z.string(),
  confirmedAt: z.string().nullable(),
  lines: z.array(salesOrderLine),
  version: z.number().int(),
});
export type SalesOrder = z.infer<typeof salesOrder>;

export const salesOrderSummary = salesOrder.omit({ lines: true }).extend({
  lineCount: z.number().int(),
  totalAmount: z.number().int().describe('net value in minor units'),
  promisedDate: isoDate.nullable().describe('latest promised date of its lines'),
  atRisk: z.boolean().describe('a line is predicted late: its P90 is after the promised or requested date'),
});

export const salesOrderListQuery = listQuery.extend({
  status: salesOrderStatus.optional(),
  customerId: uuid.optional(),
});

export const confirmOrderBody = z.object({ version: z.number().int().min(1).optional() });

/** The supply tree of an order line: what serves it, from stock, jobs and purchases. */
export const supplyPeg = z.object({
  itemId: uuid,
  itemNumber: z.string(),
  itemName: z.string(),
  supplyKind: z.enum(['stock', 'job', 'purchase-requisition', 'purchase-order-line']),
  supplyId: uuid.nullable(),
  supplyNumber: z.string().nullable().describe('JOB-…, PR-…, or PO-…/line for a purchase order line'),
  documentId: uuid
    .nullable()
    .describe('the job, requisition or purchase order (for a purchase order line) to open'),
  quantity: z.number(),
  neededAt: z.string(),
  dueAt: z.string(),
});

export const orderSupply = z.object({
  lines: z.array(z.object({ lineId: uuid, lineNo: z.number().int(), pegs: z.array(supplyPeg) })),
});

export const promiseQuote = z.object({
  itemId: uuid,
  quantity: positiveQuantity,
  requestedDate: isoDate,
  configuration: z
    .record(z.string().max(60), optionValue)
    .optional()
    .describe('option values of a configurable item: the promise is for this configured BOM and routing'),
});

export const promiseAnswer = z.object({
  promisedDate: isoDate.describe(
    'the date to give the customer: the P90 date, or the requested date when later',
  ),
  promise: linePromise,
  costEstimate,
  jobs: z.number().int().describe('production jobs the order would need'),
  requisitions: z.number().int().describe('purchases the order would need'),
});

export const jobStatus = z.enum(['planned', 'released', 'in-progress', 'done', 'cancelled']);

export const jobSummary = z.object({
  id: uuid,
  number: z.string(),
  itemId: uuid,
  itemNumber: z.string(),
  itemName: z.string(),
  quantity: z.number(),
  status: jobStatus,
  salesOrderLineId: uuid.nullable().describe('the order line the job is dedicated to (MTO/ETO)'),
  due: z.string(),
  plannedStart: z.string().nullable(),
  plannedEnd: z.string().nullable(),
  late: z.boolean().describe('planned to finish after its due date'),
});

export const jobDetail = jobSummary.extend({
  operations: z.array(
    z.object({
      id: uuid,
      number: z.string(),
      name: z.string(),
      workCenterId: uuid,
      workCenterCode: z.string(),
      machineIndex: z.number().int().nullable(),
      setupMinutes: z.number(),
      runMinutes: z.number(),
      plannedSetupStart: z.string().nullable(),
      plannedStart: z.string().nullable(),
      plannedEnd: z.string().nullable(),
      status: z.string(),
      instructions: z.string(),
      drawingUrl: z.string().nullable(),
      quantity: z.number().describe('parts it handles: the job quantity, a rework operation’s own'),
      rework: z.boolean().describe('added by a non-conformance disposition'),
      goodQuantity: z.number(),
      scrapQuantity: z.number(),
    }),
  ),
});

export const jobListQuery = listQuery.extend({
  status: jobStatus.optional(),
  salesOrderLineId: uuid.optional(),
});

export const requisition = z.object({
  id: uuid,
  number: z.string(),
  itemId: uuid,
  itemNumber: z.string(),
  itemName: z.string(),
  placeholder: z
    .boolean()
    .describe('a part not designed yet: planned at its estimated cost and lead time, never ordered'),
  quantity: z.number(),
  neededAt: z.string(),
  orderBy: z.string().describe('latest order date for the supplier lead time'),
  supplierId: uuid.nullable(),
  supplierName: z.string().nullable(),
  salesOrderLineId: uuid.nullable(),
  status: z.enum(['open', 'ordered', 'cancelled']),
});

export const requisitionListQuery = listQuery.omit({ q: true }).extend({
  status: z.enum(['open', 'ordered', 'cancelled']).optional(),
});

export const purchaseOrderStatus = z.enum(['draft', 'sent', 'partially-received', 'received', 'cancelled']);

export const purchaseOrder = z.object({
  id: uuid,
  number: z.string(),
  supplierId: uuid,
  supplierName: z.string(),
  status: purchaseOrderStatus,
  currency: z.string(),
  orderedAt: z.string().nullable(),
  createdAt: z.string(),
  totalAmount: z.number().int().describe('minor units'),
  lines: z.array(
    z.object({
      id: uuid,
      lineNo: z.number().int(),
      itemId: uuid,
      itemNumber: z.string(),
      itemName: z.string(),
      quantity: z.number(),
      receivedQuantity: z.number(),
      unitPrice: z.number().int(),
      dueAt: z.string().describe('the date asked of the supplier: when the plan needs it'),
      confirmedAt: z.string().nullable().describe('the date the supplier confirmed, if any'),
      expectedAt: z.string().describe('when the plan expects it: the later of due and confirmed'),
      lateSince: z
        .string()
        .nullable()
        .describe('late since (past due and open, or confirmed after the due date); null while on time'),
      salesOrderLineId: uuid.nullable(),
    }),
  ),
  version: z.number().int(),
});

export const purchaseOrderListQuery = listQuery.omit({ q: true }).extend({
  status: purchaseOrderStatus.optional(),
  supplierId: uuid.optional(),
});

export const orderRequisitionsBody = z.object({
  requisitionIds: z.array(uuid).min(1).optional().describe('default: every open requisition'),
});

export const sendPurchaseOrderBody = z.object({ version: z.number().int().min(1).optional() });

export const receiptBody = z.object({
  purchaseOrderLineId: uuid,
  quantity: positiveQuantity,
  lotNumber: z.string().trim().min(1).max(60).optional(),
  closeLine: z.boolean().optional().describe('an under-delivery that completes the line'),
});

/** What a change or cancellation of an order does, computed by running it (and rolling back for a preview). */
export const orderImpact = z.object({
  applied: z.boolean().describe('false for a preview: nothing was written'),
  order: salesOrder.describe('the order as it is (or would be) afterwards'),
  lines: z.array(
    z.object({
      lineNo: z.number().int(),
      itemNumber: z.string(),
      before: z.object({ promisedDate: isoDate.nullable(), p90At: z.string().nullable() }),
      after: z.object({ promisedDate: isoDate.nullable(), p90At: z.string().nullable() }),
    }),
  ),
  cancelledJobs: z.array(z.object({ number: z.string(), itemNumber: z.string(), status: z.string() })),
  cancelledRequisitions: z.array(z.string()),
  createdJobs: z.array(z.string()),
  createdRequisitions: z.array(z.string()),
  releasedReservedQuantity: z.number().describe('stock reserved for the lines that is free again'),
  keptJobs: z
    .array(z.object({ number: z.string(), itemNumber: z.string(), status: z.string() }))
    .describe('work already started for the lines: it stays, for the supervisor to decide'),
  orderedPurchases: z
    .array(
      z.object({
        purchaseOrderNumber: z.string(),
        lineNo: z.number().int(),
        itemNumber: z.string(),
        open: z.number(),
        supplierName: z.string(),
      }),
    )
    .describe(
      'purchase order lines already placed for the lines: cancel them with the supplier or keep the stock',
    ),
  otherOrdersMoved: z
    .array(z.object({ orderNumber: z.string(), lineNo: z.number().int() }))
    .describe('other orders whose promise moves (changes are fitted around the plan, so none do)'),
});
export type OrderImpact = z.infer<typeof orderImpact>;

export const cancelOrderBody = z.object({
  version: z.number().int().min(1).optional(),
  preview: z.boolean().default(false).describe('compute the impact without applying it'),
});

export const changeOrderLineBody = cancelOrderBody.extend({
  quantity: positiveQuantity.optional(),
  requestedDate: isoDate.optional(),
});

export const orderLineParams = z.object({ id: uuid, lineId: uuid });

/** Shipping (part of) an order's lines; the delivery note it makes. */
export const shipmentBody = z.object({
  lines: z.array(z.object({ lineId: uuid, quantity: positiveQuantity })).min(1, 'ship at least one line'),
  locationId: uuid.optional().describe('where the goods leave from; default: stores'),
});
export const deliveryNote = z.object({
  number: z.string().describe('DN-…'),
  orderId: uuid,
  orderNumber: z.string(),
  customerName: z.string(),
  shippedAt: z.string(),
  lines: z.array(
    z.object({
      lineId: uuid,
      lineNo: z.number().int(),
      itemNumber: z.string(),
      itemName: z.string(),
      quantity: z.number(),
      lotNumber: z.string().nullable(),
    }),
  ),
});
export const deliveryNoteParams = z.object({ id: uuid, number: z.string().regex(/^DN-\d+$/) });
export const invoiceOrderBody = z.object({ version: z.number().int().min(1).optional() });
