import { describe, expect, it } from 'vitest';
import { mondayOf, segmentsByDay, zonedMidnight } from './zoned-time';

describe('plant-local days from UTC instants', () => {
  it('finds local midnight across a daylight-saving change', () => {
    expect(zonedMidnight('2025-03-30', 'Europe/Berlin').toISOString()).toBe('2025-03-29T23:00:00.000Z');
    expect(zonedMidnight('2025-03-31', 'Europe/Berlin').toISOString()).toBe('2025-03-30T22:00:00.000Z');
  });

  it('takes Monday as the first day of the week', () => {
    expect(mondayOf('2025-11-23')).toBe('2025-11-17'); // a Sunday
    expect(mondayOf('2025-11-24')).toBe('2025-11-24');
  });

  it('cuts a night shift at local midnight', () => {
    const segments = segmentsByDay(
      [{ start: '2025-11-24T21:00:00Z', end: '2025-11-25T05:00:00Z' }], // 22:00–06:00 in Berlin
      'Europe/Berlin',
    );
    expect(segments).toEqual([
      { date: '2025-11-24', from: 22 * 60, to: 1440 },
      { date: '2025-11-25', from: 0, to: 6 * 60 },
    ]);
  });
});
