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
import { items } from '../catalog/tables/items';
import { workCenters } from '../catalog/tables/work-centers';
import { users } from '../identity/tables';

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
    /** the production order's number in the system that sent it (an ERP), unique: resends are no-ops */
    externalReference: text('external_reference').unique(),
    /** when the job must be complete (its parent's need or the promised date) */
    due: timestamp('due', { withTimezone: true }).notNull(),
    /** planned start and completion from the schedule */
    plannedStart: timestamp('planned_start', { withTimezone: true }),
    plannedEnd: timestamp('planned_end', { withTimezone: true }),
    completedQuantity: numeric('completed_quantity').notNull().default('0'),
    scrapQuantity: numeric('scrap_quantity').notNull().default('0'),
    /** when the job was released to the shop floor (its operations appear in dispatch lists) */
    releasedAt: timestamp('released_at', { withTimezone: true }),
    actualStart: timestamp('actual_start', { withTimezone: true }),
    actualEnd: timestamp('actual_end', { withTimezone: true }),
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
    /** work instructions and drawing link, copied from the routing operation */
    instructions: text('instructions').notNull().default(''),
    drawingUrl: text('drawing_url'),
    /** as executed: the first setup and run start, the finish, and the booked minutes */
    actualSetupStart: timestamp('actual_setup_start', { withTimezone: true }),
    actualStart: timestamp('actual_start', { withTimezone: true }),
    actualEnd: timestamp('actual_end', { withTimezone: true }),
    actualSetupMinutes: numeric('actual_setup_minutes').notNull().default('0'),
    actualRunMinutes: numeric('actual_run_minutes').notNull().default('0'),
    /** machine the operation actually ran on (0-based), when it differs from the schedule */
    actualMachineIndex: integer('actual_machine_index'),
    goodQuantity: numeric('good_quantity').notNull().default('0'),
    scrapQuantity: numeric('scrap_quantity').notNull().default('0'),
    /** cycles counted by the machine while this operation ran (machine data) */
    machineCycles: integer('machine_cycles').notNull().default(0),
    /** a rework operation added by a non-conformance disposition */
    rework: boolean('rework').notNull().default(false),
    /** parts this operation handles when they are not the job's (a rework: the non-conformance's); null: the job's quantity */
    quantity: numeric('quantity'),
    /**
     * A planner pinned it (moved it on the board, or pinned it where it is): re-plans keep its
     * machine and start (engine `firm`) until it is unpinned
     */
    pinnedAt: timestamp('pinned_at', { withTimezone: true }),
    pinnedBy: uuid('pinned_by').references(() => users.id),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('job_operations_job_idx').on(t.jobId),
    index('job_operations_wc_idx').on(t.workCenterId, t.plannedStart),
    check('job_operations_quantity_check', sql`${t.quantity} is null or ${t.quantity} > 0`),
  ],
);

/**
 * Why a machine stopped or a part was scrapped: the plant's reason codes. A planned stop
 * (break, planned maintenance, no order) is outside planned production time in OEE; every
 * other stop costs availability.
 */
export const reasonCodes = pgTable(
  'reason_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ['stop', 'scrap'] }).notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** stops only: planned stops do not count against availability */
    planned: boolean('planned').notNull().default(false),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('reason_codes_kind_code_unique').on(t.kind, t.code)],
);

/**
 * What an operator booked at the terminal on an operation: setup start, run start, pause,
 * finish, or a quantity report (good and scrap with its reason). Each booking carries the
 * terminal's own event id, so a double tap or a retried request books once.
 */
export const operationBookings = pgTable(
  'operation_bookings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientEventId: text('client_event_id').notNull().unique(),
    jobOperationId: uuid('job_operation_id')
      .notNull()
      .references(() => jobOperations.id, { onDelete: 'cascade' }),
    operatorId: uuid('operator_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind', { enum: ['setup', 'run', 'pause', 'finish', 'quantity'] }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    machineIndex: integer('machine_index'),
    goodQuantity: numeric('good_quantity').notNull().default('0'),
    scrapQuantity: numeric('scrap_quantity').notNull().default('0'),
    scrapReasonId: uuid('scrap_reason_id').references(() => reasonCodes.id),
    note: text('note'),
  },
  (t) => [
    index('operation_bookings_operation_idx').on(t.jobOperationId, t.at),
    index('operation_bookings_operator_idx').on(t.operatorId, t.at),
    check(
      'operation_bookings_quantity_check',
      sql`${t.goodQuantity} >= 0 and ${t.scrapQuantity} >= 0 and (${t.scrapQuantity} = 0 or ${t.scrapReasonId} is not null)`,
    ),
  ],
);

/**
 * Who works on which operation now: an operator clocks on with setup or run and off with pause
 * or finish. Several operators may work one operation, and one operator several operations
 * where the work center allows it. Labour minutes come from these intervals.
 */
export const operatorSessions = pgTable(
  'operator_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jobOperationId: uuid('job_operation_id')
      .notNull()
      .references(() => jobOperations.id, { onDelete: 'cascade' }),
    operatorId: uuid('operator_id')
      .notNull()
      .references(() => users.id),
    activity: text('activity', { enum: ['setup', 'run'] }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [
    index('operator_sessions_operation_idx').on(t.jobOperationId),
    // one open session per operator and operation
    uniqueIndex('operator_sessions_open_unique')
      .on(t.jobOperationId, t.operatorId)
      .where(sql`${t.endedAt} is null`),
  ],
);
