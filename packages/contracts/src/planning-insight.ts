/**
 * What the plan says about itself: pegging both ways (GET /api/planning/pegging), material
 * shortages (GET /api/planning/shortages), MRP exception messages with their one-click actions
 * (GET /api/planning/exceptions, POST /api/planning/exceptions/actions) and the plant's KPIs over
 * time (GET /api/planning/kpis).
 */
import { z } from 'zod';
import { uuid } from './common';
import { loadBucket } from './planning-board';

const instant = z.iso.datetime({ offset: true });
const localDate = z.iso.date();

export const supplyKind = z.enum(['stock', 'job', 'purchase-requisition', 'purchase-order-line']);
export type SupplyKind = z.infer<typeof supplyKind>;

/** The order line a supply serves, as people name it. */
export const servedLine = z.object({
  lineId: uuid,
  lineNo: z.number().int(),
  orderId: uuid,
  orderNumber: z.string(),
  customerName: z.string(),
  promisedDate: localDate.nullable(),
});
export type ServedLine = z.infer<typeof servedLine>;

export const peggingQuery = z
  .object({
    salesOrderLineId: uuid.optional().describe('down: the supply tree of this order line'),
    salesOrderId: uuid.optional().describe('down: the supply trees of every line of this order'),
    jobId: uuid.optional().describe('up: the customer order lines this job serves'),
    purchaseOrderId: uuid.optional().describe('up: the order lines the lines of this purchase order serve'),
    requisitionId: uuid.optional().describe('up: the order lines this requisition (or its PO line) serves'),
  })
  .refine((q) => Object.values(q).filter(Boolean).length === 1, {
    message: 'name exactly one of salesOrderLineId, salesOrderId, jobId, purchaseOrderId, requisitionId',
    path: ['salesOrderLineId'],
  });
export type PeggingQuery = z.infer<typeof peggingQuery>;

/** One node of a supply tree: a peg (stock, job, requisition, PO line) with its document. */
export const peggingNode = z.object({
  /** the peg's id */
  id: uuid,
  /** the node it supplies (its parent job), null at the top: it delivers the order line */
  parentId: uuid.nullable(),
  depth: z.number().int(),
  itemId: uuid,
  itemNumber: z.string(),
  itemName: z.string(),
  supplyKind,
  supplyId: uuid.nullable(),
  supplyNumber: z.string().nullable(),
  /** the job, or the purchase order of the line: what to link to */
  documentId: uuid.nullable(),
  status: z.string().nullable(),
  quantity: z.number(),
  neededAt: instant,
  dueAt: instant,
  /** there after it is needed */
  late: z.boolean(),
});
export type PeggingNode = z.infer<typeof peggingNode>;

export const peggingTree = z.object({
  line: servedLine.extend({ itemNumber: z.string(), itemName: z.string(), quantity: z.number() }),
  nodes: z.array(peggingNode),
});
export type PeggingTree = z.infer<typeof peggingTree>;

/** One way up: from a supply through the jobs that consume it to the demand at the top. */
export const peggingChain = z.object({
  /** what the chain starts from (the asked supply) up to the top-level supply, in order */
  steps: z.array(
    z.object({
      itemId: uuid,
      itemNumber: z.string(),
      supplyKind,
      supplyId: uuid.nullable(),
      supplyNumber: z.string().nullable(),
      documentId: uuid.nullable(),
      quantity: z.number(),
      neededAt: instant,
      dueAt: instant,
      late: z.boolean(),
    }),
  ),
  /** the order line at the top; null when the supply refills stock (MTS, reorder point) */
  line: servedLine.nullable(),
  /** the demand at the top as planning names it (`stock:<item>` for refills) */
  demandId: z.string(),
});
export type PeggingChain = z.infer<typeof peggingChain>;

export const pegging = z.object({
  direction: z.enum(['down', 'up']),
  /** down */
  trees: z.array(peggingTree),
  /** up */
  subject: z
    .object({ kind: z.enum(['job', 'purchase-order', 'purchase-requisition']), id: uuid, number: z.string() })
    .nullable(),
  chains: z.array(peggingChain),
  /** up: the distinct order lines served */
  lines: z.array(servedLine),
});
export type Pegging = z.infer<typeof pegging>;

/* ---------------------------------------------------------------- shortages */

export const shortageSolution = z.object({
  kind: z.enum(['purchase-order-line', 'purchase-requisition', 'supplier']),
  id: uuid,
  /** PO-000001/10, PR-000004, the supplier's name */
  label: z.string(),
  /** the purchase order (to link to) */
  documentId: uuid.nullable(),
  quantity: z.number().nullable(),
  /** when it arrives (PO line), is needed (requisition) or could arrive ordered today (supplier) */
  arrivesAt: instant,
  /** arrives by the need date */
  inTime: z.boolean(),
  /** working days it would have to come earlier to be in time (0 when in time) */
  expediteDays: z.number().int(),
});

export const shortage = z.object({
  itemId: uuid,
  itemNumber: z.string(),
  itemName: z.string(),
  uom: z.string(),
  /** not covered in time by stock and ordered supply */
  shortQuantity: z.number(),
  /** the earliest need that is not covered */
  neededAt: instant,
  /** covered only by supply arriving after the need (quantity of those) */
  lateQuantity: z.number(),
  /** not covered at all */
  uncoveredQuantity: z.number(),
  jobs: z.array(z.object({ id: uuid, number: z.string(), quantity: z.number(), neededAt: instant })),
  lines: z.array(servedLine),
  solutions: z.array(shortageSolution),
});
export type Shortage = z.infer<typeof shortage>;

export const shortages = z.object({ computedAt: instant, shortages: z.array(shortage) });
export type Shortages = z.infer<typeof shortages>;

/* ---------------------------------------------------------------- exceptions */

export const exceptionKind = z.enum(['late', 'expedite', 'defer', 'cancel', 'shortage']);
export const exceptionAction = z.enum(['expedite', 'reschedule', 'cancel']);
export type ExceptionAction = z.infer<typeof exceptionAction>;

export const mrpExceptionMessage = z.object({
  /** kind and supply (or item): what an action names */
  key: z.string(),
  kind: exceptionKind,
  itemId: uuid,
  itemNumber: z.string(),
  itemName: z.string(),
  quantity: z.number(),
  /** late/shortage: the earliest date possible; expedite/defer: the date needed; cancel: the supply's due date */
  date: instant,
  supplyKind: supplyKind.nullable(),
  supplyId: uuid.nullable(),
  supplyNumber: z.string().nullable(),
  documentId: uuid.nullable(),
  /** the supply's due date now */
  supplyDueAt: instant.nullable(),
  /** the document's version (purchase order, requisition, job) for the action */
  version: z.number().int().nullable(),
  lines: z.array(servedLine),
  message: z.string(),
  /** the one-click actions that fit */
  actions: z.array(exceptionAction),
});
export type MrpExceptionMessage = z.infer<typeof mrpExceptionMessage>;

export const mrpExceptions = z.object({ computedAt: instant, exceptions: z.array(mrpExceptionMessage) });
export type MrpExceptions = z.infer<typeof mrpExceptions>;

export const exceptionActionRequest = z.object({
  action: exceptionAction,
  /** the exception's key as listed */
  key: z.string().min(1),
  /** the document's version as listed (stale: 409) */
  version: z.number().int().min(1),
  /** the date listed with the exception: the action's target (a moved situation: 409) */
  date: instant,
});
export type ExceptionActionRequest = z.infer<typeof exceptionActionRequest>;

export const promiseMove = z.object({
  lineId: uuid,
  orderNumber: z.string(),
  lineNo: z.number().int(),
  p90Before: instant.nullable(),
  p90After: instant.nullable(),
  plannedBefore: instant.nullable(),
  plannedAfter: instant.nullable(),
});

export const exceptionActionResult = z.object({
  action: exceptionAction,
  key: z.string(),
  /** what was written, in words and values */
  changes: z.array(
    z.object({
      document: z.string(),
      field: z.string(),
      from: z.string().nullable(),
      to: z.string().nullable(),
    }),
  ),
  /** the exception is gone when MRP is run again after the change */
  resolved: z.boolean(),
  exceptionsBefore: z.number().int(),
  exceptionsAfter: z.number().int(),
  /** the order lines the supply serves */
  lines: z.array(servedLine),
  /** promises of order lines that moved (re-planned jobs) */
  promises: z.array(promiseMove),
});
export type ExceptionActionResult = z.infer<typeof exceptionActionResult>;

/* ---------------------------------------------------------------- KPIs */

export const kpiQuery = z.object({
  from: localDate.describe('first plant-local day'),
  to: localDate.describe('last plant-local day (inclusive)'),
  bucket: loadBucket.default('week'),
});
export type KpiQuery = z.infer<typeof kpiQuery>;

export const kpiBucket = z.object({
  /** the day, or the Monday of the ISO week */
  date: localDate,
  /** deliveries (shipments of a line) in the bucket */
  shipments: z.number().int(),
  onTimeToPromise: z.number().int(),
  onTimeToP90: z.number().int(),
  /** percent of shipments, null without shipments */
  onTimeToPromisePercent: z.number().nullable(),
  onTimeToP90Percent: z.number().nullable(),
  /** mean calendar days, order date → promised date, of lines shipped in the bucket */
  quotedLeadTimeDays: z.number().nullable(),
  /** mean calendar days, order date → shipment */
  actualLeadTimeDays: z.number().nullable(),
  /** released, unfinished jobs at the bucket's end */
  wipJobs: z.number().int(),
  wipQuantity: z.number(),
  /** at standard cost, minor units */
  wipValue: z.number(),
  /** booked minutes ÷ calendar minutes of every machine, percent */
  utilisation: z.number().nullable(),
});

export const kpiReport = z.object({
  from: localDate,
  to: localDate,
  bucket: loadBucket,
  timeZone: z.string(),
  currency: z.string(),
  buckets: z.array(kpiBucket),
  total: kpiBucket.omit({ date: true, wipJobs: true, wipQuantity: true, wipValue: true }),
  workCenters: z.array(
    z.object({
      id: uuid,
      code: z.string(),
      name: z.string(),
      /** percent per bucket, null where the calendar has no working time */
      utilisation: z.array(z.number().nullable()),
      bookedMinutes: z.number(),
      availableMinutes: z.number(),
    }),
  ),
});
export type KpiReport = z.infer<typeof kpiReport>;
