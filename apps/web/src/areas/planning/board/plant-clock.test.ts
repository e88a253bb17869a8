import { describe, expect, it } from 'vitest';
import { axisLevels, isoWeek, plantClock, tickLabel, ticks } from './plant-clock';

describe('plant clock', () => {
  const berlin = plantClock('Europe/Berlin');

  it('reads instants on the plant wall clock and back, across daylight saving', () => {
    const summer = Date.parse('2027-07-01T10:00:00Z');
    expect(new Date(berlin.toLocal(summer)).toISOString()).toBe('2027-07-01T12:00:00.000Z');
    expect(berlin.toUtc(Date.parse('2027-07-01T12:00:00Z'))).toBe(summer);
    const winter = Date.parse('2027-01-15T10:00:00Z');
    expect(berlin.toUtc(berlin.toLocal(winter))).toBe(winter);
  });

  it('ticks local midnights, one a day, also on the 23-hour day', () => {
    const from = Date.parse('2027-03-26T12:00:00Z');
    const to = Date.parse('2027-03-30T00:00:00Z');
    const days = ticks(berlin, from, to, 'day');
    expect(days.map((t) => new Date(t.utcMs).toISOString())).toEqual([
      '2027-03-25T23:00:00.000Z',
      '2027-03-26T23:00:00.000Z',
      '2027-03-27T23:00:00.000Z',
      '2027-03-28T22:00:00.000Z',
      '2027-03-29T22:00:00.000Z',
      '2027-03-30T22:00:00.000Z',
    ]);
    expect(tickLabel(days[1].localMs, 'day', 'minor')).toBe('Sa 27');
  });

  it('starts weeks on Monday and counts ISO weeks', () => {
    const [monday] = ticks(
      berlin,
      Date.parse('2027-01-06T12:00:00Z'),
      Date.parse('2027-01-07T00:00:00Z'),
      'week',
    );
    expect(new Date(monday.localMs).toISOString().slice(0, 10)).toBe('2027-01-04');
    expect(isoWeek(Date.parse('2027-01-04T00:00:00Z'))).toBe(1);
    expect(isoWeek(Date.parse('2026-12-31T00:00:00Z'))).toBe(53);
  });

  it('zooms from hours to months', () => {
    expect(axisLevels(30_000)).toEqual({ minor: 'hour', major: 'day' });
    expect(axisLevels(30 * 60_000).minor).toBe('day');
    expect(axisLevels(6 * 3_600_000)).toEqual({ minor: 'month', major: 'year' });
  });
});
