import { expandCalendar, localToUtc } from '@takt/engine';
import { describe, expect, it } from 'vitest';
import {
  type CalendarDefinition,
  downtimeExceptions,
  extraShiftExceptions,
  withExceptions,
} from './scenario-calendars';

const weekdays = [1, 2, 3, 4, 5];
const twoShifts: CalendarDefinition = {
  timeZone: 'Europe/Berlin',
  shifts: weekdays.flatMap((weekday) => [
    { weekday, start: '06:00', end: '14:00' },
    { weekday, start: '14:00', end: '22:00' },
  ]),
  holidays: [{ date: '2026-03-11', name: 'a holiday' }],
  exceptions: [],
};
const threeShifts: CalendarDefinition = {
  ...twoShifts,
  holidays: [],
  shifts: [...twoShifts.shifts, ...weekdays.map((weekday) => ({ weekday, start: '22:00', end: '06:00' }))],
};
const berlin = (local: string) => localToUtc('Europe/Berlin', Date.parse(`${local}:00Z`));
const origin = berlin('2026-03-09T00:00');
const minutes = (def: CalendarDefinition) => {
  const x = expandCalendar({ ...def, holidays: def.holidays.map((h) => h.date) }, origin, 7);
  if (!x.ok) throw new Error(x.error.message);
  return x.value;
};
const total = (intervals: readonly (readonly [number, number])[]) =>
  intervals.reduce((s, [a, b]) => s + b - a, 0);

describe('scenario calendar exceptions', () => {
  it('adds a Saturday shift as an exception for each Saturday of the range', () => {
    const { exceptions, issues } = extraShiftExceptions(twoShifts, {
      from: '2026-03-09',
      to: '2026-03-22',
      start: '06:00',
      end: '14:00',
      weekdays: [6],
    });
    expect(issues).toEqual([]);
    expect(exceptions.map((e) => e.date)).toEqual(['2026-03-14', '2026-03-21']);
    expect(exceptions[0].shifts).toEqual([{ start: '06:00', end: '14:00' }]);
    const added = minutes(withExceptions(twoShifts, exceptions));
    expect(total(added) - total(minutes(twoShifts))).toBe(480);
  });

  it('keeps the day’s shifts and refuses an extra shift that overlaps one', () => {
    const night = extraShiftExceptions(twoShifts, {
      from: '2026-03-10',
      to: '2026-03-10',
      start: '22:00',
      end: '06:00',
    });
    expect(night.issues).toEqual([]);
    expect(night.exceptions[0].shifts.map((s) => s.start)).toEqual(['06:00', '14:00', '22:00']);
    const clash = extraShiftExceptions(twoShifts, {
      from: '2026-03-10',
      to: '2026-03-10',
      start: '12:00',
      end: '16:00',
    });
    expect(clash.exceptions).toEqual([]);
    expect(clash.issues[0]).toMatchObject({ rule: 'no-overlap' });
  });

  it('takes exactly the down window out of the working time, across a night shift', () => {
    const from = berlin('2026-03-10T10:00');
    const to = berlin('2026-03-11T02:00');
    const exceptions = downtimeExceptions(threeShifts, from, to, 'maintenance');
    const after = minutes(withExceptions(threeShifts, exceptions));
    const before = minutes(threeShifts);
    // 10:00–02:00 is 16 hours of a plant that works around the clock on weekdays
    expect(total(before) - total(after)).toBe(16 * 60);
    const start = (from - origin) / 60_000;
    const end = (to - origin) / 60_000;
    expect(after.some(([a, b]) => a < end && start < b)).toBe(false);
    expect(exceptions.find((e) => e.date === '2026-03-10')?.shifts).toEqual([
      { start: '06:00', end: '10:00' },
    ]);
    expect(exceptions.find((e) => e.date === '2026-03-11')?.shifts).toEqual([
      { start: '02:00', end: '06:00' },
      { start: '06:00', end: '14:00' },
      { start: '14:00', end: '22:00' },
      { start: '22:00', end: '06:00' },
    ]);
  });

  it('closes the days a long down window covers', () => {
    const exceptions = downtimeExceptions(
      twoShifts,
      berlin('2026-03-09T00:00'),
      berlin('2026-03-13T00:00'),
      'overhaul',
    );
    const closed = exceptions.filter((e) => e.closed).map((e) => e.date);
    expect(closed).toEqual(['2026-03-09', '2026-03-10', '2026-03-12']);
    // the holiday stays as it was: nothing to take away
    expect(exceptions.some((e) => e.date === '2026-03-11')).toBe(false);
    expect(total(minutes(withExceptions(twoShifts, exceptions)))).toBe(960);
  });
});
