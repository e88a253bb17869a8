import { describe, expect, it } from 'vitest';
import type { ScheduleProblem } from '../schedule/types';
import { monteCarlo } from './monte-carlo';
import { compileReplay } from './replay-model';
import { planOf, testPlant } from './test-plant';
import { NO_UNCERTAINTY } from './uncertainty';

const run = (
  problem: ScheduleProblem,
  plan = planOf(problem),
  options: Parameters<typeof monteCarlo>[2] = {},
) => {
  const result = monteCarlo(problem, plan, options);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

describe('monte carlo: replay of the plan', () => {
  it('reproduces the planned completions exactly when nothing is uncertain', () => {
    for (const seed of [1, 2, 3]) {
      const problem = testPlant({ seed, orders: 30 });
      const plan = planOf(problem);
      const result = run(problem, plan, { uncertainty: NO_UNCERTAINTY, samples: 3 });
      for (const job of result.jobs) {
        const planned = plan.jobs.find((j) => j.jobId === job.jobId)!.completion;
        expect(job.planned).toBe(planned);
        expect([job.p10, job.p50, job.p95]).toEqual([planned, planned, planned]);
      }
    }
  });

  it('reports quantiles in order, and later than the plan when durations only grow', () => {
    const problem = testPlant({ seed: 4, orders: 30 });
    const result = run(problem, undefined, {
      samples: 400,
      uncertainty: { durationSigma: 0.2, materials: {}, breakdowns: { mtbf: 2000, mttr: 60 } },
    });
    for (const f of [...result.jobs, ...result.orders]) {
      expect(f.p10).toBeLessThanOrEqual(f.p50);
      expect(f.p50).toBeLessThanOrEqual(f.p80);
      expect(f.p80).toBeLessThanOrEqual(f.p90);
      expect(f.p90).toBeLessThanOrEqual(f.p95);
      if (f.onTimeProbability !== undefined) {
        expect(f.onTimeProbability).toBeGreaterThanOrEqual(0);
        expect(f.onTimeProbability).toBeLessThanOrEqual(1);
      }
    }
    const later = result.orders.filter((o) => o.p90 > o.planned).length;
    expect(later).toBeGreaterThan(result.orders.length * 0.9);
  });

  it('completes an order when its last job completes', () => {
    const problem = testPlant({ seed: 5, orders: 20 });
    const result = run(problem, undefined, { uncertainty: NO_UNCERTAINTY, samples: 1 });
    for (const order of result.orders) {
      const jobs = result.jobs.filter((j) => j.orderId === order.orderId);
      expect(order.p50).toBe(Math.max(...jobs.map((j) => j.p50)));
      expect(order.dueDate).toBe(Math.max(...jobs.map((j) => j.dueDate!)));
    }
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const problem = testPlant({ seed: 6, orders: 20 });
    const plan = planOf(problem);
    const a = run(problem, plan, { samples: 200, seed: 9 });
    expect(run(problem, plan, { samples: 200, seed: 9 })).toEqual(a);
    expect(run(problem, plan, { samples: 200, seed: 10 }).orders).not.toEqual(a.orders);
  });

  it('delays an operation by late material, whole purchase order at once', () => {
    const problem: ScheduleProblem = {
      machines: [{ id: 'saw', workCenterId: 'SAW' }],
      jobs: [{ id: 'a', dueDate: 2000 }, { id: 'b' }],
      operations: [
        {
          id: 'a1',
          jobId: 'a',
          modes: [{ machineId: 'saw', duration: 60 }],
          materials: [{ itemId: 'steel', availableAt: 100 }],
        },
        {
          id: 'b1',
          jobId: 'b',
          modes: [{ machineId: 'saw', duration: 60 }],
          materials: [{ itemId: 'steel', availableAt: 100 }],
        },
      ],
      precedences: [],
    };
    const always = run(problem, undefined, {
      samples: 500,
      uncertainty: { ...NO_UNCERTAINTY, materialLateness: { probabilityLate: 1, meanDelayDays: 1 } },
    });
    const a = always.jobs.find((j) => j.jobId === 'a')!;
    // exponential delay of mean 1440: median ≈ 1440·ln 2 ≈ 998 after the planned 100
    expect(a.p50).toBeGreaterThan(100 + 60 + 850);
    expect(a.p50).toBeLessThan(100 + 60 + 1150);
    expect(a.onTimeProbability).toBeGreaterThan(0.6);
    const onHand = run(problem, undefined, {
      now: 100,
      samples: 50,
      uncertainty: { ...NO_UNCERTAINTY, materialLateness: { probabilityLate: 1, meanDelayDays: 1 } },
    });
    expect(onHand.jobs.find((j) => j.jobId === 'a')!.p95).toBe(a.planned);
  });

  it('lengthens operations by breakdowns with the expected downtime', () => {
    const problem: ScheduleProblem = {
      machines: [{ id: 'furnace', workCenterId: 'HEAT' }],
      jobs: [{ id: 'j' }],
      operations: [{ id: 'o', jobId: 'j', modes: [{ machineId: 'furnace', duration: 1000 }] }],
      precedences: [],
    };
    const result = run(problem, undefined, {
      samples: 4000,
      uncertainty: { ...NO_UNCERTAINTY, breakdowns: { mtbf: 500, mttr: 100 } },
    });
    // failures while running 1000 min at rate 1/500 (plus those during repairs' extension is not modelled): mean 2 × 100
    expect(result.jobs[0].mean).toBeGreaterThan(1170);
    expect(result.jobs[0].mean).toBeLessThan(1230);
  });

  it('keeps only what can delay the focus operations', () => {
    const problem = testPlant({ seed: 7, orders: 30 });
    const plan = planOf(problem);
    const focus = problem.operations.filter((o) => o.jobId === 'SO3-J0').map((o) => o.id);
    const model = compileReplay(problem, plan, {}, { focus });
    if (!model.ok) throw new Error(model.error.message);
    expect(model.value.n).toBeLessThan(problem.operations.length);
    const reported = model.value.jobIds.filter((_, j) => model.value.jobReported[j]);
    expect(reported).toContain('SO3-J0');
  });

  it('returns errors for bad parameters and a plan that does not match the problem', () => {
    const problem = testPlant({ seed: 8, orders: 5 });
    const plan = planOf(problem);
    const bad = monteCarlo(problem, plan, { uncertainty: { durationSigma: -1 } });
    expect(!bad.ok && bad.error.code).toBe('bad-uncertainty');
    const mismatch = monteCarlo({ ...problem, operations: problem.operations.slice(1) }, plan);
    expect(!mismatch.ok && mismatch.error.code).toBe('plan-mismatch');
    const samples = monteCarlo(problem, plan, { samples: 0 });
    expect(!samples.ok && samples.error.code).toBe('bad-samples');
  });
});
