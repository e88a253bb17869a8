/**
 * Working-time arithmetic on a calendar's working intervals: where does an operation of
 * `duration` working minutes, ready at `readyAt`, start and end?
 *
 * Intervals are sorted, disjoint and half-open. Lookups are a binary search (O(log n)) plus a
 * walk over the intervals the operation spans. `undefined` intervals mean always available.
 */
import type { Minutes } from '../common/time';
import type { WorkingIntervals } from '../schedule/types';

export type ShiftRule = 'span' | 'fit';

export interface Placement {
  start: Minutes;
  end: Minutes;
}

/** Index of the first interval whose end is after t (the interval containing t, or the next). */
export function intervalIndexAt(intervals: WorkingIntervals, t: Minutes): number {
  let lo = 0;
  let hi = intervals.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (intervals[mid][1] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Earliest placement of `duration` working minutes starting no earlier than `readyAt`.
 * 'span': processing may pause over non-working time and resume in the next interval; it starts
 * at the first working minute at or after readyAt. 'fit': the whole duration must lie inside one
 * working interval. A zero duration starts and ends at the first working instant (span) or at
 * readyAt inside any interval. Returns null when the calendar's horizon is too short.
 */
export function placeOnCalendar(
  intervals: WorkingIntervals | undefined,
  readyAt: Minutes,
  duration: Minutes,
  rule: ShiftRule = 'span',
): Placement | null {
  if (intervals === undefined) return { start: readyAt, end: readyAt + duration };
  let i = intervalIndexAt(intervals, readyAt);
  if (rule === 'fit') {
    for (; i < intervals.length; i++) {
      const start = Math.max(readyAt, intervals[i][0]);
      if (intervals[i][1] - start >= duration) return { start, end: start + duration };
    }
    return null;
  }
  if (i >= intervals.length) return null;
  const start = Math.max(readyAt, intervals[i][0]);
  let remaining = duration;
  let cursor = start;
  while (i < intervals.length) {
    const available = intervals[i][1] - cursor;
    if (remaining <= available) return { start, end: cursor + remaining };
    remaining -= available;
    i++;
    if (i < intervals.length) cursor = intervals[i][0];
  }
  return null;
}

/** Working minutes between a and b (a <= b) on the calendar. */
export function workingMinutesBetween(
  intervals: WorkingIntervals | undefined,
  a: Minutes,
  b: Minutes,
): Minutes {
  if (intervals === undefined) return Math.max(0, b - a);
  let total = 0;
  for (let i = intervalIndexAt(intervals, a); i < intervals.length && intervals[i][0] < b; i++) {
    total += Math.min(b, intervals[i][1]) - Math.max(a, intervals[i][0]);
  }
  return total;
}
