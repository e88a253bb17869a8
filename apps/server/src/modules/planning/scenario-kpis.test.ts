import type { ScheduleProblem, ScheduleResult } from '@takt/engine';
import { describe, expect, it } from 'vitest';
import { planKpis } from './scenario-kpis';

/** Two machines of work center A (8-hour days), one of B (always open); three lines. */
const problem: ScheduleProblem = {
  machines: [
    { id: 'A#0', workCenterId: 'A', calendarId: 'day' },
    { id: 'A#1', workCenterId: 'A', calendarId: 'day' },
    { id: 'B#0', workCenterId: 'B' },
  ],
  calendars: [
    {
      id: 'day',
      intervals: [
        [480, 960],
        [1920, 2400],
      ],
    },
  ],
  jobs: [],
  operations: [],
  precedences: [],
};
const op = (id: string, machineId: string, setupStart: number, start: number, end: number) => ({
  operationId: id,
  jobId: id,
  machineId,
  setupStart,
  start,
  end,
  setupMinutes: start - setupStart,
});
const result: ScheduleResult = {
  operations: [op('1', 'A#0', 480, 510, 960), op('2', 'A#1', 900, 900, 1980), op('3', 'B#0', 0, 60, 600)],
  jobs: [],
  objective: { weightedTardiness: 0, totalSetup: 0, flowTime: 0, makespan: 0 },
  sequences: {},
  stats: { timeToFirstFeasibleMs: 0, elapsedMs: 0, iterations: 0, improvements: [] },
};
const base = {
  problem,
  result,
  workCenters: [
    { id: 'A', code: 'A', name: 'Lathes' },
    { id: 'B', code: 'B', name: 'Oven' },
  ],
  window: { from: 0, to: 2880 },
  originMs: Date.parse('2026-03-02T00:00:00Z'),
  localDate: (t: number) => String(Math.floor(t / 1440)),
};

describe('plan KPIs', () => {
  it('counts lines on time by planned completion and at P90, and sums the lateness', () => {
    const k = planKpis({
      ...base,
      lines: [
        { key: 'on-time', due: 2000 },
        { key: 'late', due: 1000 },
        { key: 'no-date', due: null },
        { key: 'not-planned', due: 10 },
      ],
      forecast: new Map([
        ['on-time', { planned: 1500, p90: 2100 }],
        ['late', { planned: 1300, p90: 1400 }],
        ['no-date', { planned: 9000, p90: 9900 }],
      ]),
    });
    expect(k.lines).toBe(3);
    expect(k.onTimePercent).toBe(66.7);
    expect(k.p90OnTimePercent).toBe(33.3);
    expect(k.lateLines).toBe(1);
    expect(k.totalLatenessMinutes).toBe(300);
    expect(k.meanLatenessMinutes).toBe(100);
    expect(k.promiseChanges).toBe(0);
  });

  it('counts setups and their minutes', () => {
    const k = planKpis({ ...base, lines: [], forecast: new Map() });
    expect(k.setups).toBe(2);
    expect(k.setupMinutes).toBe(90);
    expect(k.onTimePercent).toBe(100);
  });

  it('measures utilisation in working minutes of the machines of each work center', () => {
    const k = planKpis({ ...base, lines: [], forecast: new Map() });
    const a = k.utilization.find((u) => u.workCenterId === 'A')!;
    // two machines × two 480-minute shifts; busy: 480 on A#0, 60 + 60 on A#1 (the night is not working time)
    expect(a.availableMinutes).toBe(1920);
    expect(a.busyMinutes).toBe(600);
    expect(a.percent).toBe(31.3);
    const b = k.utilization.find((u) => u.workCenterId === 'B')!;
    expect(b).toMatchObject({ availableMinutes: 2880, busyMinutes: 600, percent: 20.8 });
  });

  it('counts a promise change when a line’s P90 falls on another date than in the reference', () => {
    const k = planKpis({
      ...base,
      lines: [
        { key: 'x', due: 5000 },
        { key: 'y', due: 5000 },
      ],
      forecast: new Map([
        ['x', { planned: 100, p90: 1500 }],
        ['y', { planned: 100, p90: 200 }],
      ]),
      reference: new Map([
        ['x', { planned: 100, p90: 1000 }],
        ['y', { planned: 100, p90: 300 }],
      ]),
    });
    expect(k.promiseChanges).toBe(1);
  });
});
