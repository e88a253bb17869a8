/**
 * The working time of a calendar in a window, as minutes since the window's start: one place
 * for expanding a stored calendar (shifts, holidays, exceptions) with the engine's calendar.
 */
import { expandCalendar, type WorkingIntervals } from '@takt/engine';
import { RuleViolationError } from '../../platform/errors';
import type { calendars } from './tables/calendars';

const DAY_MS = 86_400_000;

export function calendarWorkingIntervals(
  cal: typeof calendars.$inferSelect,
  fromMs: number,
  toMs: number,
): WorkingIntervals {
  const horizon = (toMs - fromMs) / 60_000;
  const expanded = expandCalendar(
    {
      timeZone: cal.timeZone,
      shifts: cal.shifts,
      holidays: cal.holidays.map((h) => h.date),
      exceptions: cal.exceptions,
    },
    fromMs,
    Math.ceil((toMs - fromMs) / DAY_MS) + 1,
  );
  if (!expanded.ok)
    throw new RuleViolationError(`calendar ${cal.name}: ${expanded.error.message}`, [
      { field: 'calendar', rule: expanded.error.code, message: expanded.error.message },
    ]);
  return expanded.value.filter(([a]) => a < horizon).map(([a, b]) => [a, Math.min(b, horizon)] as const);
}
