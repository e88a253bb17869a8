/**
 * Monte Carlo confidence for a plan: replay its machine sequences many times with sampled
 * durations, breakdowns and material arrivals (replay.ts) and report, per job and per sales
 * order, completion quantiles (P10 … P95), the mean, and the probability of meeting the due date,
 * next to the planned (deterministic) completion. An order completes when all its jobs complete.
 *
 * Deterministic for a seed: one seeded stream, consumed in a fixed order.
 * Cost: compile O(n + arcs) once; each sample O(n + arcs) (see replay.ts); then one sort per
 * job and order, O(samples · log samples).
 */
import { Random } from '../common/random';
import { fail, ok, type Result } from '../common/result';
import type { Minutes } from '../common/time';
import type { ScheduleProblem, ScheduleResult } from '../schedule/types';
import { replayBuffers, replayOnce } from './replay';
import { compileReplay, type ReplayModel, type ReplayModelOptions } from './replay-model';
import { Sampler } from './sampler';
import type { Uncertainty } from './uncertainty';

export interface MonteCarloOptions extends ReplayModelOptions {
  /** Number of sampled replays. Default 1,000. */
  samples?: number;
  /** Seed of the sampling stream. Default 1. */
  seed?: number;
  uncertainty?: Uncertainty;
}

/** Completion forecast of one job or order, in engine minutes (rounded up to whole minutes). */
export interface CompletionForecast {
  /** The plan's deterministic completion. */
  planned: Minutes;
  dueDate?: Minutes;
  p10: Minutes;
  p50: Minutes;
  p80: Minutes;
  p90: Minutes;
  p95: Minutes;
  mean: Minutes;
  /** Share of samples completing at or before the due date (absent without a due date). */
  onTimeProbability?: number;
}

export interface JobForecast extends CompletionForecast {
  jobId: string;
  orderId: string;
}

export interface OrderForecast extends CompletionForecast {
  /** The job's orderId, or the job id of a job without one. */
  orderId: string;
}

export interface MonteCarloResult {
  samples: number;
  seed: number;
  jobs: JobForecast[];
  orders: OrderForecast[];
  /** Operation-samples that ran past a calendar's horizon (see replay.ts); 0 in a healthy plan. */
  beyondHorizon: number;
}

/** Sampled completions: jobs[j * samples + s], orders[o * samples + s] (NaN for unreported ones). */
export interface SampledCompletions {
  samples: number;
  jobs: Float64Array;
  orders: Float64Array;
  beyondHorizon: number;
}

export function monteCarlo(
  problem: ScheduleProblem,
  plan: ScheduleResult,
  options: MonteCarloOptions = {},
): Result<MonteCarloResult> {
  const model = compileReplay(problem, plan, options.uncertainty, options);
  if (!model.ok) return model;
  return forecastCompletions(model.value, options.samples ?? 1000, options.seed ?? 1);
}

export function forecastCompletions(
  model: ReplayModel,
  samples: number,
  seed: number,
): Result<MonteCarloResult> {
  if (!(Number.isInteger(samples) && samples > 0))
    return fail('bad-samples', 'the number of samples must be a positive integer');
  const sampled = sampleCompletions(model, samples, seed);
  const forecast = summarizeCompletions;
  const jobs: JobForecast[] = [];
  for (let j = 0; j < model.jobIds.length; j++) {
    if (!model.jobReported[j]) continue;
    jobs.push({
      jobId: model.jobIds[j],
      orderId: model.orderIds[model.jobOrder[j]],
      ...forecast(
        sampled.jobs.subarray(j * samples, (j + 1) * samples),
        model.jobPlanned[j],
        model.jobDue[j],
      ),
    });
  }
  const orders: OrderForecast[] = [];
  for (let o = 0; o < model.orderIds.length; o++) {
    if (!model.orderReported[o]) continue;
    orders.push({
      orderId: model.orderIds[o],
      ...forecast(
        sampled.orders.subarray(o * samples, (o + 1) * samples),
        model.orderPlanned[o],
        model.orderDue[o],
      ),
    });
  }
  return ok({ samples, seed, jobs, orders, beyondHorizon: sampled.beyondHorizon });
}

/** Raw sampled completions per job and order (unsorted, in sample order). */
export function sampleCompletions(model: ReplayModel, samples: number, seed: number): SampledCompletions {
  const sampler = new Sampler(new Random(seed));
  const buffers = replayBuffers(model);
  const jobCount = model.jobIds.length;
  const orderCount = model.orderIds.length;
  // sample-major while sampling (sequential writes), job-major for the caller (contiguous sorts)
  const bySample = new Float64Array(jobCount * samples);
  let beyondHorizon = 0;
  for (let s = 0; s < samples; s++) {
    beyondHorizon += replayOnce(model, sampler, buffers);
    const row = bySample.subarray(s * jobCount, (s + 1) * jobCount).fill(Number.NEGATIVE_INFINITY);
    for (let i = 0; i < model.n; i++) {
      const j = model.opJob[i];
      if (buffers.end[i] > row[j]) row[j] = buffers.end[i];
    }
  }
  const jobs = new Float64Array(jobCount * samples).fill(Number.NaN);
  const orders = new Float64Array(orderCount * samples).fill(Number.NaN);
  for (let j = 0; j < jobCount; j++) {
    if (!model.jobReported[j]) continue;
    const o = model.jobOrder[j];
    for (let s = 0; s < samples; s++) {
      const t = bySample[s * jobCount + j];
      jobs[j * samples + s] = t;
      if (!(orders[o * samples + s] >= t)) orders[o * samples + s] = t;
    }
  }
  return { samples, jobs, orders, beyondHorizon };
}

/** Quantiles, mean and on-time probability of sampled completions (sorts `values` in place; due NaN: none). */
export function summarizeCompletions(values: Float64Array, planned: number, due: number): CompletionForecast {
  values.sort();
  let sum = 0;
  for (let s = 0; s < values.length; s++) sum += values[s];
  let onTime = 0;
  if (!Number.isNaN(due)) for (let s = 0; s < values.length && values[s] <= due; s++) onTime++;
  return {
    planned,
    ...(Number.isNaN(due) ? {} : { dueDate: due }),
    p10: quantile(values, 0.1),
    p50: quantile(values, 0.5),
    p80: quantile(values, 0.8),
    p90: quantile(values, 0.9),
    p95: quantile(values, 0.95),
    mean: Math.ceil(sum / values.length),
    ...(Number.isNaN(due) ? {} : { onTimeProbability: onTime / values.length }),
  };
}

/** Nearest-rank quantile of sorted values, rounded up to a whole minute. */
export function quantile(sorted: Float64Array, q: number): Minutes {
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return Math.ceil(sorted[rank] - 1e-9);
}
