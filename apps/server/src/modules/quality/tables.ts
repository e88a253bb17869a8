import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { routingOperations } from '../catalog/tables/routings';
import { users } from '../identity/tables';
import { jobOperations } from '../production/tables';

/** Inspection plan of a routing operation: the characteristics to measure, with their limits. */
export const inspectionCharacteristics = pgTable(
  'inspection_characteristics',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    routingOperationId: uuid('routing_operation_id')
      .notNull()
      .references(() => routingOperations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    unit: text('unit').notNull().default(''),
    nominal: numeric('nominal'),
    lowerLimit: numeric('lower_limit'),
    upperLimit: numeric('upper_limit'),
    /** measure every n-th part (1: every part; the first part is always measured) */
    frequency: integer('frequency').notNull().default(1),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('inspection_characteristics_operation_idx').on(t.routingOperationId)],
);

/** A measured value of a characteristic on a job operation, recorded at the terminal. */
export const inspectionResults = pgTable(
  'inspection_results',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientEventId: text('client_event_id').notNull().unique(),
    jobOperationId: uuid('job_operation_id')
      .notNull()
      .references(() => jobOperations.id, { onDelete: 'cascade' }),
    characteristicId: uuid('characteristic_id')
      .notNull()
      .references(() => inspectionCharacteristics.id),
    value: numeric('value').notNull(),
    pass: boolean('pass').notNull(),
    operatorId: uuid('operator_id').references(() => users.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('inspection_results_operation_idx').on(t.jobOperationId)],
);

/**
 * A non-conformance: parts that failed, with the disposition decided for them: scrap, rework
 * (rework operations are added to the job) or use as is. Its cost is part of the order's
 * actual cost.
 */
export const nonConformances = pgTable(
  'non_conformances',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull().unique(),
    jobOperationId: uuid('job_operation_id')
      .notNull()
      .references(() => jobOperations.id),
    quantity: numeric('quantity').notNull(),
    description: text('description').notNull(),
    status: text('status', { enum: ['open', 'dispositioned', 'closed'] })
      .notNull()
      .default('open'),
    disposition: text('disposition', { enum: ['scrap', 'rework', 'use-as-is'] }),
    /** cost of the disposition in minor units (scrapped material and work, or the rework) */
    cost: integer('cost').notNull().default(0),
    currency: text('currency').notNull().default('EUR'),
    reportedBy: uuid('reported_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('non_conformances_operation_idx').on(t.jobOperationId),
    check('non_conformances_quantity_check', sql`${t.quantity} > 0`),
  ],
);
