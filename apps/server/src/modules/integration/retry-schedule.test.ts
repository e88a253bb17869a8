import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultRetryPolicy, nextAttemptAt } from './retry-schedule';

const now = new Date('2026-07-01T08:00:00Z');
const delayAfter = (attempts: number, random = () => 0.5) =>
  (nextAttemptAt(defaultRetryPolicy, attempts, now, random)?.getTime() ?? Number.NaN) - now.getTime();

describe('the retry schedule', () => {
  it('backs off 30 s, 2 min, 10 min, 30 min, ... and gives up after the last attempt', () => {
    expect([1, 2, 3, 4, 5].map((n) => delayAfter(n) / 1000)).toEqual([30, 120, 600, 1800, 3600]);
    expect(delayAfter(9) / 3_600_000).toBe(16);
    expect(nextAttemptAt(defaultRetryPolicy, defaultRetryPolicy.maxAttempts, now)).toBeNull();
  });

  it('keeps every jittered delay within ±20 % of its step', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (n, r) => {
          const base = defaultRetryPolicy.delaysSeconds[n - 1] * 1000;
          const delay = delayAfter(n, () => r);
          return delay >= Math.floor(base * 0.8) && delay <= Math.ceil(base * 1.2);
        },
      ),
    );
  });
});
