import { sql } from 'drizzle-orm';
import {
  boolean,
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
type Address = { street: string; postalCode: string; city: string; country: string };

export const suppliers = pgTable('suppliers', {
  id: uuid('id').primaryKey().defaultRandom(),
  number: text('number').notNull().unique(),
  name: text('name').notNull(),
  address: jsonb('address').$type<Address | null>(),
  contacts: jsonb('contacts').$type<Contact[]>().notNull(),
  currency: text('currency').notNull().default('EUR'),
  paymentTerms: text('payment_terms').notNull(),
  defaultLeadTimeDays: numeric('default_lead_time_days').notNull(),
  onTimeRate: numeric('on_time_rate'),
  active: boolean('active').notNull().default(true),
  version: integer('version').notNull().default(1),
});

/** What a supplier offers for a buy item: lead time, order quantities and price breaks. */
export const supplyTerms = pgTable(
  'supply_terms',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id),
    supplierId: uuid('supplier_id')
      .notNull()
      .references(() => suppliers.id),
    supplierPartNumber: text('supplier_part_number'),
    leadTimeDays: numeric('lead_time_days').notNull(),
    minimumOrderQuantity: numeric('minimum_order_quantity').notNull().default('0'),
    orderMultiple: numeric('order_multiple').notNull().default('0'),
    priceBreaks: jsonb('price_breaks').$type<{ fromQuantity: number; unitPrice: number }[]>().notNull(),
    currency: text('currency').notNull().default('EUR'),
    preferred: boolean('preferred').notNull().default(false),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('supply_terms_item_supplier_unique').on(t.itemId, t.supplierId),
    // at most one preferred supplier per item
    uniqueIndex('supply_terms_preferred_unique').on(t.itemId).where(sql`${t.preferred}`),
    index('supply_terms_supplier_idx').on(t.supplierId),
  ],
);

/** A need to buy, planned by MRP; becomes a purchase order line when a buyer orders it. */
export const purchaseRequisitions = pgTable(
  'purchase_requisitions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull().unique(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id),
    quantity: numeric('quantity').notNull(),
    /** when the material must be in stock */
    neededAt: timestamp('needed_at', { withTimezone: true }).notNull(),
    /** latest order date to make it with the supplier's lead time */
    orderBy: timestamp('order_by', { withTimezone: true }).notNull(),
    supplierId: uuid('supplier_id').references(() => suppliers.id),
    salesOrderLineId: uuid('sales_order_line_id'),
    status: text('status', { enum: ['open', 'ordered', 'cancelled'] })
      .notNull()
      .default('open'),
    purchaseOrderLineId: uuid('purchase_order_line_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('purchase_requisitions_item_idx').on(t.itemId),
    index('purchase_requisitions_status_idx').on(t.status),
  ],
);

export const purchaseOrders = pgTable(
  'purchase_orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull().unique(),
    supplierId: uuid('supplier_id')
      .notNull()
      .references(() => suppliers.id),
    status: text('status', { enum: ['draft', 'sent', 'partially-received', 'received', 'cancelled'] })
      .notNull()
      .default('draft'),
    currency: text('currency').notNull().default('EUR'),
    orderedAt: timestamp('ordered_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('purchase_orders_supplier_idx').on(t.supplierId)],
);

export const purchaseOrderLines = pgTable(
  'purchase_order_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    purchaseOrderId: uuid('purchase_order_id')
      .notNull()
      .references(() => purchaseOrders.id, { onDelete: 'cascade' }),
    lineNo: integer('line_no').notNull(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id),
    quantity: numeric('quantity').notNull(),
    receivedQuantity: numeric('received_quantity').notNull().default('0'),
    /** minor units of the order's currency per item unit */
    unitPrice: integer('unit_price').notNull(),
    /** the date asked of the supplier: when the plan needs it (or the lead time gives) */
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    /** the date the supplier confirmed, when it differs from the due date (later: the line is late) */
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    /** since when the line is late (past due and not received, or confirmed after its due date) */
    lateSince: timestamp('late_since', { withTimezone: true }),
    salesOrderLineId: uuid('sales_order_line_id'),
  },
  (t) => [
    uniqueIndex('purchase_order_lines_line_unique').on(t.purchaseOrderId, t.lineNo),
    index('purchase_order_lines_item_idx').on(t.itemId),
  ],
);

/** A receipt against a purchase order line: how much came, when, and whether it was on time. */
export const purchaseReceipts = pgTable(
  'purchase_receipts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    purchaseOrderLineId: uuid('purchase_order_line_id')
      .notNull()
      .references(() => purchaseOrderLines.id),
    supplierId: uuid('supplier_id')
      .notNull()
      .references(() => suppliers.id),
    quantity: numeric('quantity').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    /** the line's due date at the time of receipt */
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    /** working days from order to receipt (the measured lead time) */
    leadTimeDays: numeric('lead_time_days'),
    lotId: uuid('lot_id'),
    actorName: text('actor_name').notNull(),
  },
  (t) => [
    index('purchase_receipts_supplier_idx').on(t.supplierId, t.receivedAt),
    index('purchase_receipts_line_idx').on(t.purchaseOrderLineId),
  ],
);
