/**
 * Calibration: in a simulated plant whose realized durations, breakdowns and deliveries are
 * drawn from the same distributions the model assumes, P90 promises come true for 85–95 % of
 * orders and P50 for 40–60 %. The "reality" here is a separate, deliberately plain
 * implementation of the shop floor (no shared replay code) driven by a separate seed stream, so
 * a mistake in the Monte Carlo's sampling or its quantiles shows up as a miss.
 */
import { describe, expect, it } from 'vitest';
import { placeOnCalendar } from '../calendar/working-time';
import { Random } from '../common/random';
import type { ScheduleProblem, ScheduleResult } from '../schedule/types';
import { monteCarlo, type OrderForecast } from './monte-carlo';
import { planOf, testPlant } from './test-plant';
import { DEFAULT_UNCERTAINTY, type Uncertainty } from './uncertainty';

const REALITIES = 400;

/** One realized shop floor: the plan's sequences run with durations, failures and deliveries as they happen. */
function realize(problem: ScheduleProblem, plan: ScheduleResult, random: Random): Map<string, number> {
  const u = DEFAULT_UNCERTAINTY;
  const op = new Map(problem.operations.map((o) => [o.id, o]));
  const job = new Map(problem.jobs.map((j) => [j.id, j]));
  const calendar = problem.calendars![0].intervals;
  const arrival = new Map<string, number>();
  const arrive = (itemId: string, at: number) => {
    const key = `${itemId}@${at}`;
    if (!arrival.has(key))
      arrival.set(
        key,
        random.next() < u.materialLateness.probabilityLate
          ? at + random.exponential(u.materialLateness.meanDelayDays * 1440)
          : at,
      );
    return arrival.get(key)!;
  };
  const previous = new Map<string, string>();
  for (const sequence of Object.values(plan.sequences))
    sequence.forEach((id, x) => {
      if (x > 0) previous.set(id, sequence[x - 1]);
    });
  const preds = new Map<string, { before: string; lag: number }[]>();
  for (const p of problem.precedences)
    preds.set(p.after, [...(preds.get(p.after) ?? []), { before: p.before, lag: p.lag ?? 0 }]);
  const end = new Map<string, number>();
  let pending = plan.operations;
  while (pending.length) {
    const blocked = [];
    for (const planned of pending) {
      const before = [
        ...(preds.get(planned.operationId) ?? []).map((p) => p.before),
        previous.get(planned.operationId),
      ];
      if (before.some((b) => b !== undefined && !end.has(b))) {
        blocked.push(planned);
        continue;
      }
      const o = op.get(planned.operationId)!;
      const mode = o.modes.find((m) => m.machineId === planned.machineId)!;
      let ready = job.get(o.jobId)!.releaseDate ?? 0;
      for (const p of preds.get(o.id) ?? []) ready = Math.max(ready, end.get(p.before)! + p.lag);
      const prev = previous.get(o.id);
      if (prev) ready = Math.max(ready, end.get(prev)!);
      for (const m of o.materials ?? []) ready = Math.max(ready, arrive(m.itemId, m.availableAt));
      let work = mode.duration * Math.exp(u.durationSigma * random.normal());
      if (planned.setupMinutes > 0) work += planned.setupMinutes * Math.exp(u.setupSigma * random.normal());
      let failureAt = random.exponential(u.breakdowns.mtbf);
      let repairs = 0;
      while (failureAt < work) {
        repairs += random.exponential(u.breakdowns.mttr);
        failureAt += random.exponential(u.breakdowns.mtbf);
      }
      end.set(o.id, placeOnCalendar(calendar, ready, work + repairs)!.end);
    }
    expect(blocked.length).toBeLessThan(pending.length);
    pending = blocked;
  }
  const completion = new Map<string, number>();
  for (const o of problem.operations) {
    const orderId = job.get(o.jobId)!.orderId!;
    completion.set(orderId, Math.max(completion.get(orderId) ?? 0, end.get(o.id)!));
  }
  return completion;
}

/** Share of (order, reality) pairs whose realized completion is at or before the forecast's P50 and P90. */
function hitRates(forecasts: OrderForecast[], realities: Map<string, number>[]) {
  let p50 = 0;
  let p90 = 0;
  for (const reality of realities)
    for (const f of forecasts) {
      const realized = reality.get(f.orderId)!;
      if (realized <= f.p50) p50++;
      if (realized <= f.p90) p90++;
    }
  const pairs = forecasts.length * realities.length;
  return { p50: p50 / pairs, p90: p90 / pairs };
}

describe('calibration of the Monte Carlo against a simulated plant', () => {
  const problem = testPlant({ seed: 2024, orders: 50 });
  const plan = planOf(problem);
  const random = new Random(777_001); // reality's own stream
  const realities = Array.from({ length: REALITIES }, () => realize(problem, plan, random));
  const forecast = (uncertainty: Uncertainty) => {
    const result = monteCarlo(problem, plan, { uncertainty, samples: 2000, seed: 1 });
    if (!result.ok) throw new Error(result.error.message);
    return result.value.orders;
  };

  it('meets P90 promises for 85–95 % and P50 for 40–60 % of orders when the model is right', () => {
    const rates = hitRates(forecast(DEFAULT_UNCERTAINTY), realities);
    expect(rates.p90).toBeGreaterThanOrEqual(0.85);
    expect(rates.p90).toBeLessThanOrEqual(0.95);
    expect(rates.p50).toBeGreaterThanOrEqual(0.4);
    expect(rates.p50).toBeLessThanOrEqual(0.6);
  });

  it('misses the window when the model understates the dispersion (sigma halved)', () => {
    const rates = hitRates(
      forecast({
        ...DEFAULT_UNCERTAINTY,
        durationSigma: DEFAULT_UNCERTAINTY.durationSigma / 2,
        setupSigma: DEFAULT_UNCERTAINTY.setupSigma / 2,
      }),
      realities,
    );
    // the tail still holds (breakdowns, late material and nights dominate it), the middle does not
    expect(rates.p50).toBeLessThan(0.4);
  });

  it('misses the P90 window when breakdowns and late material are left out', () => {
    const rates = hitRates(
      forecast({
        ...DEFAULT_UNCERTAINTY,
        breakdowns: null,
        materialLateness: { probabilityLate: 0, meanDelayDays: 0 },
      }),
      realities,
    );
    expect(rates.p90).toBeLessThan(0.85);
  });

  it('meets the plan’s own deterministic date for few orders: why a date needs its confidence', () => {
    const rates = hitRates(
      forecast({
        durationSigma: 0,
        setupSigma: 0,
        breakdowns: null,
        materialLateness: { probabilityLate: 0, meanDelayDays: 0 },
      }),
      realities,
    );
    expect(rates.p90).toBeLessThan(0.3);
  });
});
