import { date, index, integer, jsonb, numeric, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { items } from './items';
import { workCenters } from './work-centers';

/** One revision of how an item is made: draft → released → obsolete. */
export const routings = pgTable(
  'routings',
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
  (t) => [uniqueIndex('routings_item_revision_unique').on(t.itemId, t.revision)],
);

/** An operation; predecessors (operation numbers of the same routing) make the graph. */
export const routingOperations = pgTable(
  'routing_operations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    routingId: uuid('routing_id')
      .notNull()
      .references(() => routings.id, { onDelete: 'cascade' }),
    number: text('number').notNull(),
    name: text('name').notNull(),
    workCenterId: uuid('work_center_id')
      .notNull()
      .references(() => workCenters.id),
    alternatives: jsonb('alternatives').$type<{ workCenterId: string; speedFactor: number }[]>().notNull(),
    setupMinutes: numeric('setup_minutes').notNull(),
    runMinutesPerUnit: numeric('run_minutes_per_unit').notNull(),
    queueMinutes: numeric('queue_minutes').notNull().default('0'),
    moveMinutes: numeric('move_minutes').notNull().default('0'),
    predecessors: text('predecessors').array().notNull(),
    shiftRule: text('shift_rule', { enum: ['span', 'fit'] })
      .notNull()
      .default('span'),
    instructions: text('instructions').notNull().default(''),
    /** link to the drawing the operator works from (the PDM/CAD viewer's URL) */
    drawingUrl: text('drawing_url'),
  },
  (t) => [
    uniqueIndex('routing_operations_number_unique').on(t.routingId, t.number),
    index('routing_operations_wc_idx').on(t.workCenterId),
  ],
);
