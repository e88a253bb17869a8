/**
 * Expands a plant calendar (weekly shifts in the plant's time zone, holidays, exceptions) into
 * working intervals in engine minutes since the origin. Pure: time-zone offsets come from Intl,
 * so daylight-saving changes shorten or lengthen the shift that spans them, as on the wall clock.
 */
import { fail, ok, type Result } from '../common/result';
import type { Minutes } from '../common/time';
import type { WorkingIntervals } from '../schedule/types';

export interface ShiftTime {
  /** local wall-clock time 'HH:MM' */
  start: string;
  /** local wall-clock time 'HH:MM'; at or before start means the shift ends the next day */
  end: string;
}

export interface WeeklyShift extends ShiftTime {
  /** ISO weekday: Monday = 1 … Sunday = 7 */
  weekday: number;
}

export interface CalendarException {
  /** 'YYYY-MM-DD' local date */
  date: string;
  /** no work that day */
  closed?: boolean;
  /** replacement shifts for that day */
  shifts?: ShiftTime[];
}

export interface CalendarDefinition {
  timeZone: string;
  shifts: WeeklyShift[];
  /** 'YYYY-MM-DD' local dates without work */
  holidays?: string[];
  exceptions?: CalendarException[];
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offset of the zone's wall clock from UTC at a UTC instant, in ms. */
function zoneOffsetMs(timeZone: string, utcMs: number): number {
  // Offsets only change at transitions, which fall on quarter hours of UTC: one Intl call per
  // zone and quarter hour (expanding a year of calendars asks the same quarter hours again and
  // again, and Intl is by far the slowest part of it).
  const quarter = Math.floor(utcMs / QUARTER_HOUR_MS);
  let byQuarter = offsetCache.get(timeZone);
  if (!byQuarter) {
    byQuarter = new Map();
    offsetCache.set(timeZone, byQuarter);
  }
  const known = byQuarter.get(quarter);
  if (known !== undefined) return known;
  const at = quarter * QUARTER_HOUR_MS;
  const parts = formatterFor(timeZone).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const offset = wall - at;
  if (byQuarter.size > MAX_CACHED_QUARTERS) byQuarter.clear();
  byQuarter.set(quarter, offset);
  return offset;
}

const QUARTER_HOUR_MS = 15 * 60_000;
/** about three years of quarter hours per zone */
const MAX_CACHED_QUARTERS = 110_000;
const offsetCache = new Map<string, Map<number, number>>();

/** UTC instant of a local wall-clock time (ms of the local time read as if it were UTC). */
export function localToUtc(timeZone: string, localAsUtcMs: number): number {
  const guess = localAsUtcMs - zoneOffsetMs(timeZone, localAsUtcMs);
  return localAsUtcMs - zoneOffsetMs(timeZone, guess);
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function validate(def: CalendarDefinition): Result<true> {
  if (!isValidTimeZone(def.timeZone))
    return fail('time-zone', `unknown time zone '${def.timeZone}'`, ['timeZone']);
  const check = (s: ShiftTime, where: string): Result<true> | undefined => {
    if (!HHMM.test(s.start) || !HHMM.test(s.end))
      return fail('time', `shift times must be HH:MM (${where})`, [where]);
    if (s.start === s.end)
      return fail('time', `a shift cannot start and end at the same time (${where})`, [where]);
    return undefined;
  };
  for (const [i, s] of def.shifts.entries()) {
    if (!Number.isInteger(s.weekday) || s.weekday < 1 || s.weekday > 7)
      return fail('weekday', `weekday must be 1–7 (shifts.${i})`, [`shifts.${i}.weekday`]);
    const problem = check(s, `shifts.${i}`);
    if (problem) return problem;
  }
  for (const [i, d] of (def.holidays ?? []).entries())
    if (!DATE.test(d)) return fail('date', `holiday must be YYYY-MM-DD (holidays.${i})`, [`holidays.${i}`]);
  for (const [i, e] of (def.exceptions ?? []).entries()) {
    if (!DATE.test(e.date))
      return fail('date', `exception date must be YYYY-MM-DD (exceptions.${i})`, [`exceptions.${i}.date`]);
    for (const [j, s] of (e.shifts ?? []).entries()) {
      const problem = check(s, `exceptions.${i}.shifts.${j}`);
      if (problem) return problem;
    }
  }
  return ok(true);
}

/**
 * Working intervals from the local day before the origin (a night shift may reach into the
 * horizon) through `horizonDays` after it, clipped to [0, horizonDays × 1440) and merged.
 * Complexity O(days × shifts per day).
 */
export function expandCalendar(
  def: CalendarDefinition,
  originMs: number,
  horizonDays: number,
): Result<WorkingIntervals> {
  const valid = validate(def);
  if (!valid.ok) return valid;
  const holidays = new Set(def.holidays ?? []);
  const exceptions = new Map((def.exceptions ?? []).map((e) => [e.date, e]));
  const horizonEnd: Minutes = horizonDays * 1440;
  const originLocal = originMs + zoneOffsetMs(def.timeZone, originMs);
  const firstDay = Math.floor(originLocal / 86_400_000) - 1;
  const raw: [Minutes, Minutes][] = [];
  for (let day = firstDay; day <= firstDay + horizonDays + 1; day++) {
    const dayStartLocal = day * 86_400_000;
    const date = new Date(dayStartLocal).toISOString().slice(0, 10);
    const weekday = ((new Date(dayStartLocal).getUTCDay() + 6) % 7) + 1;
    const exception = exceptions.get(date);
    let shifts: ShiftTime[];
    if (exception) shifts = exception.closed ? [] : (exception.shifts ?? []);
    else if (holidays.has(date)) shifts = [];
    else shifts = def.shifts.filter((s) => s.weekday === weekday);
    for (const shift of shifts) {
      const startMin = minutesOf(shift.start);
      let endMin = minutesOf(shift.end);
      if (endMin <= startMin) endMin += 1440;
      const start = Math.floor(
        (localToUtc(def.timeZone, dayStartLocal + startMin * 60_000) - originMs) / 60_000,
      );
      const end = Math.floor((localToUtc(def.timeZone, dayStartLocal + endMin * 60_000) - originMs) / 60_000);
      const a = Math.max(0, start);
      const b = Math.min(horizonEnd, end);
      if (b > a) raw.push([a, b]);
    }
  }
  raw.sort((x, y) => x[0] - y[0]);
  const merged: [Minutes, Minutes][] = [];
  for (const interval of raw) {
    const last = merged[merged.length - 1];
    if (last && interval[0] <= last[1]) last[1] = Math.max(last[1], interval[1]);
    else merged.push([interval[0], interval[1]]);
  }
  return ok(merged);
}
