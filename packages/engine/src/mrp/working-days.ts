/**
 * MRP's time buckets: a working day runs from its start to the next working day's start (so a
 * need on a Saturday belongs to Friday's bucket); outside the calendar a bucket is a calendar day.
 */
import { MINUTES_PER_DAY, type Minutes } from '../common/time';

/** The working day holding `t` (the last one starting at or before it); -1 before the calendar. */
export function dayIndex(workingDays: Minutes[], t: Minutes): number {
  let lo = 0;
  let hi = workingDays.length - 1;
  if (hi < 0 || t < workingDays[0]) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (workingDays[mid] <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** t moved by n working days (negative: back), keeping the time of day; beyond the calendar, calendar days. */
export function addWorkingDays(workingDays: Minutes[], t: Minutes, n: number): Minutes {
  const i = dayIndex(workingDays, t);
  const j = i + n;
  if (i < 0 || j < 0 || j >= workingDays.length) return t + n * MINUTES_PER_DAY;
  return workingDays[j] + (t - workingDays[i]);
}

/** End of the `n`-th bucket counted from the one holding `t` (n = 1: the end of t's own bucket). */
export function bucketEnd(workingDays: Minutes[], t: Minutes, n = 1): Minutes {
  const last = workingDays.length - 1;
  if (last < 0) return (Math.floor(t / MINUTES_PER_DAY) + n) * MINUTES_PER_DAY;
  const i = dayIndex(workingDays, t);
  if (i < 0) {
    const first = workingDays[0];
    return first + (Math.floor((t - first) / MINUTES_PER_DAY) + n) * MINUTES_PER_DAY;
  }
  if (i + n <= last) return workingDays[i + n];
  if (i < last) return workingDays[last] + (i + n - last) * MINUTES_PER_DAY;
  return workingDays[last] + (Math.floor((t - workingDays[last]) / MINUTES_PER_DAY) + n) * MINUTES_PER_DAY;
}
