import { integer, jsonb, numeric, pgTable, text, uuid } from 'drizzle-orm/pg-core';

/** Setup minutes between product families on the machines that use it. */
export const setupMatrices = pgTable('setup_matrices', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  defaultChangeover: numeric('default_changeover').notNull(),
  sameFamily: numeric('same_family').notNull().default('0'),
  initial: numeric('initial').notNull().default('0'),
  entries: jsonb('entries').$type<{ from: string; to: string; minutes: number }[]>().notNull(),
  version: integer('version').notNull().default(1),
});
