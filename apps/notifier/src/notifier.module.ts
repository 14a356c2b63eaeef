import { DynamicModule, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { Topics } from '@rp/messaging';
import { adminStore, NotificationWebhookRepository, NotifierDayFactsRepository, notifierStore, NotifierOutboxRepository, NotifierPassbackOutcomesRepository, NotifierTenantsReader } from '@rp/persistence';
import { consumerGroupOf, InjectRuntime, ServiceRuntime } from '@rp/runtime';
import { CredentialExpiryChecker } from './credential-expiry.checker';
import { DailySummaryScheduler } from './daily-summary.scheduler';
import { DeliveryLoop } from './delivery.loop';
import { DeliveryRunner } from './delivery.runner';
import { NotificationIntake, NotifierEvent } from './notification.intake';
import { PassbackRefusalCounter } from './passback-refusal.counter';
import type { NotifierConfig } from './notifier.config';
import { fetchWebhookSender } from './webhook.sender';

const BATCH_SIZE = 20;
const HOUR_MS = 3_600_000;

/** Wires the notifier: its consumer (events → outbox) and its delivery loop (outbox → signed webhook calls). */
@Injectable()
export class NotifierService implements OnModuleInit {
  constructor(@InjectRuntime() private readonly runtime: ServiceRuntime<NotifierConfig>) {}

  async onModuleInit(): Promise<void> {
    const { runtime } = this;
    const { config } = runtime;
    const own = await runtime.store(notifierStore);
    const outbox = new NotifierOutboxRepository(own);
    const facts = new NotifierDayFactsRepository(own);
    const admin = await runtime.store(adminStore);
    const webhooks = new NotificationWebhookRepository(admin, config.secretsKey);
    const tenants = new NotifierTenantsReader(admin);
    const refusalCounts = new NotifierPassbackOutcomesRepository(own);
    const refusals = new PassbackRefusalCounter({
      settingsOf: async (ids) => new Map((await tenants.list(ids)).map((t) => [t.id, t.notifications])),
      record: (rows) => refusalCounts.record(rows),
      clock: () => new Date(),
    });
    const intake = new NotificationIntake({
      webhooksOf: (tenant) => webhooks.list(tenant),
      enqueue: (entries) => outbox.enqueue(entries.map((e) => ({ ...e, notification: e.notification as unknown as Record<string, unknown> }))),
      recordFacts: (list) => facts.record(list),
      syncRunsTopic: runtime.topic(Topics.syncRuns),
      stallsTopic: runtime.topic(Topics.stalls),
      writeOutcomesTopic: runtime.topic(Topics.gradebookWriteOutcomes),
      refusalNotifications: (records) => refusals.notificationsOf(records),
      stallThresholdMs: config.stallThresholdMs,
    });
    const loop = new DeliveryLoop({
      claimDue: (limit, leaseMs) => outbox.claimDue(limit, leaseMs),
      markSent: (id) => outbox.markSent(id),
      retryLater: (id, delayMs, error) => outbox.retryLater(id, delayMs, error),
      giveUp: (id, error) => outbox.giveUp(id, error),
      webhook: (id) => webhooks.target(id),
      send: fetchWebhookSender(config.timeoutMs),
      clock: () => new Date(),
      logger: runtime.logger,
    }, {
      maxAttempts: config.maxAttempts,
      backoff: { initialDelayMs: config.retryBaseMs, maxDelayMs: config.retryMaxMs },
      allowHttpLoopback: config.allowHttpLoopback,
      leaseMs: config.timeoutMs * 3,
      batchSize: BATCH_SIZE,
    });
    const summaries = new DailySummaryScheduler({
      webhooks: () => webhooks.list(),
      timeZones: async (ids) => new Map((await tenants.list(ids)).map((t) => [t.id, t.timeZone])),
      factsBetween: (tenant, from, to) => facts.between(tenant, from, to),
      enqueue: (entries) => outbox.enqueue(entries.map((e) => ({ ...e, notification: e.notification as unknown as Record<string, unknown> }))),
      clock: () => new Date(),
      logger: runtime.logger,
    }, config.dailySummaryHour);
    const expiries = new CredentialExpiryChecker({
      webhooks: () => webhooks.list(),
      tenants: (ids) => tenants.list(ids),
      enqueue: (entries) => outbox.enqueue(entries.map((e) => ({ ...e, notification: e.notification as unknown as Record<string, unknown> }))),
      clock: () => new Date(),
      logger: runtime.logger,
    }, config.expiryCheckMs);
    let lastPurge = 0;
    const runner = new DeliveryRunner(loop, {
      pollMs: config.pollMs, batchSize: BATCH_SIZE, logger: runtime.logger,
      housekeeping: async () => {
        await summaries.runDue();
        await expiries.runDue();
        if (Date.now() - lastPurge < HOUR_MS) return;
        lastPurge = Date.now();
        const before = new Date(Date.now() - config.retentionDays * 24 * HOUR_MS);
        await outbox.purge(before);
        await facts.purgeBefore(before.toISOString().slice(0, 10));
        await refusalCounts.purgeBefore(new Date(Date.now() - 2 * 24 * HOUR_MS)); // windows last at most a day
      },
    });
    runtime.onShutdown(() => runner.stop());
    const { groupId, topics } = consumerGroupOf('notifier');
    runtime.consumer<NotifierEvent>({
      groupId,
      topics,
      handler: async (records) => {
        if ((await intake.handle(records)) > 0) runner.nudge();
      },
    });
    runner.start();
  }
}

@Module({})
export class NotifierModule {
  static forRuntime(): DynamicModule {
    return { module: NotifierModule, providers: [NotifierService] };
  }
}
