import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScheduleProblem, ScheduleResult } from '../schedule/types';
import { monteCarlo } from '../simulate/monte-carlo';
import { planOf, testPlant } from '../simulate/test-plant';
import { NO_UNCERTAINTY, type Uncertainty } from '../simulate/uncertainty';
import { type ConfidenceContext, createConfidenceContext } from './confidence-context';
import { createPromiseContext, type PromiseContext } from './promise-context';
import {
  type ConfidentPromise,
  insertPromise,
  promiseWithConfidence,
  promiseWithConfidenceByFullReplay,
  tagPromise,
} from './promise-with-confidence';
import type { PromiseRequest } from './types';

const contextOf = (problem: ScheduleProblem, plan: ScheduleResult = planOf(problem)): PromiseContext => {
  const context = createPromiseContext(problem, plan);
  if (!context.ok) throw new Error(context.error.message);
  return context.value;
};
const sampled = (context: PromiseContext, uncertainty?: Uncertainty, samples = 500): ConfidenceContext => {
  const result = createConfidenceContext(context, { uncertainty, samples, seed: 2 });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};
const unwrap = (result: ReturnType<typeof promiseWithConfidence>): ConfidentPromise => {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

const request = (machines: number[], requestedDate?: number): PromiseRequest => ({
  orderId: 'SO-NEW',
  requestedDate,
  jobs: [{ id: 'NEW' }],
  operations: machines.map((k, x) => ({
    id: `NEW.${x}`,
    jobId: 'NEW',
    family: 'A',
    modes: [{ machineId: `M${k}`, duration: 120 + 30 * x }],
  })),
  precedences: machines.slice(1).map((_, x) => ({ before: `NEW.${x}`, after: `NEW.${x + 1}`, lag: 30 })),
});

describe('promise with confidence', () => {
  const plant = testPlant({ seed: 22, orders: 40 });
  const context = contextOf(plant);
  const confidence = sampled(context);

  it('gives the promised date as P50 = P90 when nothing is uncertain', () => {
    const certain = sampled(context, NO_UNCERTAINTY, 5);
    const { promise, forecast } = unwrap(promiseWithConfidence(certain, request([0, 3, 1])));
    expect(forecast.orderId).toBe('SO-NEW');
    expect([forecast.planned, forecast.p50, forecast.p90]).toEqual([
      promise.delivery,
      promise.delivery,
      promise.delivery,
    ]);
  });

  it('puts P90 after P50 after the promised date, and measures the chance of the requested date', () => {
    const { promise, forecast } = unwrap(promiseWithConfidence(confidence, request([2, 3, 4])));
    expect(forecast.p50).toBeGreaterThanOrEqual(promise.delivery);
    expect(forecast.p90).toBeGreaterThan(forecast.p50);
    const atP90 = unwrap(promiseWithConfidence(confidence, request([2, 3, 4], forecast.p90)));
    expect(atP90.forecast.onTimeProbability).toBeGreaterThanOrEqual(0.9);
    const atPromise = unwrap(promiseWithConfidence(confidence, request([2, 3, 4], promise.delivery)));
    expect(atPromise.forecast.onTimeProbability).toBeLessThan(0.5);
  });

  it('replays only the new order and the planned work it pushes, and agrees with a full replay', () => {
    for (const machines of [[2, 3, 4], [0, 0, 1], [5, 1, 5, 2], [3]]) {
      const fast = unwrap(promiseWithConfidence(confidence, request(machines)));
      const full = unwrap(
        promiseWithConfidenceByFullReplay(context, request(machines), { samples: 2000, seed: 9 }),
      );
      expect(fast.replayed).toBeLessThan(full.replayed);
      const spread = full.forecast.p90 - full.forecast.planned;
      for (const q of ['p10', 'p50', 'p90'] as const)
        expect(Math.abs(fast.forecast[q] - full.forecast[q])).toBeLessThanOrEqual(60 + 0.15 * spread);
    }
  });

  it('is deterministic for a seed', () => {
    const a = promiseWithConfidence(confidence, request([1, 2]), { seed: 5 });
    expect(promiseWithConfidence(confidence, request([1, 2]), { seed: 5 })).toEqual(a);
    const again = sampled(context);
    expect(promiseWithConfidence(again, request([1, 2]), { seed: 5 })).toEqual(a);
  });

  it('never moves existing work: the plan with the promise in it replays no later than planned', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.nat(5), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 0, max: 8000 }),
        (seed, machines, release) => {
          const problem = testPlant({ seed, orders: 25, days: 120 });
          const plan = planOf(problem);
          const r = request(machines);
          r.jobs[0].releaseDate = release;
          r.operations.forEach((op, x) => {
            op.family = ['A', 'B', 'C'][(seed + x) % 3];
          });
          const certain = sampled(contextOf(problem, plan), NO_UNCERTAINTY, 1);
          const { promise, forecast } = unwrap(promiseWithConfidence(certain, r));
          // a promised operation may shorten its planned neighbour's setup (and so bring later work
          // forward), never lengthen it: everything completes no later than planned and promised
          expect(forecast.p50).toBeLessThanOrEqual(promise.delivery);
          const inserted = insertPromise(problem, plan, r, promise);
          const replay = monteCarlo(inserted.problem, inserted.plan, {
            uncertainty: NO_UNCERTAINTY,
            samples: 1,
          });
          if (!replay.ok) throw new Error(replay.error.message);
          const before = new Map(plan.jobs.map((j) => [j.jobId, j.completion]));
          for (const job of replay.value.jobs) {
            if (before.has(job.jobId)) expect(job.p50).toBeLessThanOrEqual(before.get(job.jobId)!);
            else expect(job.p50).toBe(forecast.p50);
          }
        },
      ),
      { numRuns: 30, seed: 31 },
    );
  });

  it('tags a promise: its own jobs and operations renamed everywhere, planned work untouched', () => {
    const r = request([2, 3]);
    const { promise } = unwrap(promiseWithConfidence(confidence, r));
    const tagged = tagPromise(r, promise, 'Q1');
    expect(tagged.request.operations.map((o) => [o.id, o.jobId])).toEqual([
      ['Q1/NEW.0', 'Q1/NEW'],
      ['Q1/NEW.1', 'Q1/NEW'],
    ]);
    expect(tagged.request.precedences).toEqual([{ before: 'Q1/NEW.0', after: 'Q1/NEW.1', lag: 30 }]);
    for (const [machine, ids] of Object.entries(tagged.promise.sequences)) {
      const before = promise.sequences[machine];
      expect(ids.map((id) => id.replace(/^Q1\//, ''))).toEqual(before);
      expect(ids.filter((id) => id.startsWith('Q1/')).length).toBe(
        before.filter((id) => id.startsWith('NEW.')).length,
      );
    }
    // inserted, the plan replays as one: the tagged work is scheduled where it was promised
    const inserted = insertPromise(context.problem, context.plan, tagged.request, tagged.promise);
    expect(createPromiseContext(inserted.problem, inserted.plan).ok).toBe(true);
  });
});
