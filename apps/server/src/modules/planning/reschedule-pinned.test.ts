import type { ScheduleProblem, ScheduleResult } from '@takt/engine';
import { describe, expect, it } from 'vitest';
import { reschedulePinned } from './reschedule-pinned';

/** One machine; the job's first operation ran long, into its second, pinned at minute 50. */
const problem = (firstDuration: number): ScheduleProblem => ({
  machines: [{ id: 'm', workCenterId: 'w' }],
  jobs: [{ id: 'j' }, { id: 'k' }],
  operations: [
    { id: 'a', jobId: 'j', modes: [{ machineId: 'm', duration: firstDuration }] },
    { id: 'b', jobId: 'j', modes: [{ machineId: 'm', duration: 10 }], firm: { machineId: 'm', start: 50 } },
    { id: 'c', jobId: 'k', modes: [{ machineId: 'm', duration: 20 }], firm: { machineId: 'm', start: 200 } },
  ],
  precedences: [{ before: 'a', after: 'b' }],
});
const previous: ScheduleResult = {
  operations: [
    { operationId: 'a', jobId: 'j', machineId: 'm', setupStart: 0, start: 0, end: 40, setupMinutes: 0 },
    { operationId: 'b', jobId: 'j', machineId: 'm', setupStart: 50, start: 50, end: 60, setupMinutes: 0 },
    { operationId: 'c', jobId: 'k', machineId: 'm', setupStart: 200, start: 200, end: 220, setupMinutes: 0 },
  ],
  jobs: [],
  objective: { weightedTardiness: 0, totalSetup: 0, flowTime: 0, makespan: 0 },
  sequences: { m: ['a', 'b', 'c'] },
  stats: { timeToFirstFeasibleMs: 0, elapsedMs: 0, iterations: 0, improvements: [] },
};
const options = { maxIterations: 0, seed: 1 };

describe('re-scheduling with pins that cannot all hold', () => {
  it('keeps every pin when they hold', () => {
    const planned = reschedulePinned(problem(40), previous, options);
    expect(planned.ok && planned.value.released).toEqual([]);
    const b = planned.ok ? planned.value.result.operations.find((o) => o.operationId === 'b') : undefined;
    expect(b?.setupStart).toBe(50);
  });

  it('lets go the pin its own machine’s earlier work runs into, and keeps the others', () => {
    const planned = reschedulePinned(problem(100), previous, options);
    expect(planned.ok, JSON.stringify(planned)).toBe(true);
    if (!planned.ok) return;
    expect(planned.value.released).toEqual(['b']);
    const at = new Map(planned.value.result.operations.map((o) => [o.operationId, o]));
    expect(at.get('b')!.setupStart).toBeGreaterThanOrEqual(at.get('a')!.end);
    expect(at.get('c')!.setupStart).toBe(200);
  });

  it('never lets go what it is told to keep', () => {
    const planned = reschedulePinned(problem(100), previous, options, new Set(['b']));
    expect(planned.ok).toBe(false);
  });
});
