import { sql } from 'drizzle-orm';
import { check, index, integer, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { items } from '../catalog/tables/items';
import { workCenters } from '../catalog/tables/work-centers';

/**
 * A production job: make `quantity` of an item by `due`. Planned by MRP (pegged to the sales
 * order line it is dedicated to, MTO/ETO), scheduled on machines, released to the shop floor.
 */
export const productionJobs = pgTable(
  'production_jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull().unique(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id),
    quantity: numeric('quantity').notNull(),
    status: text('status', { enum: ['planned', 'released', 'in-progress', 'done', 'cancelled'] })
      .notNull()
      .default('planned'),
    /** MTO/ETO: the sales order line the job is dedicated to; null for shared (MTS/ATO) supply */
    salesOrderLineId: uuid('sales_order_line_id'),
    routingId: uuid('routing_id'),
    bomId: uuid('bom_id'),
    /** when the job must be complete (its parent's need or the promised date) */
    due: timestamp('due', { withTimezone: true }).notNull(),
    /** planned start and completion from the schedule */
    plannedStart: timestamp('planned_start', { withTimezone: true }),
    plannedEnd: timestamp('planned_end', { withTimezone: true }),
    completedQuantity: numeric('completed_quantity').notNull().default('0'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('production_jobs_item_idx').on(t.itemId),
    index('production_jobs_line_idx').on(t.salesOrderLineId),
    index('production_jobs_status_idx').on(t.status),
    check('production_jobs_quantity_check', sql`${t.quantity} > 0`),
  ],
);

/** One operation of a job, copied from the routing at planning time, with its place in the schedule. */
export const jobOperations = pgTable(
  'job_operations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jobId: uuid('job_id')
      .notNull()
      .references(() => productionJobs.id, { onDelete: 'cascade' }),
    number: text('number').notNull(),
    name: text('name').notNull(),
    /** operation numbers of the same job that must finish first */
    predecessors: text('predecessors').array().notNull(),
    workCenterId: uuid('work_center_id')
      .notNull()
      .references(() => workCenters.id),
    /** machine within the work center (0-based), as scheduled */
    machineIndex: integer('machine_index'),
    setupMinutes: numeric('setup_minutes').notNull(),
    runMinutes: numeric('run_minutes').notNull(),
    queueMinutes: numeric('queue_minutes').notNull().default('0'),
    shiftRule: text('shift_rule', { enum: ['span', 'fit'] })
      .notNull()
      .default('span'),
    family: text('family'),
    plannedSetupStart: timestamp('planned_setup_start', { withTimezone: true }),
    plannedStart: timestamp('planned_start', { withTimezone: true }),
    plannedEnd: timestamp('planned_end', { withTimezone: true }),
    status: text('status', { enum: ['planned', 'released', 'setup', 'running', 'paused', 'done'] })
      .notNull()
      .default('planned'),
  },
  (t) => [
    index('job_operations_job_idx').on(t.jobId),
    index('job_operations_wc_idx').on(t.workCenterId, t.plannedStart),
  ],
);
