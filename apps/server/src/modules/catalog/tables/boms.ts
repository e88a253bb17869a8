import { sql } from 'drizzle-orm';
import { check, date, index, integer, numeric, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { items, uoms } from './items';

/** One revision of the bill of materials of an item: draft → released → obsolete. */
export const boms = pgTable(
  'boms',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id),
    revision: text('revision').notNull(),
    status: text('status', { enum: ['draft', 'released', 'obsolete'] })
      .notNull()
      .default('draft'),
    validFrom: date('valid_from'),
    validTo: date('valid_to'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('boms_item_revision_unique').on(t.itemId, t.revision),
    index('boms_status_idx').on(t.status, t.itemId),
  ],
);

export const bomLines = pgTable(
  'bom_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    bomId: uuid('bom_id')
      .notNull()
      .references(() => boms.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    childItemId: uuid('child_item_id')
      .notNull()
      .references(() => items.id),
    quantityPer: numeric('quantity_per').notNull(),
    uom: text('uom')
      .notNull()
      .references(() => uoms.code),
    scrapFactor: numeric('scrap_factor').notNull().default('0'),
    /** soft reference to the routing operation number that consumes the child */
    operationNumber: text('operation_number'),
    condition: text('condition'),
    quantityFormula: text('quantity_formula'),
  },
  (t) => [
    index('bom_lines_bom_idx').on(t.bomId),
    index('bom_lines_child_idx').on(t.childItemId),
    uniqueIndex('bom_lines_position_unique').on(t.bomId, t.position),
    check('bom_lines_quantity_check', sql`${t.quantityPer} > 0`),
  ],
);
