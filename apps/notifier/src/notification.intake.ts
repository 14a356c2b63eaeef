import type { ConsumedRecord, GradebookWriteOutcomes, LoadResult, StallReport, SyncRunEvent } from '@rp/messaging';
import type { NotificationKind } from '@rp/config';
import { DayFact, factOf } from './domain/daily-summary';
import type { Notification } from './domain/notification';
import { deliveryKey } from './domain/notification-keys';
import { notificationOfLoadResult, notificationOfRun } from './domain/notifications-from-events';
import { notificationOfStall } from './domain/stall-notification';

/** Every side effect of the intake: the tenant's webhooks and the outbox. */
export interface IntakePorts {
  /** The webhooks of a tenant with the kinds each subscribed to. */
  webhooksOf(tenant: string): Promise<{ id: string; events: string[] }[]>;
  /** Stores deliveries (a delivery stored before is ignored); returns the ids that were new. */
  enqueue(entries: { deliveryId: string; notificationKey: string; tenant: string; webhookId: string; kind: NotificationKind; notification: Notification }[]): Promise<string[]>;
  /** Keeps the facts the daily summary counts (a fact recorded before is ignored). */
  recordFacts(facts: DayFact[]): Promise<void>;
  /** Topic names as deployed (with TOPIC_PREFIX). */
  syncRunsTopic: string;
  stallsTopic: string;
  writeOutcomesTopic: string;
  /** The `passback-refusals` notifications of the windows these grade-write outcomes push over the rate. */
  refusalNotifications(records: GradebookWriteOutcomes[]): Promise<Notification[]>;
  /** A stall notifies once it lasted this long. */
  stallThresholdMs: number;
}

/** What the notifier consumes. */
export type NotifierEvent = SyncRunEvent | LoadResult | StallReport | GradebookWriteOutcomes;

/**
 * Consumes run, load-result, stall and grade-write outcome events: each that notifies becomes one outbox row per subscribed webhook; runs and
 * held plans are also kept as facts for the daily summary. Nothing is
 * sent here, so the consumer never waits on a webhook; the delivery loop sends. A batch may repeat after a restart:
 * the delivery ids make that a no-op.
 */
export class NotificationIntake {
  constructor(private readonly ports: IntakePorts) {}

  /** Handles one consumed batch; returns how many deliveries were new. */
  async handle(records: ConsumedRecord<NotifierEvent>[]): Promise<number> {
    const notifications = new Map<string, Notification>();
    const facts = new Map<string, DayFact>();
    const outcomes: GradebookWriteOutcomes[] = [];
    for (const record of records) {
      if (!record.value) continue;
      if (record.topic === this.ports.writeOutcomesTopic) {
        outcomes.push(record.value as GradebookWriteOutcomes);
        continue;
      }
      if (record.topic === this.ports.stallsTopic) {
        const stall = notificationOfStall(record.value as StallReport, this.ports.stallThresholdMs);
        if (stall && !notifications.has(stall.key)) notifications.set(stall.key, stall);
        continue;
      }
      const fromSyncRuns = record.topic === this.ports.syncRunsTopic;
      const n = fromSyncRuns ? notificationOfRun(record.value as SyncRunEvent) : notificationOfLoadResult(record.value as LoadResult);
      if (n && !notifications.has(n.key)) notifications.set(n.key, n);
      const fact = factOf(record.value as SyncRunEvent | LoadResult, fromSyncRuns);
      if (fact) facts.set(fact.key, fact);
    }
    for (const n of await this.ports.refusalNotifications(outcomes)) if (!notifications.has(n.key)) notifications.set(n.key, n);
    await this.ports.recordFacts([...facts.values()]);
    if (notifications.size === 0) return 0;
    const byTenant = new Map<string, Notification[]>();
    for (const n of notifications.values()) byTenant.set(n.tenant, [...(byTenant.get(n.tenant) ?? []), n]);
    let fresh = 0;
    for (const [tenant, list] of byTenant) {
      const webhooks = await this.ports.webhooksOf(tenant);
      const entries = list.flatMap((n) => webhooks.filter((w) => w.events.includes(n.kind)).map((w) => ({
        deliveryId: deliveryKey(n.key, w.id), notificationKey: n.key, tenant, webhookId: w.id, kind: n.kind, notification: n,
      })));
      fresh += (await this.ports.enqueue(entries)).length;
    }
    return fresh;
  }
}
