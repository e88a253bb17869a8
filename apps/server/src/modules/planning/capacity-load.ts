/**
 * Capacity load of a time window, per work center and plant-local day or ISO week. Pure.
 *
 * Units: the scheduler places an operation's setup plus its run time stretched by 1/efficiency
 * on the calendar, and the operation occupies the machine for every working minute between its
 * setup start and its end. Available capacity is the calendar's working minutes × machines ×
 * efficiency (standard minutes the work center can do); the load is the working minutes the
 * schedule occupies × efficiency, so both are standard minutes and the utilisation is the share
 * of the machines' working time the plan uses (100 % when every machine is busy all shift).
 * Complexity: O(operations × buckets each spans × log intervals).
 */
import { localToUtc, type Minutes, type WorkingIntervals, workingMinutesBetween } from '@takt/engine';

const DAY_MS = 86_400_000;

export type Bucket = 'day' | 'week';

export interface LoadBucketSpan {
  /** the local day, or the Monday of the week */
  date: string;
  /** [start, end) in minutes since the window's start, clipped to the window */
  start: Minutes;
  end: Minutes;
}

export interface LoadWorkCenter {
  id: string;
  machines: number;
  efficiency: number;
  /** working intervals in minutes since the window's start */
  intervals: WorkingIntervals;
  /** occupied spans [setup start, end) in minutes since the window's start */
  operations: { start: Minutes; end: Minutes }[];
}

export interface LoadCellValue {
  availableMinutes: number;
  loadMinutes: number;
  utilisation: number;
}

export interface WorkCenterLoad {
  id: string;
  cells: LoadCellValue[];
  total: LoadCellValue;
  bottleneck: boolean;
}

const localDate = (timeZone: string, ms: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    ms,
  );

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** Monday of the ISO week holding `date`. */
const mondayOf = (date: string) => addDays(date, -((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7));

/** The plant-local days (or weeks) covering [fromMs, toMs), clipped to it. */
export function loadBuckets(
  fromMs: number,
  toMs: number,
  timeZone: string,
  bucket: Bucket,
): LoadBucketSpan[] {
  const step = bucket === 'day' ? 1 : 7;
  const first = localDate(timeZone, fromMs);
  let date = bucket === 'day' ? first : mondayOf(first);
  const buckets: LoadBucketSpan[] = [];
  const horizon = (toMs - fromMs) / 60_000;
  for (;;) {
    const next = addDays(date, step);
    const startMs = localToUtc(timeZone, Date.parse(`${date}T00:00:00Z`));
    const endMs = localToUtc(timeZone, Date.parse(`${next}T00:00:00Z`));
    if (startMs >= toMs) break;
    buckets.push({
      date,
      start: Math.max(0, (startMs - fromMs) / 60_000),
      end: Math.min(horizon, (endMs - fromMs) / 60_000),
    });
    date = next;
  }
  return buckets;
}

const cell = (available: number, load: number): LoadCellValue => ({
  availableMinutes: round1(available),
  loadMinutes: round1(load),
  utilisation: available > 0 ? round1((load / available) * 100) : 0,
});

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Load per work center and bucket, and which work center is the bottleneck. */
export function capacityLoad(
  buckets: LoadBucketSpan[],
  workCenters: LoadWorkCenter[],
): { workCenters: WorkCenterLoad[]; bottleneckId: string | null } {
  const results = workCenters.map((wc) => {
    const available = buckets.map(
      (b) => workingMinutesBetween(wc.intervals, b.start, b.end) * wc.machines * wc.efficiency,
    );
    const load = buckets.map(() => 0);
    for (const op of wc.operations) {
      // buckets are few and sorted: find the first the operation reaches, walk while it lasts
      let x = firstBucketEndingAfter(buckets, op.start);
      for (; x < buckets.length && buckets[x].start < op.end; x++) {
        const a = Math.max(op.start, buckets[x].start);
        const b = Math.min(op.end, buckets[x].end);
        if (b > a) load[x] += workingMinutesBetween(wc.intervals, a, b) * wc.efficiency;
      }
    }
    const totalAvailable = available.reduce((s, v) => s + v, 0);
    const totalLoad = load.reduce((s, v) => s + v, 0);
    return {
      id: wc.id,
      cells: buckets.map((_, x) => cell(available[x], load[x])),
      total: cell(totalAvailable, totalLoad),
      bottleneck: false,
      ratio: totalAvailable > 0 ? totalLoad / totalAvailable : totalLoad > 0 ? Number.POSITIVE_INFINITY : 0,
      totalLoad,
    };
  });
  let best: (typeof results)[number] | null = null;
  for (const r of results)
    if (
      r.totalLoad > 0 &&
      (!best || r.ratio > best.ratio || (r.ratio === best.ratio && r.totalLoad > best.totalLoad))
    )
      best = r;
  if (best) best.bottleneck = true;
  return {
    workCenters: results.map(({ id, cells, total, bottleneck }) => ({ id, cells, total, bottleneck })),
    bottleneckId: best?.id ?? null,
  };
}

function firstBucketEndingAfter(buckets: LoadBucketSpan[], t: Minutes): number {
  let lo = 0;
  let hi = buckets.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (buckets[mid].end <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The gaps of working intervals inside [0, horizon): non-working time, for shading. */
export function nonWorkingIntervals(intervals: WorkingIntervals, horizon: Minutes): [Minutes, Minutes][] {
  const gaps: [Minutes, Minutes][] = [];
  let cursor = 0;
  for (const [a, b] of intervals) {
    if (a >= horizon) break;
    if (a > cursor) gaps.push([cursor, a]);
    cursor = Math.max(cursor, b);
  }
  if (cursor < horizon) gaps.push([cursor, horizon]);
  return gaps;
}
