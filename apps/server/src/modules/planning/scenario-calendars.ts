/**
 * A scenario's calendar changes as the catalog's calendars can hold them: calendar exceptions
 * (a local date with its replacement shifts, or closed). An extra shift adds a shift to each
 * date's shifts; a machine down takes the down window out of the shifts of every date it
 * touches. The scenario plans with exactly the exceptions that adopting writes, so the plan
 * adopted is the plan computed. Pure.
 */
import { localToUtc } from '@takt/engine';
import type { FieldIssue } from '../../platform/errors';

export interface ShiftTime {
  start: string;
  end: string;
}

export interface CalendarException {
  date: string;
  closed: boolean;
  shifts: ShiftTime[];
  note: string;
}

export interface CalendarDefinition {
  timeZone: string;
  shifts: (ShiftTime & { weekday: number })[];
  holidays: { date: string; name: string }[];
  exceptions: CalendarException[];
}

const DAY_MS = 86_400_000;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const hhmm = (minutes: number) => {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const weekdayOf = (date: string) => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

/** The shifts worked on a local date: its exception's, none on a holiday, else the weekday's. */
export function shiftsOn(calendar: CalendarDefinition, date: string): ShiftTime[] {
  const exception = calendar.exceptions.find((e) => e.date === date);
  if (exception) return exception.closed ? [] : exception.shifts.map(({ start, end }) => ({ start, end }));
  if (calendar.holidays.some((h) => h.date === date)) return [];
  return calendar.shifts
    .filter((s) => s.weekday === weekdayOf(date))
    .map(({ start, end }) => ({ start, end }));
}

/** [start, end) in minutes after the date's local midnight; a shift past midnight ends > 1440. */
const spanOf = (s: ShiftTime): [number, number] => {
  const a = minutesOf(s.start);
  const b = minutesOf(s.end);
  return [a, b <= a ? b + 1440 : b];
};

/** The calendar with these exceptions in place of any on the same dates. */
export function withExceptions(
  calendar: CalendarDefinition,
  exceptions: CalendarException[],
): CalendarDefinition {
  const dates = new Set(exceptions.map((e) => e.date));
  return {
    ...calendar,
    exceptions: [...calendar.exceptions.filter((e) => !dates.has(e.date)), ...exceptions].sort((a, b) =>
      a.date.localeCompare(b.date),
    ),
  };
}

/**
 * Exceptions that add the shift on every date of [from, to] (on the given weekdays): each date
 * keeps its shifts and gains this one. An overlap with a shift already worked is an issue.
 */
export function extraShiftExceptions(
  calendar: CalendarDefinition,
  change: { from: string; to: string; start: string; end: string; weekdays?: number[]; note?: string },
  field = 'change',
): { exceptions: CalendarException[]; issues: FieldIssue[] } {
  const exceptions: CalendarException[] = [];
  const issues: FieldIssue[] = [];
  const [a, b] = spanOf(change);
  for (let date = change.from; date <= change.to; date = addDays(date, 1)) {
    if (change.weekdays && !change.weekdays.includes(weekdayOf(date))) continue;
    const shifts = shiftsOn(calendar, date);
    // the day before's night shift may run into this one
    const before = shiftsOn(calendar, addDays(date, -1))
      .map(spanOf)
      .map(([x, y]) => [x - 1440, y - 1440]);
    const after = shiftsOn(calendar, addDays(date, 1))
      .map(spanOf)
      .map(([x, y]) => [x + 1440, y + 1440]);
    const clash = [...shifts.map(spanOf), ...before, ...after].find(([x, y]) => a < y && x < b);
    if (clash) {
      issues.push({
        field: `${field}.start`,
        rule: 'no-overlap',
        message: `on ${date} the extra shift ${change.start}–${change.end} overlaps a shift already worked (${hhmm(clash[0])}–${hhmm(clash[1])})`,
      });
      continue;
    }
    exceptions.push({
      date,
      closed: false,
      shifts: [...shifts, { start: change.start, end: change.end }].sort(
        (x, y) => minutesOf(x.start) - minutesOf(y.start),
      ),
      note: change.note ?? `extra shift ${change.start}–${change.end}`,
    });
  }
  if (exceptions.length === 0 && issues.length === 0)
    issues.push({
      field: `${field}.weekdays`,
      rule: 'some-date',
      message: 'no date of the range falls on the chosen weekdays',
    });
  return { exceptions, issues };
}

/**
 * Exceptions that take [fromMs, toMs) out of the working time: every date whose shifts the
 * window cuts gets the pieces left of them (a night shift's piece after the window stays with
 * the date it started on unless the window ends on the next date: then it becomes that date's
 * shift), or is closed when nothing is left.
 */
export function downtimeExceptions(
  calendar: CalendarDefinition,
  fromMs: number,
  toMs: number,
  note: string,
): CalendarException[] {
  const tz = calendar.timeZone;
  const localDate = new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const dateOf = (ms: number) => localDate.format(new Date(ms));
  const midnight = (date: string) => localToUtc(tz, Date.parse(`${date}T00:00:00Z`));
  const first = addDays(dateOf(fromMs), -1);
  const last = dateOf(toMs);
  const pieces = new Map<string, ShiftTime[]>();
  const touched = new Set<string>();
  for (let date = first; date <= last; date = addDays(date, 1)) {
    pieces.set(date, pieces.get(date) ?? []);
    const zero = midnight(date);
    for (const shift of shiftsOn(calendar, date)) {
      const [a, b] = spanOf(shift);
      const start = localToUtc(tz, Date.parse(`${date}T00:00:00Z`) + a * 60_000);
      const end = localToUtc(tz, Date.parse(`${date}T00:00:00Z`) + b * 60_000);
      if (end <= fromMs || start >= toMs) {
        pieces.get(date)!.push(shift);
        continue;
      }
      touched.add(date);
      const left: [number, number][] = [];
      if (start < fromMs) left.push([start, fromMs]);
      if (end > toMs) left.push([toMs, end]);
      for (const [x, y] of left) {
        // a piece after the window belongs to the date it starts on
        let owner = date;
        if (dateOf(x) !== date) owner = dateOf(x);
        const base = owner === date ? zero : midnight(owner);
        const offset = Math.round((x - base) / 60_000);
        const length = Math.round((y - x) / 60_000);
        if (length <= 0 || length >= 1440) continue;
        touched.add(owner);
        const list = pieces.get(owner) ?? [];
        list.push({ start: hhmm(offset), end: hhmm(offset + length) });
        pieces.set(owner, list);
      }
    }
  }
  return [...touched].sort().map((date) => {
    const shifts = (pieces.get(date) ?? []).sort((x, y) => minutesOf(x.start) - minutesOf(y.start));
    return { date, closed: shifts.length === 0, shifts, note };
  });
}
