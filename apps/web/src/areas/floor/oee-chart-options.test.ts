import { describe, expect, it } from 'vitest';
import {
  availabilityGapChart,
  escapeHtml,
  factorChart,
  type OeeRow,
  orderByGap,
  orderRows,
  PARETO_BARS,
  paretoChart,
  stopMeasure,
  stopParetoEntries,
} from './oee-chart-options';
import { oeeLevel } from './oee-levels';

const row = (key: string, oee: number | null): OeeRow => ({
  key,
  label: key.toUpperCase(),
  plannedMinutes: 480,
  downtimeMinutes: 0,
  runMinutes: 480,
  idealMinutes: 400,
  totalCount: 10,
  goodCount: 9,
  availability: oee,
  performance: oee,
  quality: oee,
  oee,
});

const reliability = (code: string, planned: number, measured: number | null) => ({
  workCenterId: '00000000-0000-4000-8000-000000000000',
  workCenterCode: code,
  workCenterName: code,
  machines: 1,
  plannedAvailability: planned,
  measuredAvailability: measured,
  failures: 1,
  mtbfMinutes: 100,
  mttrMinutes: 10,
  microStops: 0,
});

describe('OEE dashboard charts', () => {
  it('puts the worst machine first and the unmeasured last', () => {
    const rows = [row('b', 0.8), row('a', null), row('c', 0.4)];
    expect(orderRows(rows, 'machine').map((r) => r.key)).toEqual(['c', 'b', 'a']);
  });

  it('keeps days and shifts in time order', () => {
    const rows = [row('2027-02-03', 0.9), row('2027-02-01', 0.2), row('2027-02-02', 0.5)];
    expect(orderRows(rows, 'day').map((r) => r.key)).toEqual(['2027-02-01', '2027-02-02', '2027-02-03']);
  });

  it('draws one point per group and grows with the number of groups', () => {
    const few = factorChart([row('a', 0.5)], 'work-center');
    const many = factorChart(
      Array.from({ length: 20 }, (_, i) => row(`m${i}`, i / 20)),
      'machine',
    );
    expect(few.points).toBe(1);
    expect(many.points).toBe(20);
    expect(many.height).toBeGreaterThan(few.height);
  });

  it('sorts a Pareto descending, ends its cumulative line at 100 % and folds the tail into one bar', () => {
    const entries = Array.from({ length: 12 }, (_, i) => ({ name: `r${i}`, value: i + 1 }));
    const chart = paretoChart(entries, stopMeasure);
    expect(chart.points).toBe(PARETO_BARS);
    const series = chart.option.series as { data: (number | { value: number })[] }[];
    const bars = series[0].data.map((d) => (typeof d === 'number' ? d : d.value));
    expect(bars.slice(0, 3)).toEqual([12, 11, 10]);
    expect(bars.reduce((a, b) => a + b, 0)).toBe(78);
    expect(series[1].data.at(-1)).toBe(100);
  });

  it('leaves planned stops out of the stop Pareto', () => {
    const entries = stopParetoEntries([
      { reasonCode: 'BREAK', reasonName: 'Break', planned: true, stops: 2, minutes: 60 },
      { reasonCode: null, reasonName: 'No reason given', planned: false, stops: 1, minutes: 5 },
    ]);
    expect(entries.map((e) => e.name)).toEqual(['No reason given']);
  });

  it('lists the work center that falls shortest of its planned availability first', () => {
    const ordered = orderByGap([
      reliability('A', 0.95, 0.94),
      reliability('B', 0.95, null),
      reliability('C', 0.95, 0.7),
    ]);
    expect(ordered.map((r) => r.workCenterCode)).toEqual(['C', 'A', 'B']);
    expect(availabilityGapChart(ordered).points).toBe(3);
  });

  it('colours OEE by the world-class thresholds', () => {
    expect([0.85, 0.6, 0.59, null].map((r) => oeeLevel('oee', r))).toEqual(['good', 'fair', 'poor', 'none']);
  });

  it('escapes names before they go into a tooltip', () => {
    expect(escapeHtml('<b>"x" & y</b>')).toBe('&lt;b&gt;&quot;x&quot; &amp; y&lt;/b&gt;');
  });
});
