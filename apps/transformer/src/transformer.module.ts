import { DynamicModule, Injectable, Module, OnModuleInit } from '@nestjs/common';
import type { CommonConfig, ConfigOf } from '@rp/config';
import type { ConsumedRecord, OneRosterEntityChange, SyncRunEvent } from '@rp/messaging';
import { canvasTopic, oneRosterTopic } from '@rp/messaging';
import { pipelineMetrics, TenantCountsPoller } from '@rp/observability';
import { TenantRepository, TransformerRepository, adminStore, transformerStore } from '@rp/persistence';
import { InjectRuntime, ServiceRuntime, consumerGroupOf, groupName } from '@rp/runtime';
import { ParkedCounts } from './parked-counts';
import { transformerCompletionWatcher } from './run-completion.watcher';
import { RunCompletionTracker } from './domain/run-completion.tracker';
import { tenantMappingSettings } from './tenant-settings';
import { TransformBatchHandler } from './transform-batch.handler';
import type { transformerEnv } from './transformer.config';

type TransformerConfig = CommonConfig & ConfigOf<typeof transformerEnv>;

/** PostgreSQL connections shared by the evaluations' parallel reads, beyond one per tenant transaction. */
export const TRANSFORMER_READ_CONNECTIONS = 6;

/** Wires the transformer's consumer: stores, tenant settings, publisher, parked gauge. */
@Injectable()
export class TransformerConsumer implements OnModuleInit {
  constructor(@InjectRuntime() private readonly runtime: ServiceRuntime<TransformerConfig>) {}

  async onModuleInit(): Promise<void> {
    const runtime = this.runtime;
    // a connection per tenant transaction in flight, and some for the reads each evaluation sends at once (ADR 0175)
    const poolSize = runtime.config.consumerKeyConcurrency + TRANSFORMER_READ_CONNECTIONS;
    const repository = new TransformerRepository(await runtime.store(transformerStore, { poolSize }));
    const tenants = new TenantRepository(await runtime.store(adminStore), runtime.config.secretsKey);
    // rp_transformer_parked{tenant}: entities waiting for parents or settings, refreshed after batches that park or release.
    const gauge = new TenantCountsPoller({
      read: () => repository.parkedCounts(), publish: (counts) => pipelineMetrics.setParkedEntities(counts), logger: runtime.logger, what: 'parked entities',
    });
    const settingsOf = (tenant: string) => tenantMappingSettings(tenants, tenant);
    const parked = new ParkedCounts(repository, settingsOf);
    // rp_transformer_parked_stale{tenant}: waiting longer than the tenant's parking.flagAfterHours.
    const staleGauge = new TenantCountsPoller({
      read: () => parked.stale(), publish: (counts) => pipelineMetrics.setStaleParkedEntities(counts), logger: runtime.logger, what: 'stale parked entities',
    });
    runtime.onShutdown(async () => {
      gauge.stop();
      staleGauge.stop();
    });
    await gauge.refresh();
    await staleGauge.refresh();
    const handler = new TransformBatchHandler({
      repository,
      settingsOf,
      publish: async (type, records) => {
        await runtime.publisher.publish(runtime.topic(canvasTopic(type)), records);
      },
      tombstone: async (type, records) => {
        await runtime.publisher.publish(runtime.topic(oneRosterTopic(type)), records);
      },
      clock: () => new Date(),
      logger: runtime.logger,
    });
    const { groupId, topics } = consumerGroupOf('transformer');
    const syncRuns = runtime.topic('sync.runs');
    const inputTopics = topics.map((t) => runtime.topic(t)).filter((t) => t !== syncRuns);
    const runTracker = new RunCompletionTracker();
    const runs = transformerCompletionWatcher(runtime, groupName(runtime.naming, groupId), inputTopics, runTracker, (tenant) => parked.ofRun(tenant));
    await runs.start();
    runtime.onShutdown(() => runs.stop());
    runtime.consumer<OneRosterEntityChange | SyncRunEvent>({
      groupId,
      topics,
      maxRecordsPerCall: runtime.config.sliceRecords,
      maxBufferedRecords: 3 * runtime.config.sliceRecords,
      handler: async (records) => {
        if (records[0]?.topic === syncRuns) return runs.onSyncRuns(records as ConsumedRecord<SyncRunEvent>[]);
        const results = await handler.handle(records as ConsumedRecord<OneRosterEntityChange>[]);
        for (const result of results) for (const [run, counts] of Object.entries(result.runs)) runTracker.count(result.tenant, run, counts);
        if (results.some((r) => r.parked > 0 || r.released > 0 || r.blocked > 0)) {
          await gauge.refresh();
          await staleGauge.refresh();
        }
      },
    });
  }
}

@Module({})
export class TransformerModule {
  static forRuntime(): DynamicModule {
    return { module: TransformerModule, providers: [TransformerConsumer] };
  }
}
