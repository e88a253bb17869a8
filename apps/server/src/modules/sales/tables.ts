import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { items } from '../catalog/tables/items';

type Contact = { name: string; email: string | null; phone: string | null; role: string | null };
type DeliveryAddress = {
  label: string;
  street: string;
  postalCode: string;
  city: string;
  country: string;
  isDefault: boolean;
};

export const customers = pgTable('customers', {
  id: uuid('id').primaryKey().defaultRandom(),
  number: text('number').notNull().unique(),
  name: text('name').notNull(),
  vatId: text('vat_id'),
  currency: text('currency').notNull().default('EUR'),
  paymentTerms: text('payment_terms').notNull(),
  contacts: jsonb('contacts').$type<Contact[]>().notNull(),
  deliveryAddresses: jsonb('delivery_addresses').$type<DeliveryAddress[]>().notNull(),
  active: boolean('active').notNull().default(true),
  version: integer('version').notNull().default(1),
});

/** What a delivery promise hangs on, in words a customer understands, with the engine's facts. */
export type PromiseBinding =
  | { kind: 'capacity'; workCenterId: string; workCenterCode: string; freeAt: string; delayMinutes: number }
  | { kind: 'material'; itemId: string; itemNumber: string; availableAt: string; delayMinutes: number }
  | { kind: 'none' };

/** What a line costs to make, estimated from its BOM and routing at current rates (minor units). */
export interface CostEstimate {
  material: number;
  setup: number;
  machine: number;
  labour: number;
  total: number;
  currency: string;
  computedAt: string;
}

/** The promise for one line: capable-to-promise date with its Monte Carlo confidence. */
export interface LinePromise {
  /** planned completion (the plan's date) */
  plannedAt: string;
  p50At: string;
  p90At: string;
  /** probability of meeting the requested date, 0..1 */
  onTimeProbability: number | null;
  binding: PromiseBinding;
  explanation: string;
  computedAt: string;
}

/**
 * Quotes: an offer to a customer with a promise per line; revised by copying into a new
 * revision; accepted quotes turn into a sales order.
 */
export const quotes = pgTable(
  'quotes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(),
    revision: integer('revision').notNull().default(1),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    // requested: a customer's request from the portal (text column: a new value needs no migration)
    status: text('status', {
      enum: ['requested', 'draft', 'sent', 'accepted', 'rejected', 'expired', 'superseded'],
    })
      .notNull()
      .default('draft'),
    validUntil: date('valid_until').notNull(),
    currency: text('currency').notNull().default('EUR'),
    customerReference: text('customer_reference'),
    /** the customer asked for it in the portal; kept through revisions and after it is sent */
    requestedViaPortal: boolean('requested_via_portal').notNull().default(false),
    salesOrderId: uuid('sales_order_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('quotes_number_revision_unique').on(t.number, t.revision),
    index('quotes_customer_idx').on(t.customerId),
  ],
);

export const quoteLines = pgTable(
  'quote_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    quoteId: uuid('quote_id')
      .notNull()
      .references(() => quotes.id, { onDelete: 'cascade' }),
    lineNo: integer('line_no').notNull(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id),
    quantity: numeric('quantity').notNull(),
    requestedDate: date('requested_date'),
    /** configured items: the chosen options */
    configuration: jsonb('configuration').$type<Record<string, unknown> | null>(),
    unitPrice: integer('unit_price').notNull(),
    discountPercent: numeric('discount_percent').notNull().default('0'),
    promise: jsonb('promise').$type<LinePromise | null>(),
    /** the date offered: the P90 date, or the requested date when later */
    promisedDate: date('promised_date'),
    /** preliminary cost at quote time */
    costEstimate: jsonb('cost_estimate').$type<CostEstimate | null>(),
  },
  (t) => [
    uniqueIndex('quote_lines_line_unique').on(t.quoteId, t.lineNo),
    check('quote_lines_quantity_check', sql`${t.quantity} > 0`),
  ],
);

/** A customer's order. Confirming it freezes its lines, reserves stock and plans the supply. */
export const salesOrders = pgTable(
  'sales_orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull().unique(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    customerReference: text('customer_reference'),
    status: text('status', {
      enum: ['draft', 'confirmed', 'in-production', 'ready', 'shipped', 'invoiced', 'cancelled'],
    })
      .notNull()
      .default('draft'),
    currency: text('currency').notNull().default('EUR'),
    deliveryAddress: jsonb('delivery_address').$type<DeliveryAddress | null>(),
    quoteId: uuid('quote_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('sales_orders_customer_idx').on(t.customerId), index('sales_orders_status_idx').on(t.status)],
);

export const salesOrderLines = pgTable(
  'sales_order_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => salesOrders.id, { onDelete: 'cascade' }),
    lineNo: integer('line_no').notNull(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id),
    quantity: numeric('quantity').notNull(),
    requestedDate: date('requested_date').notNull(),
    configuration: jsonb('configuration').$type<Record<string, unknown> | null>(),
    unitPrice: integer('unit_price').notNull(),
    discountPercent: numeric('discount_percent').notNull().default('0'),
    /** frozen at confirmation: the BOM and routing revisions (or configured structure) this line is built to */
    frozenStructure: jsonb('frozen_structure'),
    promise: jsonb('promise').$type<LinePromise | null>(),
    /** the promised delivery date given to the customer at confirmation */
    promisedDate: date('promised_date'),
    shippedQuantity: numeric('shipped_quantity').notNull().default('0'),
    /** preliminary cost (from the quote or at order entry) */
    costEstimate: jsonb('cost_estimate').$type<CostEstimate | null>(),
  },
  (t) => [
    uniqueIndex('sales_order_lines_line_unique').on(t.orderId, t.lineNo),
    index('sales_order_lines_item_idx').on(t.itemId),
    check('sales_order_lines_quantity_check', sql`${t.quantity} > 0`),
  ],
);

/**
 * The configurator model of a configurable item (options, rules, prices, BOM and routing
 * mapping), one per item, edited as a whole with `version` for optimistic concurrency.
 */
export const configuratorModels = pgTable('configurator_models', {
  id: uuid('id').primaryKey().defaultRandom(),
  itemId: uuid('item_id')
    .notNull()
    .unique()
    .references(() => items.id),
  model: jsonb('model').$type<import('@takt/contracts').ConfiguratorModelBody>().notNull(),
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: text('updated_by').notNull(),
});

/** Every saved version of a model, never changed: what a quote or order was configured against. */
export const configuratorModelRevisions = pgTable(
  'configurator_model_revisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    modelId: uuid('model_id')
      .notNull()
      .references(() => configuratorModels.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    model: jsonb('model').$type<import('@takt/contracts').ConfiguratorModelBody>().notNull(),
    savedAt: timestamp('saved_at', { withTimezone: true }).notNull().defaultNow(),
    savedBy: text('saved_by').notNull(),
  },
  (t) => [uniqueIndex('configurator_model_revisions_unique').on(t.modelId, t.version)],
);
