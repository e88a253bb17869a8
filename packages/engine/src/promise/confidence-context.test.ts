import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScheduleProblem, ScheduleResult } from '../schedule/types';
import { placeSampled } from '../simulate/replay';
import { planOf, testPlant } from '../simulate/test-plant';
import {
  type ConfidenceContext,
  createConfidenceContext,
  sampleAt,
  updateConfidenceContext,
} from './confidence-context';
import { createPromiseContext, type PromiseContext } from './promise-context';
import { insertPromise, promiseWithConfidence } from './promise-with-confidence';
import type { PromiseRequest } from './types';

const contextOf = (problem: ScheduleProblem, plan: ScheduleResult = planOf(problem)): PromiseContext => {
  const context = createPromiseContext(problem, plan);
  if (!context.ok) throw new Error(context.error.message);
  return context.value;
};
const sampled = (context: PromiseContext, samples: number, seed = 2): ConfidenceContext => {
  const result = createConfidenceContext(context, { samples, seed });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};
const updated = (previous: ConfidenceContext, context: PromiseContext, now?: number) => {
  const result = updateConfidenceContext(previous, context, { now });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

const request = (orderId: string, machines: number[]): PromiseRequest => ({
  orderId,
  jobs: [{ id: orderId }],
  operations: machines.map((k, x) => ({
    id: `${orderId}.${x}`,
    jobId: orderId,
    family: ['A', 'B', 'C'][x % 3],
    modes: [{ machineId: `M${k}`, duration: 120 + 30 * x }],
  })),
  precedences: machines.slice(1).map((_, x) => ({ before: `${orderId}.${x}`, after: `${orderId}.${x + 1}` })),
});

/** The plan with a promised order committed into it, as confirming the order does. */
function withOrder(context: PromiseContext, confidence: ConfidenceContext, r: PromiseRequest) {
  const promised = promiseWithConfidence(confidence, r);
  if (!promised.ok) throw new Error(promised.error.message);
  const inserted = insertPromise(context.problem, context.plan, r, promised.value.promise);
  return contextOf(inserted.problem, inserted.plan);
}

/**
 * Reference: the plain replay of the context's plan with the context's own draws (occupations
 * and arrivals). An updated context must be exactly that, sample for sample.
 */
function replayedWithItsDraws(c: ConfidenceContext, s: number): Float64Array {
  const m = c.model;
  const D = m.deliveryItem.length;
  const end = new Float64Array(m.n);
  for (let x = 0; x < m.n; x++) {
    let ready = m.release[x];
    if (m.firmStart[x] > ready) ready = m.firmStart[x];
    for (let e = m.predStart[x]; e < m.predStart[x + 1]; e++)
      ready = Math.max(ready, end[m.predOp[e]] + m.predLag[e]);
    if (m.machinePrev[x] >= 0) ready = Math.max(ready, end[m.machinePrev[x]]);
    for (let e = m.deliveryStart[x]; e < m.deliveryStart[x + 1]; e++)
      ready = Math.max(ready, c.arrivals[s * D + m.deliveryOf[e]]);
    const placed = placeSampled(m.calendar[x], ready, c.occupations[sampleAt(c, x, s)], m.fit[x] === 1);
    end[x] = Math.abs(placed);
  }
  return end;
}

/** Sampled completions of a job (its last operation's end), sorted. */
function completions(c: ConfidenceContext, jobId: string): Float64Array {
  const j = c.model.jobIds.indexOf(jobId);
  const out = new Float64Array(c.samples);
  for (let x = 0; x < c.model.n; x++)
    if (c.model.opJob[x] === j)
      for (let s = 0; s < c.samples; s++) out[s] = Math.max(out[s], c.ends[sampleAt(c, x, s)]);
  return out.sort();
}

function ksDistance(a: Float64Array, b: Float64Array): number {
  let i = 0;
  let k = 0;
  let worst = 0;
  while (i < a.length && k < b.length) {
    const t = Math.min(a[i], b[k]);
    while (i < a.length && a[i] <= t) i++;
    while (k < b.length && b[k] <= t) k++;
    worst = Math.max(worst, Math.abs(i / a.length - k / b.length));
  }
  return worst;
}

function expectConsistentReplay(c: ConfidenceContext) {
  for (let s = 0; s < c.samples; s++) {
    const reference = replayedWithItsDraws(c, s);
    for (let x = 0; x < c.model.n; x++)
      if (Math.abs(reference[x] - c.ends[sampleAt(c, x, s)]) > 0.5)
        expect.fail(
          `sample ${s}, ${c.model.opIds[x]}: ${c.ends[sampleAt(c, x, s)]} ≠ replay ${reference[x]}`,
        );
  }
}

describe('updating a confidence context when the plan changes', () => {
  const plant = testPlant({ seed: 22, orders: 40 });
  const before = contextOf(plant);
  const confidence = sampled(before, 300);

  it('carries everything over when nothing changed', () => {
    const { context, stats } = updated(confidence, before);
    expect(stats).toEqual({ redrawn: 0, replayed: 0, total: 300 * confidence.model.n });
    expect(context.ends).toEqual(confidence.ends);
    expect(context.generation).toBe(1);
  });

  it('after an order is confirmed, is the replay of the new plan with its draws, replaying only what the order touches', () => {
    const after = withOrder(before, confidence, request('SO-NEW', [2, 3, 4]));
    const { context, stats } = updated(confidence, after);
    expect(context.model.n).toBe(confidence.model.n + 3);
    expect(stats.redrawn).toBeGreaterThanOrEqual(3);
    expect(stats.replayed).toBeGreaterThan(0);
    expect(stats.replayed).toBeLessThan(stats.total);
    expectConsistentReplay(context);
    // planned work the new order cannot reach keeps its sampled ends exactly
    const firstNew = Math.min(...['SO-NEW.0', 'SO-NEW.1', 'SO-NEW.2'].map((id) => context.position.get(id)!));
    for (let x = 0; x < firstNew; x++) {
      const o = confidence.position.get(context.model.opIds[x])!;
      for (const s of [0, 150, 299])
        expect(context.ends[sampleAt(context, x, s)]).toBe(confidence.ends[sampleAt(confidence, o, s)]);
    }
  });

  it('promises the next order as sampling the new plan from scratch does', () => {
    // three orders confirmed one after another, the context carried over each time
    let plan = before;
    let carried = sampled(before, 1500, 3);
    for (const [k, machines] of [
      [1, [0, 1]],
      [2, [3, 3, 5]],
      [3, [4, 2]],
    ] as const) {
      const next = withOrder(plan, carried, request(`SO-${k}`, [...machines]));
      carried = updated(carried, next).context;
      plan = next;
    }
    expect(carried.generation).toBe(3);
    expectConsistentReplay(carried);
    // every job's sampled completion has the distribution a fresh sampling gives it
    // (Kolmogorov–Smirnov distance; 0.07 is beyond the 1 % critical value of 0.06 at 1,500 + 1,500)
    const fresh = sampled(plan, 1500, 7);
    let worst = 0;
    for (const jobId of carried.model.jobIds)
      worst = Math.max(worst, ksDistance(completions(carried, jobId), completions(fresh, jobId)));
    expect(worst).toBeLessThan(0.07);
    // and the next promise is the same
    const next = request('SO-NEXT', [1, 4, 0]);
    const a = promiseWithConfidence(carried, next);
    const b = promiseWithConfidence(fresh, next);
    if (!a.ok || !b.ok) throw new Error('promise failed');
    expect(a.value.promise.delivery).toBe(b.value.promise.delivery);
    expect(Math.abs(a.value.forecast.p50 - b.value.forecast.p50)).toBeLessThanOrEqual(30);
  });

  it('stays the replay of the plan with its draws over random plants, orders and time passing', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.array(fc.nat(5), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 3000 }),
        (seed, machines, later) => {
          const problem = testPlant({ seed, orders: 15, days: 120 });
          const first = contextOf(problem);
          const start = sampled(first, 20, seed);
          const second = withOrder(first, start, request('SO-R', machines));
          const { context } = updated(start, second, later);
          expectConsistentReplay(context);
          expect(context.now).toBe(later);
        },
      ),
      { numRuns: 25, seed: 5 },
    );
  });
});
