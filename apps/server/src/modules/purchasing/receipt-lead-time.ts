/**
 * The lead time a receipt measures, in the plant's working days (what supply terms and MRP count
 * in): the local dates with working time after the day the order was placed, up to the receipt.
 * Ordered on a Monday and received the next Monday is five working days in a five-day week.
 */
import type { Db, Tx } from '../../platform/db/database';
import { localDateIn, plantCalendar } from '../catalog/plant-structure';
import { calendarWorkingIntervals } from '../catalog/working-intervals';

const DAY_MS = 86_400_000;

export async function workingDaysBetween(db: Db | Tx, from: Date, to: Date): Promise<number> {
  if (to.getTime() <= from.getTime()) return 0;
  const calendar = await plantCalendar(db);
  // an empty plant has no working week: count calendar days
  if (!calendar) return Math.round(((to.getTime() - from.getTime()) / DAY_MS) * 10) / 10;
  const ordered = localDateIn(calendar.timeZone, from);
  const days = new Set<string>();
  for (const [start] of calendarWorkingIntervals(calendar, from.getTime(), to.getTime())) {
    const date = localDateIn(calendar.timeZone, new Date(from.getTime() + start * 60_000));
    if (date > ordered) days.add(date);
  }
  return days.size;
}
