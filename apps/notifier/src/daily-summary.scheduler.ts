import type { Logger } from '@rp/observability';
import { dailySummary, FactKind, summaryDayDue } from './domain/daily-summary';
import type { Notification } from './domain/notification';
import { deliveryKey } from './domain/notification-keys';
import type { IntakePorts } from './notification.intake';

/** Every side effect of the daily summary: webhooks, the day's facts, the outbox, the clock. */
export interface DailySummaryPorts {
  /** Every tenant's webhooks with their subscribed kinds. */
  webhooks(): Promise<{ id: string; tenant: string; events: string[] }[]>;
  factsOf(tenant: string, day: string): Promise<{ kind: string; ref: string }[]>;
  enqueue: IntakePorts['enqueue'];
  clock: () => Date;
  logger: Logger;
}

/**
 * Once the clock passed the summary hour (UTC), stores yesterday's summary for every tenant with a webhook subscribed
 * to `daily-summary`. Checked on every delivery tick; the outbox key makes it once per tenant and day across restarts
 * and replicas, and `done` spares the queries for the rest of the day.
 */
export class DailySummaryScheduler {
  private done?: string;

  constructor(private readonly ports: DailySummaryPorts, private readonly hourUtc: number) {}

  /** Stores the due summaries; returns how many were new. */
  async runDue(): Promise<number> {
    const now = this.ports.clock();
    const day = summaryDayDue(now, this.hourUtc);
    if (!day || day === this.done) return 0;
    const subscribed = (await this.ports.webhooks()).filter((w) => w.events.includes('daily-summary'));
    const tenants = [...new Set(subscribed.map((w) => w.tenant))];
    let fresh = 0;
    for (const tenant of tenants) {
      const facts = await this.ports.factsOf(tenant, day);
      const summary: Notification = dailySummary(tenant, day, facts.map((f) => ({ kind: f.kind as FactKind, ref: f.ref })), now);
      const entries = subscribed.filter((w) => w.tenant === tenant).map((w) => ({
        deliveryId: deliveryKey(summary.key, w.id), notificationKey: summary.key, tenant, webhookId: w.id, kind: summary.kind, notification: summary,
      }));
      fresh += (await this.ports.enqueue(entries)).length;
    }
    if (fresh > 0) this.ports.logger.info(`daily summaries of ${day} stored for ${fresh} webhook(s)`);
    this.done = day;
    return fresh;
  }
}
