import { describe, expect, it } from 'vitest';
import { expandCalendar } from './expand-calendar';
import { placeOnCalendar } from './working-time';

const twoShifts = [1, 2, 3, 4, 5].flatMap((weekday) => [
  { weekday, start: '06:00', end: '14:00' },
  { weekday, start: '14:00', end: '22:00' },
]);
// Monday 2026-03-23 00:00 Europe/Berlin (UTC+1) = 2026-03-22T23:00Z
const mondayBerlin = Date.parse('2026-03-22T23:00:00Z');

describe('expandCalendar', () => {
  it('turns two shifts Monday to Friday into one 16-hour interval per working day', () => {
    const result = expandCalendar({ timeZone: 'Europe/Berlin', shifts: twoShifts }, mondayBerlin, 7);
    expect(result.ok && result.value).toEqual([
      [360, 1320],
      [1800, 2760],
      [3240, 4200],
      [4680, 5640],
      [6120, 7080],
    ]);
  });

  it('follows daylight saving: the Monday after the clocks change starts an hour earlier in UTC', () => {
    // 2026-03-29 02:00 Berlin clocks jump to 03:00 (UTC+2): Monday 30 March 06:00 local = 04:00Z
    const result = expandCalendar({ timeZone: 'Europe/Berlin', shifts: twoShifts }, mondayBerlin, 14);
    if (!result.ok) throw new Error(result.error.message);
    const secondMonday = result.value[5];
    expect(secondMonday[0]).toBe(7 * 1440 + 360 - 60);
    expect(secondMonday[1] - secondMonday[0]).toBe(16 * 60);
  });

  it('skips holidays and applies exceptions (a closed day, a short Saturday)', () => {
    const result = expandCalendar(
      {
        timeZone: 'Europe/Berlin',
        shifts: twoShifts,
        holidays: ['2026-03-24'],
        exceptions: [
          { date: '2026-03-25', closed: true },
          { date: '2026-03-28', shifts: [{ start: '06:00', end: '12:00' }] },
        ],
      },
      mondayBerlin,
      7,
    );
    expect(result.ok && result.value).toEqual([
      [360, 1320],
      [4680, 5640],
      [6120, 7080],
      [5 * 1440 + 360, 5 * 1440 + 720],
    ]);
  });

  it('lets a night shift cross midnight', () => {
    const result = expandCalendar(
      { timeZone: 'UTC', shifts: [{ weekday: 1, start: '22:00', end: '06:00' }] },
      Date.parse('2026-03-23T00:00:00Z'),
      2,
    );
    expect(result.ok && result.value).toEqual([[1320, 1800]]);
  });

  it('rejects an unknown time zone and malformed times with the field', () => {
    const zone = expandCalendar({ timeZone: 'Mars/Olympus', shifts: [] }, 0, 1);
    expect(!zone.ok && zone.error).toMatchObject({ code: 'time-zone', path: ['timeZone'] });
    const time = expandCalendar(
      { timeZone: 'UTC', shifts: [{ weekday: 1, start: '25:00', end: '06:00' }] },
      0,
      1,
    );
    expect(!time.ok && time.error.path).toEqual(['shifts.0']);
  });
});

describe('placeOnCalendar', () => {
  const intervals: [number, number][] = [
    [0, 480],
    [960, 1440],
  ];
  it('spans an operation over the break when the rule is span', () => {
    expect(placeOnCalendar(intervals, 400, 200, 'span')).toEqual({ start: 400, end: 1080 });
  });
  it('waits for the next interval when the operation must fit in one shift', () => {
    expect(placeOnCalendar(intervals, 400, 200, 'fit')).toEqual({ start: 960, end: 1160 });
  });
  it('answers null when the horizon is too short', () => {
    expect(placeOnCalendar(intervals, 0, 5000, 'span')).toBeNull();
    expect(placeOnCalendar(intervals, 0, 600, 'fit')).toBeNull();
  });
});
