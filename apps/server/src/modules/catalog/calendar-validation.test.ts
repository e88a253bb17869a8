import { describe, expect, it } from 'vitest';
import { calendarIssues } from './calendar-validation';

const shift = (weekday: number, start: string, end: string) => ({ weekday, start, end });

describe('calendar rules', () => {
  it('accept back-to-back shifts and a night shift that ends where the morning shift begins', () => {
    expect(
      calendarIssues({
        timeZone: 'Europe/Berlin',
        shifts: [
          shift(1, '06:00', '14:00'),
          shift(1, '14:00', '22:00'),
          shift(1, '22:00', '06:00'),
          shift(2, '06:00', '14:00'),
        ],
      }),
    ).toEqual([]);
  });

  it('reject an unknown time zone', () => {
    expect(calendarIssues({ timeZone: 'Europe/Atlantis' })).toMatchObject([
      { field: 'timeZone', rule: 'time-zone' },
    ]);
  });

  it('reject overlapping shifts of one day, naming the later shift', () => {
    expect(
      calendarIssues({ shifts: [shift(3, '06:00', '14:00'), shift(3, '13:30', '22:00')] }),
    ).toMatchObject([
      { field: 'shifts.1', rule: 'no-overlap', message: expect.stringContaining('Wed 13:30–22:00') },
    ]);
  });

  it('count a shift crossing midnight into the next day, and Sunday night into Monday', () => {
    expect(
      calendarIssues({ shifts: [shift(1, '22:00', '06:00'), shift(2, '05:00', '13:00')] }),
    ).toMatchObject([{ field: 'shifts.1', rule: 'no-overlap' }]);
    expect(
      calendarIssues({ shifts: [shift(7, '22:00', '06:00'), shift(1, '05:00', '13:00')] }),
    ).toMatchObject([{ field: 'shifts.1', rule: 'no-overlap' }]);
  });

  it('reject a shift that starts and ends at the same time', () => {
    expect(calendarIssues({ shifts: [shift(1, '06:00', '06:00')] })).toMatchObject([
      { field: 'shifts.0.end', rule: 'after-start' },
    ]);
  });

  it('allow one entry per holiday or exception date', () => {
    expect(
      calendarIssues({
        holidays: [{ date: '2026-12-25' }, { date: '2026-12-25' }],
        exceptions: [
          { date: '2026-12-24', closed: true, shifts: [] },
          { date: '2026-12-24', closed: true, shifts: [] },
        ],
      }),
    ).toMatchObject([
      { field: 'holidays.1.date', rule: 'unique' },
      { field: 'exceptions.1.date', rule: 'unique' },
    ]);
  });

  it('make an exception either closed or a day with non-overlapping replacement shifts', () => {
    expect(
      calendarIssues({
        exceptions: [
          { date: '2026-12-24', closed: true, shifts: [{ start: '06:00', end: '10:00' }] },
          { date: '2026-12-31', closed: false, shifts: [] },
          {
            date: '2026-12-30',
            closed: false,
            shifts: [
              { start: '06:00', end: '12:00' },
              { start: '11:00', end: '14:00' },
            ],
          },
        ],
      }),
    ).toMatchObject([
      { field: 'exceptions.0.shifts', rule: 'closed-without-shifts' },
      { field: 'exceptions.1.shifts', rule: 'required' },
      { field: 'exceptions.2.shifts.1', rule: 'no-overlap' },
    ]);
  });
});
