import { backoffDelay } from '@rp/config';

export interface RetrySettings {
  /** Total attempts including the first (default 6). */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Upper bound for a provider's Retry-After (default 5 min) so a bogus header cannot stall a run for days. */
  maxRetryAfterMs: number;
}

export const defaultRetrySettings: RetrySettings = {
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 300_000,
};

/** The wait before retry n (0-based): the platform's backoff with full jitter — random in [0, min(max, base·2ⁿ)]. */
export function backoffDelayMs(attempt: number, settings: RetrySettings, random: () => number): number {
  return backoffDelay({ initialDelayMs: settings.baseDelayMs, maxDelayMs: settings.maxDelayMs, jitter: 'full' }, attempt + 1, random);
}

/** Parses Retry-After as delta-seconds or an HTTP-date; undefined when absent or unparseable. */
export function parseRetryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
