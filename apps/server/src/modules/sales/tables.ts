import { boolean, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';

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
