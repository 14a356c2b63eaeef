import { env } from '@rp/config';

/** The gateway's own settings (validated at start; a bad value stops it with a message naming the variable). */
export const gatewayEnv = {
  /**
   * When set, /healthz, /readyz and /metrics are served on this port only (the runtime's health server on
   * HTTP_HOST) and HTTP_PORT serves nothing but Live Events; unset, both share HTTP_PORT.
   */
  adminPort: env.port('ADMIN_PORT').optional(),
  /** Larger bodies are refused with 413 before they are read to the end. */
  maxBodyBytes: env.int('GATEWAY_MAX_BODY_BYTES', { min: 1024 }).default(262_144),
  /** How often the tenant directory is reloaded from the admin store. */
  tenantRefreshMs: env.int('GATEWAY_TENANT_REFRESH_MS', { min: 1000 }).default(60_000),
  /** At most one extra reload per this interval when an event names an unknown root account. */
  tenantMissCooldownMs: env.int('GATEWAY_TENANT_MISS_COOLDOWN_MS', { min: 0 }).default(5000),
  /** At most one JWKS refetch per this interval for unknown key ids (forged tokens must not hammer Canvas). */
  jwksCooldownMs: env.int('GATEWAY_JWKS_COOLDOWN_MS', { min: 0 }).default(30_000),
  /** A JWKS download slower than this fails (503, Canvas retries) rather than holding requests. */
  jwksTimeoutMs: env.int('GATEWAY_JWKS_TIMEOUT_MS', { min: 100 }).default(5000),
  /**
   * A Live Event Kafka has not acknowledged within this is answered 503 (Canvas retries later) instead of holding the
   * request while kafkajs retries for minutes.
   */
  publishTimeoutMs: env.int('GATEWAY_PUBLISH_TIMEOUT_MS', { min: 100 }).default(5000),
  /** A larger JWKS body is refused (Canvas's three keys are ~1.5 KB). */
  jwksMaxBytes: env.int('GATEWAY_JWKS_MAX_BYTES', { min: 1024 }).default(65_536),
};
