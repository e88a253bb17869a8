import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
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
