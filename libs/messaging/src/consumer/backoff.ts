export interface BackoffPolicy {
  /** Tries of work failing with an unknown error (most likely a bug), the first included; then it is dead-lettered. */
  maxAttempts: number;
  /**
   * Tries of work failing retriably (a dependency away) before it is dead-lettered. Undefined (the default): no
   * limit — the affected key waits, retrying, until the dependency is back, and reports the stall meanwhile.
   */
  retriableMaxAttempts?: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { maxAttempts: 5, initialDelayMs: 200, maxDelayMs: 30_000 };

/** Delay before try `attempt + 1` after `attempt` failures: exponential with ±20 % jitter, capped. */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(base * (0.8 + 0.4 * random()));
}
