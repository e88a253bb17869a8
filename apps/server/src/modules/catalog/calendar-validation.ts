/**
 * Rules of a calendar beyond its schema: a known IANA time zone, no two weekly shifts that
 * overlap (a shift crossing midnight runs into the next day, Sunday night into Monday), one
 * entry per holiday or exception date, and an exception is either closed or has shifts.
 */
import { isValidTimeZone } from '@takt/engine';
import type { FieldIssue } from '../../platform/errors';

interface Shift {
  start: string;
  end: string;
}
export interface CalendarRulesInput {
  timeZone?: string;
  shifts?: (Shift & { weekday: number })[];
  holidays?: { date: string }[];
  exceptions?: { date: string; closed: boolean; shifts: Shift[] }[];
}

const WEEK = 7 * 1440;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** [start, end) in minutes from the start of the day (or week); end > start, crossing midnight. */
function span(offset: number, shift: Shift): [number, number] {
  const start = offset + minutesOf(shift.start);
  const end = offset + minutesOf(shift.end);
  return [start, end <= start ? end + 1440 : end];
}

/** Pairs [later, earlier] of overlapping spans, by index; O(n log n) after sorting. */
function overlaps(spans: { start: number; end: number; index: number }[]): [number, number][] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || a.index - b.index);
  const found: [number, number][] = [];
  if (sorted.length < 2) return found;
  let reach = sorted[0];
  for (const s of sorted.slice(1)) {
    if (s.start < reach.end && s.index !== reach.index) found.push([s.index, reach.index]);
    if (s.end > reach.end) reach = s;
  }
  return found;
}

export function calendarIssues(input: CalendarRulesInput): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (input.timeZone !== undefined && !isValidTimeZone(input.timeZone)) {
    issues.push({
      field: 'timeZone',
      rule: 'time-zone',
      message: `unknown time zone '${input.timeZone}' (use an IANA name such as Europe/Berlin)`,
    });
  }

  const shifts = input.shifts ?? [];
  const sameStartAndEnd = (list: Shift[], field: string) => {
    list.forEach((shift, i) => {
      if (shift.start === shift.end)
        issues.push({
          field: `${field}.${i}.end`,
          rule: 'after-start',
          message: `a shift cannot start and end at ${shift.start}`,
        });
    });
  };
  sameStartAndEnd(shifts, 'shifts');
  (input.exceptions ?? []).forEach((e, i) => {
    sameStartAndEnd(e.shifts, `exceptions.${i}.shifts`);
  });
  const weekly = shifts.flatMap((shift, index) => {
    const [start, end] = span((shift.weekday - 1) * 1440, shift);
    // Sunday's night shift continues on Monday morning of the same (cyclic) week.
    return end > WEEK
      ? [
          { start, end, index },
          { start: start - WEEK, end: end - WEEK, index },
        ]
      : [{ start, end, index }];
  });
  for (const [later, earlier] of overlaps(weekly)) {
    issues.push({
      field: `shifts.${later}`,
      rule: 'no-overlap',
      message: `shift ${later + 1} (${describe(shifts[later])}) overlaps shift ${earlier + 1} (${describe(shifts[earlier])})`,
    });
  }

  const duplicates = (dates: string[], field: string, what: string) =>
    dates.forEach((date, i) => {
      if (dates.indexOf(date) !== i)
        issues.push({ field: `${field}.${i}.date`, rule: 'unique', message: `${date} is already a ${what}` });
    });
  duplicates(
    (input.holidays ?? []).map((h) => h.date),
    'holidays',
    'holiday',
  );
  duplicates(
    (input.exceptions ?? []).map((e) => e.date),
    'exceptions',
    'exception',
  );

  (input.exceptions ?? []).forEach((exception, i) => {
    if (exception.closed && exception.shifts.length > 0)
      issues.push({
        field: `exceptions.${i}.shifts`,
        rule: 'closed-without-shifts',
        message: `${exception.date} is closed, so it cannot have shifts`,
      });
    if (!exception.closed && exception.shifts.length === 0)
      issues.push({
        field: `exceptions.${i}.shifts`,
        rule: 'required',
        message: `${exception.date}: give the replacement shifts, or mark the day closed`,
      });
    const daily = exception.shifts.map((shift, index) => {
      const [start, end] = span(0, shift);
      return { start, end, index };
    });
    for (const [later, earlier] of overlaps(daily))
      issues.push({
        field: `exceptions.${i}.shifts.${later}`,
        rule: 'no-overlap',
        message: `on ${exception.date} shift ${later + 1} overlaps shift ${earlier + 1}`,
      });
  });
  return issues;
}

const weekdayNames = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const describe = (s: Shift & { weekday: number }) => `${weekdayNames[s.weekday - 1]} ${s.start}–${s.end}`;
