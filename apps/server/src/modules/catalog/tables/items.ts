import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const uoms = pgTable('uoms', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  /** length, mass, count, time, volume, area: conversions only make sense within one */
  dimension: text('dimension').notNull(),
});

/** 1 from_uom = factor × to_uom, globally or for one item (1 bar = 6 m of a given bar stock). */
export const uomConversions = pgTable(
  'uom_conversions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    fromUom: text('from_uom')
      .notNull()
      .references(() => uoms.code),
    toUom: text('to_uom')
      .notNull()
      .references(() => uoms.code),
    factor: numeric('factor').notNull(),
    itemId: uuid('item_id').references(() => items.id),
  },
  (t) => [
    uniqueIndex('uom_conversions_pair_unique').on(
      t.fromUom,
      t.toUom,
      sql`coalesce(${t.itemId}, '00000000-0000-0000-0000-000000000000')`,
    ),
    check('uom_conversions_factor_check', sql`${t.factor} > 0`),
  ],
);

export const items = pgTable(
  'items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull().unique(),
    name: text('name').notNull(),
    description: text('description'),
    kind: text('kind', { enum: ['make', 'buy', 'phantom'] }).notNull(),
    strategy: text('strategy', { enum: ['MTS', 'ATO', 'MTO', 'ETO'] }).notNull(),
    uom: text('uom')
      .notNull()
      .references(() => uoms.code),
    family: text('family'),
    standardCostAmount: integer('standard_cost_amount').notNull().default(0),
    currency: text('currency').notNull().default('EUR'),
    leadTimeDays: numeric('lead_time_days'),
    configurable: boolean('configurable').notNull().default(false),
    /**
     * Not designed yet (engineer-to-order): stands in a BOM with an estimated standard cost and
     * lead time, planned and costed as a bought part until an ECO replaces it (engineering module).
     */
    placeholder: boolean('placeholder').notNull().default(false),
    lotSizingRule: text('lot_sizing_rule', {
      enum: ['lot-for-lot', 'fixed', 'minimum', 'multiple', 'period'],
    })
      .notNull()
      .default('lot-for-lot'),
    lotQuantity: numeric('lot_quantity'),
    safetyStock: numeric('safety_stock').notNull().default('0'),
    reorderPoint: numeric('reorder_point'),
    scrapFactor: numeric('scrap_factor').notNull().default('0'),
    /**
     * How the shop floor takes it for a job: `manual` by scanning it at the terminal (lot-traced
     * and costly parts), `backflush` issued from stores as good and scrap parts are reported at
     * the operation that consumes it (cheap bulk: fasteners, paint, grease)
     */
    issueMethod: text('issue_method', { enum: ['manual', 'backflush'] })
      .notNull()
      .default('manual'),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('items_name_idx').on(t.name),
    index('items_family_idx').on(t.family),
    check('items_standard_cost_check', sql`${t.standardCostAmount} >= 0`),
  ],
);
