import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { workCenters } from '../catalog/tables/work-centers';
import { jobOperations, reasonCodes } from '../production/tables';

/**
 * Every message a machine sent, once: the machine's own event id makes a redelivery (QoS 1
 * after a reconnect, a restart mid-stream) a no-op. `kind` state carries the new state, count
 * the cycles since the previous count message. Mapped at ingestion to the operation that was
 * running on that machine.
 */
export const machineEvents = pgTable(
  'machine_events',
  {
    machineCode: text('machine_code').notNull(),
    eventId: text('event_id').notNull(),
    kind: text('kind', { enum: ['state', 'count'] }).notNull(),
    state: text('state', { enum: ['running', 'idle', 'down', 'setup'] }),
    /** cycles in this message (count events) */
    cycles: integer('cycles'),
    /** of those, rejected by the machine */
    rejects: integer('rejects'),
    machineAt: timestamp('machine_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    jobOperationId: uuid('job_operation_id'),
  },
  (t) => [
    primaryKey({ columns: [t.machineCode, t.eventId] }),
    index('machine_events_machine_at_idx').on(t.machineCode, t.machineAt),
    index('machine_events_operation_idx').on(t.jobOperationId),
  ],
);

/**
 * A machine of a work center, addressed by its code `<work center code>-<n>` (n from 1) in the
 * topic scheme; the latest state and the totals since it was first seen.
 */
export const machineStates = pgTable('machine_states', {
  machineCode: text('machine_code').primaryKey(),
  workCenterId: uuid('work_center_id')
    .notNull()
    .references(() => workCenters.id),
  machineIndex: integer('machine_index').notNull(),
  state: text('state', { enum: ['running', 'idle', 'down', 'setup', 'unknown'] })
    .notNull()
    .default('unknown'),
  since: timestamp('since', { withTimezone: true }),
  lastEventAt: timestamp('last_event_at', { withTimezone: true }),
  totalCycles: bigint('total_cycles', { mode: 'number' }).notNull().default(0),
  totalRejects: bigint('total_rejects', { mode: 'number' }).notNull().default(0),
  events: bigint('events', { mode: 'number' }).notNull().default(0),
});

/**
 * A stop of a machine: opened when it goes down (from machine data or reported by an operator),
 * closed when it runs again. Stops shorter than the micro-stop threshold are counted and never
 * asked about; longer unplanned ones wait for a reason at the terminal.
 */
export const machineStops = pgTable(
  'machine_stops',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    machineCode: text('machine_code').notNull(),
    workCenterId: uuid('work_center_id')
      .notNull()
      .references(() => workCenters.id),
    machineIndex: integer('machine_index').notNull(),
    jobOperationId: uuid('job_operation_id').references(() => jobOperations.id, { onDelete: 'set null' }),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    reasonId: uuid('reason_id').references(() => reasonCodes.id),
    micro: boolean('micro').notNull().default(false),
    source: text('source', { enum: ['machine', 'operator'] }).notNull(),
    /** the machine event that opened it (idempotent re-ingestion) */
    openedByEventId: text('opened_by_event_id'),
    reasonSetBy: uuid('reason_set_by'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('machine_stops_machine_idx').on(t.machineCode, t.startedAt),
    index('machine_stops_wc_idx').on(t.workCenterId, t.startedAt),
    index('machine_stops_open_idx').on(t.machineCode).where(sql`${t.endedAt} is null`),
    check('machine_stops_interval_check', sql`${t.endedAt} is null or ${t.endedAt} >= ${t.startedAt}`),
  ],
);

/**
 * A machine message the database refused on its own (a NUL in an id, a date PostgreSQL cannot
 * hold): isolated from its batch and kept here with the error, so the rest of the batch is stored
 * and the broker is not blocked by one message redelivered forever.
 */
export const machineEventRejects = pgTable(
  'machine_event_rejects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    topic: text('topic').notNull(),
    /** the payload as received, NUL characters written as \u0000 */
    payload: text('payload').notNull(),
    error: text('error').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('machine_event_rejects_received_idx').on(t.receivedAt)],
);
