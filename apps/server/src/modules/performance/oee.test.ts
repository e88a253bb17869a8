import { describe, expect, it } from 'vitest';
import { type Grouping, type MeasuredMachine, oeeByGroup, oeeOfJobs, ratioSpread, splitAt } from './oee';

const H = 3_600_000;
const M = 60_000;
const byMachine: Grouping = { keyAt: (m) => m.code, boundaries: [] };
const machine = (code: string, working: [number, number][]): MeasuredMachine => ({
  code,
  workCenterId: 'wc',
  working: working.map(([a, b]) => ({ start: a * H, end: b * H })),
});

describe('OEE', () => {
  it('is availability × performance × quality of a textbook shift', () => {
    // 8 h shift, 30 min planned break, 47 min breakdown, ideal cycle 1 min, 19,271 ... scaled down:
    const m = machine('CNC-1', [[0, 8]]);
    const stops = [
      { machineCode: 'CNC-1', start: 2 * H, end: 2 * H + 30 * M, planned: true, micro: false, jobId: null },
      { machineCode: 'CNC-1', start: 5 * H, end: 5 * H + 47 * M, planned: false, micro: false, jobId: null },
      { machineCode: 'CNC-1', start: 6 * H, end: 6 * H + 1 * M, planned: false, micro: true, jobId: null },
    ];
    // 300 parts at 1.2 ideal minutes each, 12 rejects
    const outputs = [
      { machineCode: 'CNC-1', at: 3 * H, total: 300, good: 288, idealMinutes: 360, jobId: 'j' },
    ];
    const { total } = oeeByGroup([m], stops, outputs, byMachine);
    expect(total.plannedMinutes).toBe(450);
    expect(total.downtimeMinutes).toBe(47);
    expect(total.runMinutes).toBe(403);
    expect(total.availability).toBeCloseTo(403 / 450, 10);
    expect(total.performance).toBeCloseTo(360 / 403, 10);
    expect(total.quality).toBeCloseTo(288 / 300, 10);
    expect(total.oee).toBeCloseTo((403 / 450) * (360 / 403) * (288 / 300), 10);
  });

  it('leaves a machine that reported nothing out of the total, and shows it without figures', () => {
    const measured = machine('CNC-1', [[0, 8]]);
    const silent = machine('DESK-1', [[0, 8]]);
    const outputs = [
      { machineCode: 'CNC-1', at: 3 * H, total: 400, good: 400, idealMinutes: 400, jobId: 'j' },
    ];
    const alone = oeeByGroup([measured], [], outputs, byMachine);
    const both = oeeByGroup([measured, silent], [], outputs, byMachine);
    expect(both.total).toEqual(alone.total);
    expect(both.total.performance).toBeCloseTo(400 / 480, 10);
    expect(both.rows.get('DESK-1')?.oee).toBeNull();
  });

  it('counts only the part of a stop that lies in working time, split across days', () => {
    const m = machine('A-1', [
      [20, 24],
      [24, 28],
    ]);
    const day: Grouping = { keyAt: (_m, at) => (at < 24 * H ? 'd1' : 'd2'), boundaries: [24 * H] };
    // a breakdown from 22:00 to 02:00 next day, and beyond working time until 30:00
    const stops = [
      { machineCode: 'A-1', start: 22 * H, end: 30 * H, planned: false, micro: false, jobId: null },
    ];
    const { rows, total } = oeeByGroup([m], stops, [], day);
    expect(rows.get('d1')).toMatchObject({ plannedMinutes: 240, downtimeMinutes: 120 });
    expect(rows.get('d2')).toMatchObject({ plannedMinutes: 240, downtimeMinutes: 240 });
    expect(total).toMatchObject({
      plannedMinutes: 480,
      downtimeMinutes: 360,
      performance: null,
      quality: null,
    });
  });

  it('has no figures where nothing was planned or made', () => {
    const { total } = oeeByGroup([machine('X-1', [])], [], [], byMachine);
    expect(total).toMatchObject({ availability: null, performance: null, quality: null, oee: null });
  });

  it('measures jobs over the time they held their machines', () => {
    const jobs = new Map([['j1', { bookedMinutes: 100 }]]);
    const stops = [{ machineCode: 'A-1', start: 0, end: 20 * M, planned: false, micro: false, jobId: 'j1' }];
    const outputs = [{ machineCode: 'A-1', at: 0, total: 10, good: 9, idealMinutes: 80, jobId: 'j1' }];
    const j1 = oeeOfJobs(jobs, stops, outputs).get('j1')!;
    expect(j1).toMatchObject({ plannedMinutes: 100, downtimeMinutes: 20, runMinutes: 80 });
    expect(j1.performance).toBeCloseTo(1);
    expect(j1.quality).toBeCloseTo(0.9);
  });

  it('splits intervals at boundaries and keeps them whole otherwise', () => {
    expect(splitAt([{ start: 0, end: 10 }], [5, 20])).toEqual([
      { start: 0, end: 5 },
      { start: 5, end: 10 },
    ]);
    expect(splitAt([{ start: 0, end: 10 }], [])).toEqual([{ start: 0, end: 10 }]);
  });

  it('takes the median and the lognormal sigma of duration ratios', () => {
    expect(ratioSpread([])).toEqual({ median: null, sigma: null });
    expect(ratioSpread([1.2])).toEqual({ median: 1.2, sigma: null });
    const spread = ratioSpread([Math.E, 1, 1 / Math.E]);
    expect(spread.median).toBe(1);
    expect(spread.sigma).toBeCloseTo(1, 10);
  });
});
