import type { Backoff } from '@rp/config';

export { backoffDelay } from '@rp/config';

export interface BackoffPolicy extends Backoff {
  /** Tries of work failing with an unknown error (most likely a bug), the first included; then it is dead-lettered. */
  maxAttempts: number;
  /**
   * Tries of work failing retriably (a dependency away) before it is dead-lettered. Undefined (the default): no
   * limit — the affected key waits, retrying, until the dependency is back, and reports the stall meanwhile.
   */
  retriableMaxAttempts?: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { maxAttempts: 5, initialDelayMs: 200, maxDelayMs: 30_000 };
