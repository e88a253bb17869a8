import { describe, expect, it } from 'vitest';
import { capacityLoad, loadBuckets, nonWorkingIntervals } from './capacity-load';

const berlinMidnight = (date: string, offsetHours: number) =>
  Date.parse(`${date}T00:00:00Z`) - offsetHours * 3_600_000;

describe('capacity load', () => {
  it('cuts a window into plant-local days, a daylight-saving day 23 hours long', () => {
    // 2027-03-28: clocks go forward in Berlin
    const from = berlinMidnight('2027-03-27', 1);
    const to = berlinMidnight('2027-03-30', 2);
    const days = loadBuckets(from, to, 'Europe/Berlin', 'day');
    expect(days.map((d) => d.date)).toEqual(['2027-03-27', '2027-03-28', '2027-03-29']);
    expect(days.map((d) => d.end - d.start)).toEqual([1440, 1380, 1440]);
  });

  it('starts weeks on Monday and clips them to the window', () => {
    const from = berlinMidnight('2027-03-03', 1); // a Wednesday
    const to = berlinMidnight('2027-03-10', 1);
    const weeks = loadBuckets(from, to, 'Europe/Berlin', 'week');
    expect(weeks.map((w) => w.date)).toEqual(['2027-03-01', '2027-03-08']);
    expect(weeks[0].start).toBe(0);
    expect(weeks[1].end).toBe(7 * 1440);
  });

  it('spreads an operation over the days it occupies, only in working time, and names the bottleneck', () => {
    const buckets = [
      { date: 'd1', start: 0, end: 1440 },
      { date: 'd2', start: 1440, end: 2880 },
    ];
    const shifts = [
      [360, 1320],
      [1800, 2760],
    ] as const;
    const { workCenters, bottleneckId } = capacityLoad(buckets, [
      // 20:00 on day 1 until 10:00 on day 2: 2 h + 4 h of working time
      { id: 'a', machines: 2, efficiency: 0.5, intervals: shifts, operations: [{ start: 1200, end: 2040 }] },
      { id: 'b', machines: 1, efficiency: 1, intervals: shifts, operations: [{ start: 360, end: 1320 }] },
      { id: 'c', machines: 1, efficiency: 1, intervals: shifts, operations: [] },
    ]);
    expect(workCenters[0].cells).toEqual([
      { availableMinutes: 960, loadMinutes: 60, utilisation: 6.3 },
      { availableMinutes: 960, loadMinutes: 120, utilisation: 12.5 },
    ]);
    expect(workCenters[1].cells[0].utilisation).toBe(100);
    expect(workCenters[1].total).toEqual({ availableMinutes: 1920, loadMinutes: 960, utilisation: 50 });
    expect(bottleneckId).toBe('b');
    expect(workCenters.map((w) => w.bottleneck)).toEqual([false, true, false]);
  });

  it('names no bottleneck in an empty plan', () => {
    const { bottleneckId } = capacityLoad(
      [{ date: 'd', start: 0, end: 1440 }],
      [{ id: 'a', machines: 1, efficiency: 1, intervals: [[0, 600]], operations: [] }],
    );
    expect(bottleneckId).toBeNull();
  });

  it('shades the gaps between working intervals', () => {
    expect(
      nonWorkingIntervals(
        [
          [60, 120],
          [200, 300],
        ],
        400,
      ),
    ).toEqual([
      [0, 60],
      [120, 200],
      [300, 400],
    ]);
    expect(nonWorkingIntervals([[0, 400]], 400)).toEqual([]);
    expect(nonWorkingIntervals([], 100)).toEqual([[0, 100]]);
  });
});
