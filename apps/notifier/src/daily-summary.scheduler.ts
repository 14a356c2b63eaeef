import type { Logger } from '@rp/observability';
import { dailySummary, FactKind, localDayBounds, summaryDayDue } from './domain/daily-summary';
import type { Notification } from './domain/notification';
import { deliveryKey } from './domain/notification-keys';
import type { IntakePorts } from './notification.intake';

/** Every side effect of the daily summary: webhooks, tenants' time zones, the facts, the outbox, the clock. */
export interface DailySummaryPorts {
  /** Every tenant's webhooks with their subscribed kinds. */
  webhooks(): Promise<{ id: string; tenant: string; events: string[] }[]>;
  /** The time zone of each tenant asked for (a tenant without one is on UTC). */
  timeZones(tenants: string[]): Promise<Map<string, string>>;
  /** A tenant's facts that happened in [from, to). */
  factsBetween(tenant: string, from: Date, to: Date): Promise<{ kind: string; ref: string }[]>;
  enqueue: IntakePorts['enqueue'];
  clock: () => Date;
  logger: Logger;
}

/**
 * Once the wall clock in a tenant's time zone passed the summary hour, stores the summary of the tenant's local
 * yesterday (its instants, 23 or 25 hours on the days clocks change) for every webhook subscribed to `daily-summary`.
 * Checked on every delivery tick; the outbox key makes it once per tenant and day across restarts and replicas, and
 * `done` spares the queries for the rest of that tenant's day.
 */
export class DailySummaryScheduler {
  private readonly done = new Map<string, string>();

  constructor(private readonly ports: DailySummaryPorts, private readonly hour: number) {}

  /** Stores the due summaries; returns how many were new. */
  async runDue(): Promise<number> {
    const now = this.ports.clock();
    const subscribed = (await this.ports.webhooks()).filter((w) => w.events.includes('daily-summary'));
    const tenants = [...new Set(subscribed.map((w) => w.tenant))];
    if (tenants.length === 0) return 0;
    const zones = await this.ports.timeZones(tenants);
    let fresh = 0;
    for (const tenant of tenants) {
      const timeZone = zones.get(tenant) ?? 'UTC';
      const day = summaryDayDue(now, this.hour, timeZone);
      if (!day || this.done.get(tenant) === day) continue;
      const { from, to } = localDayBounds(day, timeZone);
      const facts = await this.ports.factsBetween(tenant, from, to);
      const summary: Notification = dailySummary(tenant, day, facts.map((f) => ({ kind: f.kind as FactKind, ref: f.ref })), now, timeZone);
      const entries = subscribed.filter((w) => w.tenant === tenant).map((w) => ({
        deliveryId: deliveryKey(summary.key, w.id), notificationKey: summary.key, tenant, webhookId: w.id, kind: summary.kind, notification: summary,
      }));
      const stored = (await this.ports.enqueue(entries)).length;
      if (stored > 0) this.ports.logger.info(`tenant ${tenant}: daily summary of ${day} (${timeZone}) stored for ${stored} webhook(s)`);
      fresh += stored;
      this.done.set(tenant, day);
    }
    return fresh;
  }
}
