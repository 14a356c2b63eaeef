import { checkWebhookUrl, webhookHost, WebhookFormat, WebhookUrlError } from '@rp/config';
import { backoffDelay, BackoffPolicy } from '@rp/messaging';
import { pipelineMetrics } from '@rp/observability';
import type { Logger } from '@rp/observability';
import type { OutboxEntry, WebhookTarget } from '@rp/persistence';
import type { Notification } from './domain/notification';
import { renderWebhookBody } from './domain/webhook-payload';
import { SIGNATURE_HEADER, signWebhookBody } from './domain/webhook-signature';
import type { WebhookSender } from './webhook.sender';

/** Every side effect of the delivery loop: the outbox, the webhooks, the HTTP call and the clock. */
export interface DeliveryPorts {
  claimDue(limit: number, leaseMs: number): Promise<OutboxEntry[]>;
  markSent(deliveryId: string): Promise<void>;
  retryLater(deliveryId: string, delayMs: number, error: string): Promise<void>;
  giveUp(deliveryId: string, error: string): Promise<void>;
  webhook(id: string): Promise<WebhookTarget | undefined>;
  send: WebhookSender;
  clock: () => Date;
  logger: Logger;
}

export interface DeliverySettings {
  maxAttempts: number;
  backoff: Pick<BackoffPolicy, 'initialDelayMs' | 'maxDelayMs'>;
  allowHttpLoopback: boolean;
  /** How long a claimed delivery is not claimed again (longer than a request may take). */
  leaseMs: number;
  batchSize: number;
}

/** What one attempt came to: sent, try again later, or never (the receiver refused it for good). */
type Attempt = { outcome: 'sent' } | { outcome: 'retry' | 'permanent'; error: string };

/**
 * Sends due deliveries: renders the body in the webhook's format, signs it, POSTs it; 2xx is sent, 408/429/5xx and
 * network errors are retried with backoff, other 4xx and removed or refused webhooks are given up at once. A dead
 * endpoint only delays its own deliveries. Logs name the tenant, the webhook id and host — never the URL's path.
 */
export class DeliveryLoop {
  constructor(private readonly ports: DeliveryPorts, private readonly settings: DeliverySettings) {}

  /** Sends one batch of due deliveries; returns how many were claimed (0: nothing due). */
  async tick(): Promise<number> {
    const due = await this.ports.claimDue(this.settings.batchSize, this.settings.leaseMs);
    await Promise.all(due.map((entry) => this.deliver(entry).catch((error) => this.failedUnexpectedly(entry, error))));
    return due.length;
  }

  /**
   * A delivery that failed outside the HTTP call (the webhook's secret cannot be decrypted with SECRETS_KEYS, the
   * database went away): tried again later like a retriable failure; if even that cannot be recorded, the claim's
   * lease runs out and the next tick takes it again.
   */
  private async failedUnexpectedly(entry: OutboxEntry, error: unknown): Promise<void> {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    this.ports.logger.error(`tenant ${entry.tenant}: ${entry.kind} notification ${entry.deliveryId} to webhook ${entry.webhookId} could not be sent: ${message}`, { tenant: entry.tenant });
    const delayMs = backoffDelay(this.settings.backoff, entry.attempts);
    await this.ports.retryLater(entry.deliveryId, delayMs, message).catch(() => undefined);
  }

  private async deliver(entry: OutboxEntry): Promise<void> {
    const webhook = await this.ports.webhook(entry.webhookId);
    const about = `tenant ${entry.tenant}: ${entry.kind} notification ${entry.deliveryId} to webhook ${entry.webhookId}`;
    if (!webhook) {
      await this.ports.giveUp(entry.deliveryId, 'the webhook was removed');
      pipelineMetrics.notificationDelivery(entry.tenant, entry.kind, 'given-up');
      this.ports.logger.info(`${about}: not sent, the webhook was removed`, { tenant: entry.tenant });
      return;
    }
    const host = webhookHost(webhook.url);
    const attempt = await this.attempt(webhook, entry);
    if (attempt.outcome === 'sent') {
      await this.ports.markSent(entry.deliveryId);
      pipelineMetrics.notificationDelivery(entry.tenant, entry.kind, 'sent');
      this.ports.logger.info(`${about} (${host}) sent`, { tenant: entry.tenant, attempts: entry.attempts });
      return;
    }
    if (attempt.outcome === 'permanent' || entry.attempts >= this.settings.maxAttempts) {
      const why = attempt.outcome === 'permanent' ? attempt.error : `${attempt.error}; gave up after ${entry.attempts} attempts`;
      await this.ports.giveUp(entry.deliveryId, why);
      pipelineMetrics.notificationDelivery(entry.tenant, entry.kind, 'given-up');
      this.ports.logger.error(`${about} (${host}) given up: ${why}; check the receiver, then \`ops notifications list --tenant ${entry.tenant}\``, { tenant: entry.tenant });
      return;
    }
    const delayMs = backoffDelay(this.settings.backoff, entry.attempts);
    await this.ports.retryLater(entry.deliveryId, delayMs, attempt.error);
    pipelineMetrics.notificationDelivery(entry.tenant, entry.kind, 'retried');
    this.ports.logger.warn(`${about} (${host}) failed: ${attempt.error}; attempt ${entry.attempts + 1} in ${delayMs} ms`, { tenant: entry.tenant });
  }

  private async attempt(webhook: WebhookTarget, entry: OutboxEntry): Promise<Attempt> {
    try {
      checkWebhookUrl(webhook.url, { allowHttpLoopback: this.settings.allowHttpLoopback });
    } catch (error) {
      if (error instanceof WebhookUrlError) return { outcome: 'permanent', error: error.message };
      throw error;
    }
    const body = renderWebhookBody(webhook.format as WebhookFormat, entry.notification as unknown as Notification, entry.deliveryId);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'rostering-platform-notifier',
      'x-rp-notification-id': entry.deliveryId,
      [SIGNATURE_HEADER]: signWebhookBody(webhook.secret, body, this.ports.clock()),
    };
    let status: number;
    try {
      ({ status } = await this.ports.send(webhook.url, body, headers));
    } catch (error) {
      // fetch's own message may quote the URL: only the error's name and code are kept
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      return { outcome: 'retry', error: `request failed (${cause})` };
    }
    if (status >= 200 && status < 300) return { outcome: 'sent' };
    if (status === 408 || status === 429 || status >= 500) return { outcome: 'retry', error: `HTTP ${status}` };
    return { outcome: 'permanent', error: `HTTP ${status} (the receiver refuses it; a retry would too)` };
  }
}
