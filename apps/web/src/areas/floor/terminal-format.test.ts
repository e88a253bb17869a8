import { describe, expect, it } from 'vitest';
import { shortTime } from './terminal-format';

describe('shortTime', () => {
  const now = new Date('2026-12-01T11:00:00Z'); // a Tuesday, 12:00 in Berlin

  it('names the weekday for a time in the days around now', () => {
    expect(shortTime('2026-12-01T13:30:00Z', 'Europe/Berlin', now)).toBe('Tue 14:30');
    expect(shortTime('2026-11-29T12:00:00Z', 'Europe/Berlin', now)).toBe('Sun 13:00');
    expect(shortTime('2026-12-05T10:00:00Z', 'Europe/Berlin', now)).toBe('Sat 11:00');
  });

  it('gives the date for a time further away, so two weeks out does not read as this week', () => {
    expect(shortTime('2026-12-15T11:57:00Z', 'Europe/Berlin', now)).toBe('15 Dec, 12:57');
    expect(shortTime('2026-11-28T09:00:00Z', 'Europe/Berlin', now)).toBe('28 Nov, 10:00');
  });

  it('shows a dash without a time', () => {
    expect(shortTime(null, 'Europe/Berlin', now)).toBe('—');
  });
});
