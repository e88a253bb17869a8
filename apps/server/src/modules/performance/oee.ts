/**
 * OEE as a pure calculation over measured facts (no I/O):
 *
 *   planned production time = working time of the calendar − planned stops
 *   run time                = planned production time − unplanned stops (not micro-stops)
 *   availability            = run time ÷ planned production time
 *   performance             = ideal cycle time × total count ÷ run time   (micro-stops and slow
 *                             cycles show here)
 *   quality                 = good count ÷ total count
 *   OEE                     = availability × performance × quality
 *
 * Time is split at the boundaries of the grouping (local midnights for days, shift starts and
 * ends for shifts), so a stop across midnight counts half on each day. Counts fall into the
 * group of the moment they were made.
 */
import type { OeeFigures } from '@takt/contracts';

export interface Interval {
  start: number;
  end: number;
}

export interface MeasuredMachine {
  code: string;
  workCenterId: string;
  /** working intervals of its calendar within the window (ms) */
  working: Interval[];
}

export interface MeasuredStop extends Interval {
  machineCode: string;
  planned: boolean;
  micro: boolean;
  jobId: string | null;
}

export interface MeasuredOutput {
  machineCode: string;
  at: number;
  total: number;
  good: number;
  /** ideal minutes for these `total` parts (ideal cycle time × total) */
  idealMinutes: number;
  jobId: string | null;
}

/** How rows are formed: the key of a machine, or of a moment on a machine. */
export interface Grouping {
  /** key of time on `machine` at instant `at` */
  keyAt(machine: MeasuredMachine, at: number): string;
  /** instants where the key may change (sorted); empty when it depends on the machine only */
  boundaries: number[];
}

interface Totals {
  planned: number;
  down: number;
  ideal: number;
  total: number;
  good: number;
}

const MINUTE = 60_000;

/** OEE figures of totals in minutes and counts. */
export function figures(t: Totals): OeeFigures {
  const run = Math.max(0, t.planned - t.down);
  const availability = t.planned > 0 ? run / t.planned : null;
  const performance = run > 0 && t.total > 0 ? Math.min(1, t.ideal / run) : null;
  const quality = t.total > 0 ? t.good / t.total : null;
  const oee =
    availability !== null && performance !== null && quality !== null
      ? availability * performance * quality
      : null;
  return {
    plannedMinutes: round(t.planned),
    downtimeMinutes: round(t.down),
    runMinutes: round(run),
    idealMinutes: round(t.ideal),
    totalCount: t.total,
    goodCount: t.good,
    availability,
    performance,
    quality,
    oee,
  };
}

const round = (v: number) => Math.round(v * 10) / 10;

/** Cuts intervals at the boundaries, so each piece lies in one group. */
export function splitAt(intervals: Interval[], boundaries: number[]): Interval[] {
  if (boundaries.length === 0) return intervals;
  const pieces: Interval[] = [];
  for (const iv of intervals) {
    let start = iv.start;
    let b = lowerBound(boundaries, start + 1);
    while (b < boundaries.length && boundaries[b] < iv.end) {
      pieces.push({ start, end: boundaries[b] });
      start = boundaries[b];
      b++;
    }
    if (iv.end > start) pieces.push({ start, end: iv.end });
  }
  return pieces;
}

function lowerBound(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Overlap of a sorted, disjoint interval list with [start, end). */
export function overlap(sorted: Interval[], start: number, end: number): number {
  // the first interval that ends after `start`
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].end <= start) lo = mid + 1;
    else hi = mid;
  }
  let sum = 0;
  for (let i = lo; i < sorted.length; i++) {
    const iv = sorted[i];
    if (iv.start >= end) break;
    sum += Math.max(0, Math.min(end, iv.end) - Math.max(start, iv.start));
  }
  return sum;
}

/**
 * OEE per group and in total, from working time, stops and output of the machines. Stops count
 * only where they lie in working time; planned stops shrink planned production time, unplanned
 * ones (not micro) are downtime. The total counts only the machines that reported something in
 * the window (a stop or output): one that reported nothing (an engineering office, a machine not
 * connected and not booked) has no measured OEE, and its working time would dilute everyone's.
 */
export function oeeByGroup(
  machines: MeasuredMachine[],
  stops: MeasuredStop[],
  outputs: MeasuredOutput[],
  grouping: Grouping,
): { total: OeeFigures; rows: Map<string, OeeFigures> } {
  const rows = new Map<string, OeeFigures>();
  for (const [key, s] of groupTotals(machines, stops, outputs, grouping)) rows.set(key, figures(s));
  const reported = new Set([...stops.map((x) => x.machineCode), ...outputs.map((x) => x.machineCode)]);
  const all: Totals = { planned: 0, down: 0, ideal: 0, total: 0, good: 0 };
  const measured = machines.filter((m) => reported.has(m.code));
  for (const s of groupTotals(measured, stops, outputs, grouping).values())
    for (const k of Object.keys(all) as (keyof Totals)[]) all[k] += s[k];
  return { total: figures(all), rows };
}

function groupTotals(
  machines: MeasuredMachine[],
  stops: MeasuredStop[],
  outputs: MeasuredOutput[],
  grouping: Grouping,
): Map<string, Totals> {
  const sums = new Map<string, Totals>();
  const sum = (key: string) => {
    let s = sums.get(key);
    if (!s) {
      s = { planned: 0, down: 0, ideal: 0, total: 0, good: 0 };
      sums.set(key, s);
    }
    return s;
  };
  const byCode = new Map(machines.map((m) => [m.code, m]));
  for (const m of machines)
    for (const piece of splitAt(m.working, grouping.boundaries))
      sum(grouping.keyAt(m, piece.start)).planned += (piece.end - piece.start) / MINUTE;
  for (const stop of stops) {
    const m = byCode.get(stop.machineCode);
    if (!m || (stop.micro && !stop.planned)) continue;
    for (const piece of splitAt([stop], grouping.boundaries)) {
      const minutes = overlap(m.working, piece.start, piece.end) / MINUTE;
      if (minutes <= 0) continue;
      const s = sum(grouping.keyAt(m, piece.start));
      if (stop.planned) s.planned -= minutes;
      else s.down += minutes;
    }
  }
  for (const out of outputs) {
    const m = byCode.get(out.machineCode);
    if (!m) continue;
    const s = sum(grouping.keyAt(m, out.at));
    s.total += out.total;
    s.good += out.good;
    s.ideal += out.idealMinutes;
  }
  for (const s of sums.values()) s.planned = Math.max(0, s.planned);
  return sums;
}

/**
 * OEE of jobs: the time a job held its machines (its booked setup and run minutes, which
 * include the stops while it was on them) is its planned time; its unplanned stops are its
 * downtime.
 */
export function oeeOfJobs(
  jobs: Map<string, { bookedMinutes: number }>,
  stops: MeasuredStop[],
  outputs: MeasuredOutput[],
): Map<string, OeeFigures> {
  const sums = new Map<string, Totals>();
  for (const [id, j] of jobs)
    sums.set(id, { planned: j.bookedMinutes, down: 0, ideal: 0, total: 0, good: 0 });
  for (const stop of stops) {
    const s = stop.jobId ? sums.get(stop.jobId) : undefined;
    if (!s || stop.planned || stop.micro) continue;
    const minutes = (stop.end - stop.start) / MINUTE;
    s.down += minutes;
  }
  for (const out of outputs) {
    const s = out.jobId ? sums.get(out.jobId) : undefined;
    if (!s) continue;
    s.total += out.total;
    s.good += out.good;
    s.ideal += out.idealMinutes;
  }
  return new Map([...sums].map(([id, s]) => [id, figures(s)]));
}

/** Median and lognormal sigma of actual ÷ planned ratios (ratios ≤ 0 are left out). */
export function ratioSpread(ratios: number[]): { median: number | null; sigma: number | null } {
  const valid = ratios.filter((r) => r > 0 && Number.isFinite(r)).sort((a, b) => a - b);
  if (valid.length === 0) return { median: null, sigma: null };
  const mid = valid.length >> 1;
  const median = valid.length % 2 ? valid[mid] : (valid[mid - 1] + valid[mid]) / 2;
  if (valid.length < 2) return { median, sigma: null };
  const logs = valid.map(Math.log);
  const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
  const variance = logs.reduce((a, b) => a + (b - mean) ** 2, 0) / (logs.length - 1);
  return { median, sigma: Math.sqrt(variance) };
}
