/**
 * Login backoff: after `threshold` consecutive failures under one key (an account or an IP
 * address) further attempts are refused for a window that doubles with every failure beyond the
 * threshold, up to a ceiling. Pure logic; the counters live in the CounterRepository.
 */

export interface BackoffPolicy {
  /** Failures allowed before the first lock. */
  threshold: number;
  /** Length of the first lock, seconds. */
  baseSeconds: number;
  /** Longest lock, seconds. */
  maxSeconds: number;
}

/** Seconds to lock after the `failures`-th failure (0 while below the threshold). */
export function lockSeconds(failures: number, policy: BackoffPolicy): number {
  if (failures < policy.threshold) return 0;
  const doublings = Math.min(failures - policy.threshold, 30);
  return Math.min(policy.maxSeconds, policy.baseSeconds * 2 ** doublings);
}
