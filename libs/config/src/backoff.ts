/** Capped exponential backoff: the platform's one rule for how long to wait before trying again. */
export interface Backoff {
  /** The wait after the first failure. */
  initialDelayMs: number;
  /** No wait is longer than this. */
  maxDelayMs: number;
  /**
   * Spread, so many waiters do not retry in step: a fraction (0.2 = ±20 % around the delay, the default), `'full'`
   * (anywhere between 0 and the delay, for clients of a shared provider) or 0 (exact, e.g. a server's own pacing).
   */
  jitter?: number | 'full';
}

/**
 * The wait before the next try after `failures` consecutive failures (1 = the first): initial·2^(failures−1), capped
 * at the maximum, then jittered.
 */
export function backoffDelay(backoff: Backoff, failures: number, random: () => number = Math.random): number {
  const delay = Math.min(backoff.maxDelayMs, backoff.initialDelayMs * 2 ** Math.min(Math.max(failures, 1) - 1, 30));
  const jitter = backoff.jitter ?? 0.2;
  if (jitter === 'full') return Math.round(random() * delay);
  return Math.round(delay * (1 - jitter + 2 * jitter * random()));
}
