import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { items } from '../catalog/tables/items';

/** A place stock is kept: stores, receiving, the shop floor, shipping. */
export const stockLocations = pgTable('stock_locations', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['stores', 'receiving', 'shop', 'shipping'] }).notNull(),
  active: boolean('active').notNull().default(true),
  version: integer('version').notNull().default(1),
});

/** A lot: one batch of an item, traceable to the supplier receipt or job that made it. */
export const lots = pgTable(
  'lots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull().unique(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id),
    /** where it came from: a purchase order line (receipt) or a production job */
    purchaseOrderLineId: uuid('purchase_order_line_id'),
    jobId: uuid('job_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('lots_item_idx').on(t.itemId)],
);

/**
 * The stock ledger: every movement of stock, never updated or deleted. On-hand is the sum of
 * the ledger per item, location and lot. A transfer is two rows (out and in) sharing `transferId`.
 */
export const stockMoves = pgTable(
  'stock_moves',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    kind: text('kind', {
      enum: ['receipt', 'issue', 'adjustment', 'transfer', 'production', 'shipment'],
    }).notNull(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id),
    locationId: uuid('location_id')
      .notNull()
      .references(() => stockLocations.id),
    lotId: uuid('lot_id').references(() => lots.id),
    /** in the item's unit; positive into the location, negative out of it */
    quantity: numeric('quantity').notNull(),
    transferId: uuid('transfer_id'),
    /** the document behind the move (PO-000001, JOB-000002, SO-000003) */
    reference: text('reference'),
    purchaseOrderLineId: uuid('purchase_order_line_id'),
    jobId: uuid('job_id'),
    salesOrderLineId: uuid('sales_order_line_id'),
    actorName: text('actor_name').notNull(),
    note: text('note'),
  },
  (t) => [
    index('stock_moves_item_idx').on(t.itemId, t.locationId),
    index('stock_moves_lot_idx').on(t.lotId),
    check('stock_moves_quantity_check', sql`${t.quantity} <> 0`),
  ],
);

/** Stock set aside for a sales order line (released when shipped or cancelled). */
export const stockReservations = pgTable(
  'stock_reservations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id),
    salesOrderLineId: uuid('sales_order_line_id').notNull(),
    quantity: numeric('quantity').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('stock_reservations_item_idx').on(t.itemId),
    index('stock_reservations_line_idx').on(t.salesOrderLineId),
    check('stock_reservations_quantity_check', sql`${t.quantity} > 0`),
  ],
);
