import { env } from '@rp/config';
import type { CommonConfig, ConfigOf } from '@rp/config';

/** The notifier's own settings (validated once at start). */
export const notifierEnv = {
  /** How often the delivery loop looks for due notifications. */
  pollMs: env.int('NOTIFIER_POLL_MS', { min: 50, max: 600_000 }).default(2_000),
  /** Attempts per delivery before it is given up (with the default backoff, about a day of trying). */
  maxAttempts: env.int('NOTIFIER_MAX_ATTEMPTS', { min: 1, max: 1_000 }).default(30),
  /** First retry delay; doubles per attempt (±20 %), capped by NOTIFIER_RETRY_MAX_MS. */
  retryBaseMs: env.int('NOTIFIER_RETRY_BASE_MS', { min: 10 }).default(10_000),
  retryMaxMs: env.int('NOTIFIER_RETRY_MAX_MS', { min: 10 }).default(60 * 60_000),
  /** Per-request timeout of a webhook call. */
  timeoutMs: env.int('NOTIFIER_TIMEOUT_MS', { min: 100, max: 120_000 }).default(10_000),
  /** Plain http to 127.0.0.1 (tests and local receivers); production webhooks are https only. */
  allowHttpLoopback: env.bool('NOTIFICATIONS_ALLOW_HTTP_LOOPBACK').default(false),
  /** A stage stalled (pipeline.stalls) this long notifies, once per stall. */
  stallThresholdMs: env.int('NOTIFIER_STALL_THRESHOLD_MS', { min: 0 }).default(15 * 60_000),
  /** Hour (0–23, in each tenant's time zone) after which its local yesterday's summary goes to the webhooks subscribed to `daily-summary`. */
  dailySummaryHour: env.int('NOTIFIER_DAILY_SUMMARY_HOUR', { min: 0, max: 23 }).default(7),
  /** How often the stored credential expiry dates are compared with the tenants' notice thresholds. */
  expiryCheckMs: env.int('NOTIFIER_EXPIRY_CHECK_MS', { min: 100 }).default(15 * 60_000),
  /** Sent and given-up deliveries are kept this many days (the de-duplication record), then purged. */
  retentionDays: env.int('NOTIFIER_RETENTION_DAYS', { min: 1 }).default(30),
};

export type NotifierConfig = CommonConfig & ConfigOf<typeof notifierEnv>;
