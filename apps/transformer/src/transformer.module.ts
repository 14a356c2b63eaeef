import { DynamicModule, Injectable, Module, OnModuleInit } from '@nestjs/common';
import type { ConsumedRecord, OneRosterEntityChange } from '@rp/messaging';
import { canvasTopic } from '@rp/messaging';
import { TenantRepository, TransformerRepository, adminStore, transformerStore } from '@rp/persistence';
import { InjectRuntime, ServiceRuntime, consumerGroupOf } from '@rp/runtime';
import { ParkedGauge } from './parked-gauge';
import { tenantMappingSettings } from './tenant-settings';
import { TransformBatchHandler } from './transform-batch.handler';

/** Wires the transformer's consumer: stores, tenant settings, publisher, parked gauge. */
@Injectable()
export class TransformerConsumer implements OnModuleInit {
  constructor(@InjectRuntime() private readonly runtime: ServiceRuntime) {}

  async onModuleInit(): Promise<void> {
    const runtime = this.runtime;
    const repository = new TransformerRepository(await runtime.store(transformerStore));
    const tenants = new TenantRepository(await runtime.store(adminStore), runtime.config.secretsKey);
    const gauge = new ParkedGauge(() => repository.parkedCounts(), runtime.logger);
    runtime.onShutdown(async () => gauge.stop());
    await gauge.refresh();
    const handler = new TransformBatchHandler({
      repository,
      settingsOf: (tenant) => tenantMappingSettings(tenants, tenant),
      publish: async (type, records) => {
        await runtime.publisher.publish(runtime.topic(canvasTopic(type)), records);
      },
      clock: () => new Date(),
      logger: runtime.logger,
    });
    const { groupId, topics } = consumerGroupOf('transformer');
    const syncRuns = runtime.topic('sync.runs');
    runtime.consumer<OneRosterEntityChange>({
      groupId,
      topics,
      handler: async (records: ConsumedRecord<OneRosterEntityChange>[]) => {
        // sync.runs is in the group's contract for a future "transformer finished" marker; nothing to do yet.
        if (records[0]?.topic === syncRuns) return;
        const results = await handler.handle(records);
        if (results.some((r) => r.parked > 0 || r.released > 0)) await gauge.refresh();
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
