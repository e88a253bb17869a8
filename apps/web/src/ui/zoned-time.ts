/**
 * Calendar days and clock times in the plant's time zone, from UTC instants. Dates are keys
 * 'YYYY-MM-DD'; day arithmetic happens on those keys in UTC so no local zone leaks in.
 */

const partsFormats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = partsFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    partsFormats.set(timeZone, format);
  }
  return format;
}

interface ZonedParts {
  date: string;
  minuteOfDay: number;
}

export function zonedParts(instant: Date, timeZone: string): ZonedParts {
  const p = Object.fromEntries(
    partsFormat(timeZone)
      .formatToParts(instant)
      .map((x) => [x.type, x.value]),
  );
  return { date: `${p.year}-${p.month}-${p.day}`, minuteOfDay: Number(p.hour) * 60 + Number(p.minute) };
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Monday of the week holding `date`. */
export function mondayOf(date: string): string {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(date, -((weekday + 6) % 7));
}

/** The UTC instant at which `date` begins in the zone (handles DST by one correction). */
export function zonedMidnight(date: string, timeZone: string): Date {
  const guess = Date.parse(`${date}T00:00:00Z`);
  const offsetAt = (t: number) => {
    const p = zonedParts(new Date(t), timeZone);
    return Date.parse(`${p.date}T00:00:00Z`) + p.minuteOfDay * 60_000 - t;
  };
  let instant = guess - offsetAt(guess);
  instant = guess - offsetAt(instant);
  return new Date(instant);
}

export interface DaySegment {
  date: string;
  /** minutes after local midnight, [from, to) */
  from: number;
  to: number;
}

/** Cuts UTC intervals into pieces per local calendar day. */
export function segmentsByDay(
  intervals: readonly { start: string; end: string }[],
  timeZone: string,
): DaySegment[] {
  const segments: DaySegment[] = [];
  for (const interval of intervals) {
    let cursor = new Date(interval.start);
    const end = new Date(interval.end);
    while (cursor < end) {
      const here = zonedParts(cursor, timeZone);
      const nextMidnight = zonedMidnight(addDays(here.date, 1), timeZone);
      const pieceEnd = end < nextMidnight ? end : nextMidnight;
      const to = pieceEnd === nextMidnight ? 1440 : zonedParts(pieceEnd, timeZone).minuteOfDay;
      if (to > here.minuteOfDay) segments.push({ date: here.date, from: here.minuteOfDay, to });
      cursor = pieceEnd;
    }
  }
  return segments;
}

export function clock(minuteOfDay: number): string {
  const h = Math.floor(minuteOfDay / 60);
  const m = minuteOfDay % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

export function todayIn(timeZone: string): string {
  return zonedParts(new Date(), timeZone).date;
}
