import { integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';

export interface ShiftJson {
  start: string;
  end: string;
}
export interface WeeklyShiftJson extends ShiftJson {
  weekday: number;
}

/** Working time of work centers, as weekly shifts in the plant's time zone. */
export const calendars = pgTable('calendars', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  timeZone: text('time_zone').notNull(),
  shifts: jsonb('shifts').$type<WeeklyShiftJson[]>().notNull(),
  holidays: jsonb('holidays').$type<{ date: string; name: string }[]>().notNull(),
  exceptions: jsonb('exceptions')
    .$type<{ date: string; closed: boolean; shifts: ShiftJson[]; note: string }[]>()
    .notNull(),
  version: integer('version').notNull().default(1),
});
