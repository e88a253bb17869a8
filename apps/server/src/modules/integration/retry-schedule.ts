/**
 * When a failed webhook delivery is tried again: exponential backoff (30 s, 2 min, 10 min,
 * 30 min, 1 h, 2 h, 4 h, 8 h, 16 h), each delay spread by ±20 % jitter so receivers that come
 * back after an outage are not hit by every retry at the same second. After the last attempt the
 * delivery is given up (`failed`); it can still be redelivered by hand.
 */
export interface RetryPolicy {
  /** delay after the n-th failed attempt (index n-1), in seconds; the last one repeats */
  delaysSeconds: readonly number[];
  /** attempts in all, the first included */
  maxAttempts: number;
  /** ±fraction of each delay */
  jitter: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  delaysSeconds: [30, 120, 600, 1800, 3600, 7200, 14_400, 28_800, 57_600],
  maxAttempts: 10,
  jitter: 0.2,
};

/** The next attempt after `attempts` failed ones, or null when it is time to give up. */
export function nextAttemptAt(
  policy: RetryPolicy,
  attempts: number,
  now: Date,
  random: () => number = Math.random,
): Date | null {
  if (attempts >= policy.maxAttempts) return null;
  const base = policy.delaysSeconds[Math.min(attempts, policy.delaysSeconds.length) - 1] ?? 0;
  const spread = 1 + policy.jitter * (2 * random() - 1);
  return new Date(now.getTime() + Math.round(base * spread * 1000));
}
