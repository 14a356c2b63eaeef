import type { Notification } from './notification';
import { notificationKey } from './notification-keys';

const DAY_MS = 86_400_000;

/** A tenant's credential with a known expiry. */
export interface ExpiringCredential {
  /** `ic-client-secret` or `canvas-token`. */
  credential: 'ic-client-secret' | 'canvas-token';
  /** ISO 8601. */
  expiresAt: string;
}

const RENEW: Record<ExpiringCredential['credential'], { name: string; fix: (tenant: string) => string }> = {
  'ic-client-secret': {
    name: 'Infinite Campus client secret',
    fix: (t) => `renew it in Infinite Campus (OneRoster connection), then \`ops tenants update ${t} --secrets-file … --ic-secret-expires <new date>\``,
  },
  'canvas-token': {
    name: 'Canvas API token',
    fix: (t) => `create a new token in Canvas (or extend it), then \`ops tenants update ${t} --secrets-file … --canvas-token-expires <new date>\``,
  },
};

/**
 * "Credentials about to expire": for each credential, the smallest notice threshold (days before expiry) the clock
 * has reached notifies, once — the key holds credential, expiry and threshold, so thresholds [14, 3] notify twice,
 * a renewed credential (a new expiry) starts over, and a check repeated every tick or after a restart stores nothing new.
 */
export function credentialExpiryNotifications(tenant: string, credentials: ExpiringCredential[], thresholdDays: number[], now: Date): Notification[] {
  const out: Notification[] = [];
  for (const c of credentials) {
    const expires = Date.parse(c.expiresAt);
    if (Number.isNaN(expires)) continue;
    const leftMs = expires - now.getTime();
    const threshold = [...thresholdDays].sort((a, b) => a - b).find((days) => leftMs <= days * DAY_MS);
    if (threshold === undefined) continue;
    const expiresAt = new Date(expires).toISOString();
    const { name, fix } = RENEW[c.credential];
    const when = leftMs <= 0 ? `expired on ${expiresAt}` : `expires on ${expiresAt} (in ${Math.floor(leftMs / DAY_MS)} day(s))`;
    out.push({
      key: notificationKey('credentials-expiring', tenant, c.credential, expiresAt, String(threshold)),
      tenant, kind: 'credentials-expiring', at: now.toISOString(),
      details: { credential: c.credential, expiresAt, thresholdDays: String(threshold) },
      title: `tenant ${tenant}: the ${name} ${when}`,
      text: `tenant ${tenant}: the ${name} ${when}; syncs${c.credential === 'ic-client-secret' ? ' and grade passback' : ''} stop when it does — ${fix(tenant)}`,
    });
  }
  return out;
}
