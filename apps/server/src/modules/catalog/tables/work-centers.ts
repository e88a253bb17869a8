import { sql } from 'drizzle-orm';
import { boolean, check, integer, numeric, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { calendars } from './calendars';
import { setupMatrices } from './setup-matrices';

/** A group of interchangeable machines with one calendar, efficiency and cost rates. */
export const workCenters = pgTable(
  'work_centers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    machines: integer('machines').notNull(),
    calendarId: uuid('calendar_id')
      .notNull()
      .references(() => calendars.id),
    efficiency: numeric('efficiency').notNull().default('1'),
    /** cost rates per hour in minor units of `currency` */
    machineRate: integer('machine_rate').notNull().default(0),
    labourRate: integer('labour_rate').notNull().default(0),
    setupRate: integer('setup_rate').notNull().default(0),
    currency: text('currency').notNull().default('EUR'),
    setupMatrixId: uuid('setup_matrix_id').references(() => setupMatrices.id),
    /** operations one machine may run at once (a furnace's batches, a bench's jobs): 1 for most machines */
    operationsPerMachine: integer('operations_per_machine').notNull().default(1),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    check('work_centers_machines_check', sql`${t.machines} >= 1`),
    check('work_centers_operations_per_machine_check', sql`${t.operationsPerMachine} >= 1`),
  ],
);
