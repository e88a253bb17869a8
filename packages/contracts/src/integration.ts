/**
 * Integration: outbound webhooks (subscriptions and their delivery log), the pull API and
 * period exports over the outbox of confirmations, and inbound sales orders from an ERP.
 */
import { z } from 'zod';
import { listQuery, patchOf, uuid } from './common';
import { optionValue } from './configurator';

/** `operation.reported`, `sales-order.shipped`; a filter may end in `.*` (`job.*`) */
export const eventTypePattern = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z0-9-]+(\.[a-z0-9-]+)*(\.\*)?$/,
    'an event type like operation.reported, or a prefix like job.*',
  );

const webhookUrl = z
  .string()
  .trim()
  .url('an absolute URL, e.g. https://erp.example.com/takt/webhook')
  .max(2000)
  .refine((u) => /^https?:\/\//i.test(u), 'the URL must start with http:// or https://');

const webhookSecret = z
  .string()
  .min(16, 'at least 16 characters')
  .max(200)
  .describe('the HMAC-SHA256 key; generated when left out');

export const webhookSubscriptionInput = z.object({
  name: z.string().trim().min(1).max(200),
  url: webhookUrl,
  eventTypes: z
    .array(eventTypePattern)
    .max(50)
    .default([])
    .describe('event types delivered (a type, or a prefix like job.*); empty means every type'),
  active: z.boolean().default(true),
  secret: webhookSecret.optional(),
});
export type WebhookSubscriptionInput = z.infer<typeof webhookSubscriptionInput>;

export const updateWebhookSubscriptionBody = patchOf(webhookSubscriptionInput);
export type UpdateWebhookSubscription = Omit<z.infer<typeof updateWebhookSubscriptionBody>, 'version'>;

export const webhookSubscription = z.object({
  id: uuid,
  name: z.string(),
  url: z.string(),
  eventTypes: z.array(z.string()),
  active: z.boolean(),
  secretHint: z.string().describe('the last characters of the secret, to tell secrets apart'),
  createdAt: z.string(),
  deliveries: z.object({
    pending: z.number().int(),
    delivered: z.number().int(),
    failed: z.number().int(),
    lastDeliveredAt: z.string().nullable(),
  }),
  version: z.number().int(),
});
export type WebhookSubscription = z.infer<typeof webhookSubscription>;

export const webhookSubscriptionWithSecret = webhookSubscription.extend({
  secret: z.string().describe('shown once: store it with the receiver now'),
});

export const webhookDeliveryStatus = z.enum(['pending', 'delivered', 'failed']);

export const webhookDelivery = z.object({
  id: uuid,
  subscriptionId: uuid,
  eventId: uuid,
  eventSequence: z.number().int(),
  eventType: z.string(),
  entity: z.string(),
  entityId: z.string(),
  status: webhookDeliveryStatus,
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable().describe('when the next attempt is due (pending only)'),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
});
export type WebhookDelivery = z.infer<typeof webhookDelivery>;

export const webhookDeliveryListQuery = listQuery.omit({ q: true }).extend({
  status: webhookDeliveryStatus.optional(),
});

export const webhookDeliveryParams = z.object({ id: uuid, deliveryId: uuid });

/** One confirmation of the plant, as the pull API, exports and webhook bodies carry it. */
export const integrationEvent = z.object({
  id: uuid.describe('the event id: receivers deduplicate on it'),
  sequence: z.number().int().describe('position in the outbox; the pull API cursor'),
  type: z.string(),
  entity: z.string(),
  entityId: z.string(),
  occurredAt: z.string(),
  payload: z.record(z.string(), z.unknown()),
});
export type IntegrationEventDto = z.infer<typeof integrationEvent>;

const typeList = z
  .string()
  .max(2000)
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  )
  .pipe(z.array(eventTypePattern).max(50))
  .describe('comma-separated event types or prefixes (job.*); default every type');

export const eventFeedQuery = z.object({
  after: z.coerce.number().int().min(0).default(0).describe('the `next` of the previous page; 0 to start'),
  types: typeList,
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const eventFeed = z.object({
  items: z.array(integrationEvent),
  next: z.number().int().describe('send as `after` to get the events after this page'),
  hasMore: z.boolean().describe('more events are ready now: ask again right away'),
});
export type EventFeed = z.infer<typeof eventFeed>;

const instantOrDate = z
  .string()
  .trim()
  .refine(
    (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) || !Number.isNaN(Date.parse(v)),
    'a date (2026-07-01, midnight in the plant time zone) or an ISO instant',
  );

export const eventExportQuery = z.object({
  from: instantOrDate.describe('inclusive'),
  to: instantOrDate.describe('exclusive: a month is from=2026-07-01&to=2026-08-01'),
  format: z.enum(['csv', 'json']).default('csv'),
  types: typeList,
});
export type EventExportQuery = z.infer<typeof eventExportQuery>;

const positiveQuantity = z.number().finite().gt(0, 'quantity must be greater than 0');

export const inboundSalesOrderLine = z.object({
  itemNumber: z.string().trim().min(1).max(60),
  quantity: positiveQuantity,
  requestedDate: z.iso.date().describe('the delivery date the customer asks for'),
  unitPrice: z
    .number()
    .int()
    .min(0, 'a price cannot be negative')
    .default(0)
    .describe('minor units of the customer currency; the ERP stays the price of record'),
  discountPercent: z.number().min(0).max(100).default(0),
  configuration: z
    .record(z.string().max(60), optionValue)
    .optional()
    .describe('option values of a configurable item'),
});

export const inboundSalesOrder = z.object({
  externalReference: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .describe("the ERP's order number; kept as the order's customer reference, and the idempotency key"),
  customerNumber: z.string().trim().min(1).max(20),
  lines: z.array(inboundSalesOrderLine).min(1, 'an order needs at least one line').max(500),
});
export type InboundSalesOrder = z.infer<typeof inboundSalesOrder>;

export const inboundSalesOrderBatch = z.object({
  confirm: z
    .boolean()
    .default(false)
    .describe('confirm the new orders (plan, reserve, promise) in the same transaction'),
  orders: z.array(inboundSalesOrder).min(1).max(200),
});
export type InboundSalesOrderBatch = z.infer<typeof inboundSalesOrderBatch>;

export const inboundSalesOrderResult = z.object({
  created: z.number().int(),
  existing: z.number().int().describe('references already in Takt: left as they are'),
  orders: z.array(
    z.object({
      externalReference: z.string(),
      customerNumber: z.string(),
      outcome: z.enum(['created', 'existing']),
      orderId: uuid,
      number: z.string(),
      status: z.string(),
    }),
  ),
});
export type InboundSalesOrderResult = z.infer<typeof inboundSalesOrderResult>;

export const inboundCsvQuery = z.object({
  confirm: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

export const inboundWorkOrder = z.object({
  externalReference: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .describe("the ERP's production order number: kept on the job, the idempotency key"),
  itemNumber: z.string().trim().min(1).max(60).describe('a made item with a released routing'),
  quantity: positiveQuantity,
  dueDate: z.iso.date().describe('when the ERP needs it: the end of that day in the plant time zone'),
});
export type InboundWorkOrder = z.infer<typeof inboundWorkOrder>;

export const inboundWorkOrderBatch = z.object({
  release: z
    .boolean()
    .default(false)
    .describe('release the new jobs to the shop floor at once (else they wait for the planner)'),
  workOrders: z.array(inboundWorkOrder).min(1).max(200),
});
export type InboundWorkOrderBatch = z.infer<typeof inboundWorkOrderBatch>;

export const inboundWorkOrderResult = z.object({
  created: z.number().int(),
  existing: z.number().int().describe('references already in Takt: left as they are'),
  workOrders: z.array(
    z.object({
      externalReference: z.string(),
      outcome: z.enum(['created', 'existing']),
      jobId: uuid,
      number: z.string(),
      status: z.string(),
      plannedStart: z.string().nullable(),
      plannedEnd: z.string().nullable(),
      due: z.string(),
      late: z.boolean().describe('the schedule finishes it after its due date'),
    }),
  ),
});
export type InboundWorkOrderResult = z.infer<typeof inboundWorkOrderResult>;

export const inboundWorkOrderCsvQuery = z.object({
  release: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});
