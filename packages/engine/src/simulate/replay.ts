/**
 * One Monte Carlo sample: replay the plan's machine sequences with sampled durations, breakdowns
 * and material arrivals. A linear pass in the model's precomputed topological order:
 *
 *   ready = max(release, firm start, preds' end + lag, previous op on the machine's end, arrivals)
 *   end   = placeOnCalendar(ready, sampled setup + sampled run + breakdown downtime)
 *
 * Durations are lognormal with the planned value as median. Breakdowns are operation-dependent
 * failures: a Poisson process in the operation's running time (rate 1/MTBF), each failure adding
 * an exponential repair (mean MTTR) to the working minutes the operation occupies. A late
 * delivery arrives after an exponential delay in calendar time.
 *
 * When a sampled occupation no longer fits the calendar's horizon, the operation is placed on the
 * working time that is left and continues as if the machine were available around the clock
 * after the horizon ('fit' operations that fit no shift any more are first allowed to span);
 * such samples are counted in `beyondHorizon`.
 *
 * O(n + arcs + deliveries) per sample plus the calendar walks, no allocation but placeOnCalendar's;
 * the model's arrays are laid out in replay order, so a sample walks memory front to back.
 */
import { placeOnCalendar, workingMinutesBetween } from '../calendar/working-time';
import type { WorkingIntervals } from '../schedule/types';
import type { ReplayModel } from './replay-model';
import type { Sampler } from './sampler';

export interface ReplayBuffers {
  end: Float64Array;
  arrival: Float64Array;
  /** sampled occupation (setup + run + downtime) per operation, for inspection */
  occupation: Float64Array;
}

export function replayBuffers(model: ReplayModel): ReplayBuffers {
  return {
    end: new Float64Array(model.n),
    arrival: new Float64Array(model.deliveryItem.length),
    occupation: new Float64Array(model.n),
  };
}

/** Replays one sample into `buffers.end`; returns how many operations ran past the calendar horizon. */
export function replayOnce(model: ReplayModel, random: Sampler, buffers: ReplayBuffers): number {
  const { end, arrival, occupation } = buffers;
  const m = model;
  for (let d = 0; d < arrival.length; d++) {
    const p = m.deliveryProbabilityLate[d];
    arrival[d] =
      p > 0 && random.uniform() < p
        ? m.deliveryPlanned[d] + random.exponential(m.deliveryMeanDelay[d])
        : m.deliveryPlanned[d];
  }
  let beyondHorizon = 0;
  for (let i = 0; i < m.n; i++) {
    let ready = m.release[i];
    const firm = m.firmStart[i];
    if (firm > ready) ready = firm;
    for (let e = m.predStart[i]; e < m.predStart[i + 1]; e++) {
      const t = end[m.predOp[e]] + m.predLag[e];
      if (t > ready) ready = t;
    }
    const prev = m.machinePrev[i];
    if (prev >= 0 && end[prev] > ready) ready = end[prev];
    for (let e = m.deliveryStart[i]; e < m.deliveryStart[i + 1]; e++) {
      const t = arrival[m.deliveryOf[e]];
      if (t > ready) ready = t;
    }
    const occupy = sampleOccupation(
      random,
      m.duration[i],
      m.durationSigma[i],
      m.setup[i],
      m.setupSigma[i],
      m.mtbf[i],
      m.mttr[i],
    );
    occupation[i] = occupy;
    const placed = placeSampled(m.calendar[i], ready, occupy, m.fit[i] === 1);
    if (placed < 0) {
      beyondHorizon++;
      end[i] = -placed;
    } else end[i] = placed;
  }
  return beyondHorizon;
}

/** Sampled working minutes an operation occupies its machine: setup + run + breakdown repairs. */
export function sampleOccupation(
  random: Sampler,
  duration: number,
  durationSigma: number,
  setup: number,
  setupSigma: number,
  mtbf: number,
  mttr: number,
): number {
  let occupy = sampleLognormal(random, duration, durationSigma);
  if (setup > 0) occupy += sampleLognormal(random, setup, setupSigma);
  if (mtbf < Number.POSITIVE_INFINITY) {
    // failures while running: exponential gaps in running time, each adds a repair
    let downtime = 0;
    for (let t = random.exponential(mtbf); t < occupy; t += random.exponential(mtbf))
      downtime += random.exponential(mttr);
    occupy += downtime;
  }
  return occupy;
}

/**
 * End of a sampled occupation on the calendar; negative (minus the end) when it ran past the
 * calendar's horizon and was extrapolated around the clock.
 */
export function placeSampled(
  calendar: WorkingIntervals | undefined,
  ready: number,
  occupy: number,
  fit: boolean,
): number {
  if (calendar === undefined) return ready + occupy;
  const placed =
    placeOnCalendar(calendar, ready, occupy, fit ? 'fit' : 'span') ??
    (fit ? placeOnCalendar(calendar, ready, occupy, 'span') : null);
  if (placed) return placed.end;
  const horizon = calendar.length ? calendar[calendar.length - 1][1] : ready;
  const left = workingMinutesBetween(calendar, ready, horizon);
  return -(Math.max(ready, horizon) + occupy - left);
}

/** Lognormal with the planned value as median; the exact planned value when sigma is 0. */
function sampleLognormal(random: Sampler, median: number, sigma: number): number {
  return sigma > 0 && median > 0 ? random.lognormal(median, sigma) : median;
}
