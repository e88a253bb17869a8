import { runInWorker } from '@takt/engine/worker';
import { describe, expect, it } from 'vitest';
import { Random } from '../common/random';
import { planMrp } from '../mrp/plan-mrp';
import type { MrpInput } from '../mrp/types';
import { reschedule } from '../schedule/reschedule';
import { schedule } from '../schedule/schedule';
import type { ScheduleProblem } from '../schedule/types';

/** A job shop of `jobs` jobs with 4 operations each on 6 machines, some with an alternative. */
function jobShop(jobs: number, seed: number): ScheduleProblem {
  const random = new Random(seed);
  const problem: ScheduleProblem = {
    machines: Array.from({ length: 6 }, (_, k) => ({ id: `M${k}`, workCenterId: `WC${k}` })),
    jobs: Array.from({ length: jobs }, (_, j) => ({ id: `J${j}`, dueDate: 200 + random.int(2000) })),
    operations: [],
    precedences: [],
  };
  for (let j = 0; j < jobs; j++)
    for (let o = 0; o < 4; o++) {
      const modes = [{ machineId: `M${random.int(6)}`, duration: 10 + random.int(90) }];
      if (random.next() < 0.3) modes.push({ machineId: `M${random.int(6)}`, duration: 10 + random.int(90) });
      problem.operations.push({
        id: `J${j}.${o}`,
        jobId: `J${j}`,
        modes: modes.filter((m, x) => modes.findIndex((y) => y.machineId === m.machineId) === x),
      });
      if (o > 0) problem.precedences.push({ before: `J${j}.${o - 1}`, after: `J${j}.${o}` });
    }
  return problem;
}

describe('planning in a worker thread', () => {
  it('gives the same schedule in a worker as in process for the same seed', async () => {
    const problem = jobShop(30, 1);
    const options = { maxIterations: 400, seed: 5 };
    const improvements: number[] = [];
    const run = runInWorker(
      { kind: 'schedule', problem, options },
      { onImprovement: (e) => improvements.push(e.value) },
    );
    const inWorker = await run.result;
    const inProcess = schedule(problem, options);
    if (!inWorker.ok || !inProcess.ok) throw new Error('no schedule');
    expect(inWorker.value.operations).toEqual(inProcess.value.operations);
    expect(inWorker.value.sequences).toEqual(inProcess.value.sequences);
    expect(improvements).toEqual(inProcess.value.stats.improvements.map((e) => e.value));
  });

  it('reschedules from a previous plan in a worker as in process', async () => {
    const problem = jobShop(20, 2);
    const previous = schedule(problem, { maxIterations: 100, seed: 1 });
    if (!previous.ok) throw new Error(previous.error.message);
    const changed = { ...problem, operations: problem.operations.filter((o) => !o.id.startsWith('J3.')) };
    changed.precedences = problem.precedences.filter((p) => !p.before.startsWith('J3.'));
    changed.jobs = problem.jobs.filter((j) => j.id !== 'J3');
    const task = {
      kind: 'reschedule' as const,
      problem: changed,
      previous: previous.value,
      options: { maxIterations: 50 },
    };
    const inWorker = await runInWorker(task).result;
    if (!inWorker.ok) throw new Error(inWorker.error.message);
    expect(inWorker.value.rescheduled).toMatchObject({ dropped: 4, constructedAnew: false });
    const inProcess = reschedule(changed, previous.value, { maxIterations: 50 });
    expect(inProcess.ok && inProcess.value.operations).toEqual(inWorker.value.operations);
  });

  it('plans MRP in a worker with the same plan as in process', async () => {
    const input: MrpInput = {
      now: 0,
      workingDays: Array.from({ length: 100 }, (_, d) => d * 1440),
      items: [
        { id: 'pump', kind: 'make', strategy: 'MTO', leadTimeDays: 3 },
        { id: 'housing', kind: 'buy', strategy: 'MTS', leadTimeDays: 10 },
      ],
      bom: [{ parentId: 'pump', childId: 'housing', quantityPer: 1 }],
      demands: [{ id: 'SO-1/1', kind: 'order', itemId: 'pump', quantity: 4, due: 30 * 1440 }],
    };
    expect(await runInWorker({ kind: 'mrp', input }).result).toEqual(planMrp(input));
  });

  it('stops the search on request and returns the best plan so far', async () => {
    const run = runInWorker({
      kind: 'schedule',
      problem: jobShop(60, 3),
      options: { timeLimitMs: 60_000, seed: 1 },
    });
    const started = performance.now();
    setTimeout(() => run.stop(), 300);
    const result = await run.result;
    expect(result.ok).toBe(true);
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('cancels a run by terminating the thread', async () => {
    let first: () => void = () => {};
    const improved = new Promise<void>((resolve) => {
      first = resolve;
    });
    const run = runInWorker(
      { kind: 'schedule', problem: jobShop(60, 4), options: { timeLimitMs: 60_000, seed: 1 } },
      { onImprovement: () => first() },
    );
    await improved;
    const started = performance.now();
    await run.cancel();
    const result = await run.result;
    expect(!result.ok && result.error.code).toBe('cancelled');
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
