import { resolveNotificationSettings } from '@rp/config';
import type { Logger } from '@rp/observability';
import type { NotifierTenant } from '@rp/persistence';
import { credentialExpiryNotifications, ExpiringCredential } from './domain/credential-expiry';
import { deliveryKey } from './domain/notification-keys';
import type { IntakePorts } from './notification.intake';

/** Every side effect of the expiry check: webhooks, the tenants' expiry dates and thresholds, the outbox, the clock. */
export interface ExpiryCheckPorts {
  webhooks(): Promise<{ id: string; tenant: string; events: string[] }[]>;
  tenants(ids: string[]): Promise<Pick<NotifierTenant, 'id' | 'status' | 'notifications' | 'icSecretExpiresAt' | 'canvasTokenExpiresAt'>[]>;
  enqueue: IntakePorts['enqueue'];
  clock: () => Date;
  logger: Logger;
}

/**
 * Looks at the stored expiry dates every `intervalMs` (the delivery loop's tick calls it) and stores a
 * `credentials-expiring` notification per credential and reached threshold for the webhooks subscribed to it; the
 * outbox key makes each one once across checks, restarts and replicas.
 */
export class CredentialExpiryChecker {
  private last = Number.NEGATIVE_INFINITY;

  constructor(private readonly ports: ExpiryCheckPorts, private readonly intervalMs: number) {}

  /** Checks when due; returns how many deliveries were new. */
  async runDue(): Promise<number> {
    const now = this.ports.clock();
    if (now.getTime() - this.last < this.intervalMs) return 0;
    this.last = now.getTime();
    const subscribed = (await this.ports.webhooks()).filter((w) => w.events.includes('credentials-expiring'));
    if (subscribed.length === 0) return 0;
    let fresh = 0;
    for (const tenant of await this.ports.tenants([...new Set(subscribed.map((w) => w.tenant))])) {
      if (tenant.status === 'disabled') continue;
      const credentials: ExpiringCredential[] = [
        ...(tenant.icSecretExpiresAt ? [{ credential: 'ic-client-secret' as const, expiresAt: tenant.icSecretExpiresAt }] : []),
        ...(tenant.canvasTokenExpiresAt ? [{ credential: 'canvas-token' as const, expiresAt: tenant.canvasTokenExpiresAt }] : []),
      ];
      const { credentialExpiryDays } = resolveNotificationSettings(tenant.notifications);
      const entries = credentialExpiryNotifications(tenant.id, credentials, credentialExpiryDays, now).flatMap((n) =>
        subscribed.filter((w) => w.tenant === tenant.id).map((w) => ({
          deliveryId: deliveryKey(n.key, w.id), notificationKey: n.key, tenant: tenant.id, webhookId: w.id, kind: n.kind, notification: n,
        })));
      if (entries.length === 0) continue;
      const stored = (await this.ports.enqueue(entries)).length;
      if (stored > 0) this.ports.logger.info(`tenant ${tenant.id}: ${stored} credential expiry notice(s) stored`);
      fresh += stored;
    }
    return fresh;
  }
}
