import { sql } from 'drizzle-orm';
import { check, index, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { items } from '../catalog/tables/items';

/**
 * Pegging: which supply (stock, a job, a purchase order line or requisition) serves which
 * demand (a sales order line, or a forecast / reorder point for shared stock), and how much.
 * Written by planning in the transaction that creates the supply; read both ways.
 */
export const supplyPegs = pgTable(
  'supply_pegs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** the top-level demand served: a sales order line id, or 'stock:<item id>' for MTS refill */
    demandId: text('demand_id').notNull(),
    salesOrderLineId: uuid('sales_order_line_id'),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id),
    supplyKind: text('supply_kind', {
      enum: ['stock', 'job', 'purchase-requisition', 'purchase-order-line'],
    }).notNull(),
    supplyId: uuid('supply_id'),
    quantity: numeric('quantity').notNull(),
    /** when the demand needs it */
    neededAt: timestamp('needed_at', { withTimezone: true }).notNull(),
    /** when the supply is due */
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('supply_pegs_demand_idx').on(t.demandId),
    index('supply_pegs_line_idx').on(t.salesOrderLineId),
    index('supply_pegs_supply_idx').on(t.supplyKind, t.supplyId),
    check('supply_pegs_quantity_check', sql`${t.quantity} > 0`),
  ],
);
