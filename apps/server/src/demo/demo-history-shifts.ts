/**
 * The shifts of a calendar over the demo history's window, one by one (the history needs to know
 * which shift a minute of work fell in: who was on, when a session ends), and a walker that lays
 * working minutes onto them. Pure; times are UTC milliseconds, shifts are the calendar's local
 * wall-clock shifts (daylight saving changes lengthen or shorten the shift that spans them).
 */
import { localToUtc } from '@takt/engine';

const DAY_MS = 86_400_000;
const MINUTE = 60_000;

export interface Shift {
  start: number;
  end: number;
  /** local date the shift starts on */
  date: string;
  /** 0 the day's first shift, 1 the second, 2 the third (night) */
  index: number;
}

export interface ShiftCalendar {
  timeZone: string;
  shifts: { weekday: number; start: string; end: string }[];
  holidays: { date: string }[];
  exceptions?: { date: string; closed?: boolean }[];
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The UTC instant of a local wall-clock time on a local date. */
export const localInstant = (timeZone: string, date: string, minutes: number) =>
  localToUtc(timeZone, Date.parse(`${date}T00:00:00Z`) + minutes * MINUTE);

/** The shifts starting on the local dates first..last (inclusive), in time order. */
export function shiftsOf(cal: ShiftCalendar, first: string, last: string): Shift[] {
  const closed = new Set([
    ...cal.holidays.map((h) => h.date),
    ...(cal.exceptions ?? []).filter((e) => e.closed).map((e) => e.date),
  ]);
  const out: Shift[] = [];
  for (let date = first; date <= last; date = addDays(date, 1)) {
    if (closed.has(date)) continue;
    const weekday = ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
    const today = cal.shifts
      .filter((s) => s.weekday === weekday)
      .sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
    today.forEach((s, index) => {
      const start = minutesOf(s.start);
      let end = minutesOf(s.end);
      if (end <= start) end += 1440;
      out.push({
        start: localInstant(cal.timeZone, date, start),
        end: localInstant(cal.timeZone, date, end),
        date,
        index,
      });
    });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Shifts with the given intervals cut out (a machine's planned maintenance). */
export function withoutIntervals(shifts: Shift[], cuts: { start: number; end: number }[]): Shift[] {
  if (cuts.length === 0) return shifts;
  const out: Shift[] = [];
  for (const s of shifts) {
    let pieces = [s];
    for (const c of cuts) {
      pieces = pieces.flatMap((p) => {
        if (c.end <= p.start || c.start >= p.end) return [p];
        const kept: Shift[] = [];
        if (c.start > p.start) kept.push({ ...p, end: c.start });
        if (c.end < p.end) kept.push({ ...p, start: c.end });
        return kept;
      });
    }
    out.push(...pieces);
  }
  return out;
}

export interface Piece {
  start: number;
  end: number;
  /** the shift it lies in */
  shift: Shift;
}

/** Lays working time onto a list of shifts (sorted, disjoint). */
export class ShiftWalker {
  constructor(readonly shifts: Shift[]) {}

  /** the index of the first shift ending after t */
  private at(t: number): number {
    let lo = 0;
    let hi = this.shifts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.shifts[mid].end <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** the first working instant at or after t (Infinity past the last shift) */
  next(t: number): number {
    const x = this.at(t);
    if (x >= this.shifts.length) return Number.POSITIVE_INFINITY;
    return Math.max(t, this.shifts[x].start);
  }

  /** `minutes` of working time from t on, as pieces within shifts; where it ends */
  walk(t: number, minutes: number): { pieces: Piece[]; end: number } {
    const pieces: Piece[] = [];
    let left = minutes * MINUTE;
    let cursor = this.next(t);
    let x = this.at(cursor);
    if (left <= 0) return { pieces, end: cursor };
    while (left > 0 && x < this.shifts.length) {
      const s = this.shifts[x];
      const start = Math.max(cursor, s.start);
      const take = Math.min(left, s.end - start);
      if (take > 0) {
        pieces.push({ start, end: start + take, shift: s });
        left -= take;
        cursor = start + take;
      }
      if (left > 0) x++;
    }
    if (left > 0) throw new Error('demo history: the work runs past the last shift of the window');
    return { pieces, end: cursor };
  }

  /** the shift containing t, if any */
  shiftAt(t: number): Shift | null {
    const x = this.at(t);
    const s = this.shifts[x];
    return s && s.start <= t ? s : null;
  }
}
