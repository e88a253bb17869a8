import { sql } from 'drizzle-orm';
import { boolean, check, integer, jsonb, numeric, pgTable, text, uuid } from 'drizzle-orm/pg-core';

export interface ShiftJson {
  weekday?: number;
  start: string;
  end: string;
}

/** Working time of a work center in the plant's time zone. */
export const calendars = pgTable('calendars', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  timeZone: text('time_zone').notNull(),
  shifts: jsonb('shifts').$type<Required<ShiftJson>[]>().notNull(),
  holidays: jsonb('holidays').$type<{ date: string; name: string }[]>().notNull(),
  exceptions: jsonb('exceptions')
    .$type<{ date: string; closed: boolean; shifts: ShiftJson[]; note: string }[]>()
    .notNull(),
  version: integer('version').notNull().default(1),
});

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
    machineRate: integer('machine_rate').notNull().default(0),
    labourRate: integer('labour_rate').notNull().default(0),
    setupRate: integer('setup_rate').notNull().default(0),
    currency: text('currency').notNull().default('EUR'),
    setupMatrixId: uuid('setup_matrix_id').references(() => setupMatrices.id),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
  },
  (t) => [check('work_centers_machines_check', sql`${t.machines} >= 1`)],
);
