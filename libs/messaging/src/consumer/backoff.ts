export interface BackoffPolicy {
  /** Total tries of one piece of work, the first included. */
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { maxAttempts: 5, initialDelayMs: 200, maxDelayMs: 30_000 };

/** Delay before try `attempt + 1` after `attempt` failures: exponential with ±20 % jitter, capped. */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}
