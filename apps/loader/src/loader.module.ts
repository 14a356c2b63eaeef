import { DynamicModule, Injectable, Module, OnModuleInit } from '@nestjs/common';
import type { CanvasEntityChange, CanvasEntityType, ConsumedRecord, LoadResult, SyncRunEvent } from '@rp/messaging';
import { canvasKey, canvasTopic } from '@rp/messaging';
import {
  adminStore, LoaderImportRepository, LoaderPendingRepository, LoaderPlanRepository, LoaderPlanRunRepository, loaderStore, RunHistoryRepository, TenantRepository,
} from '@rp/persistence';
import { consumerGroupOf, groupName, InjectRuntime, ServiceRuntime } from '@rp/runtime';
import type { CommonConfig, ConfigOf } from '@rp/config';
import { pipelineMetrics, TenantCountsPoller, TraceContextMemo } from '@rp/observability';
import { CanvasChangeHandler } from './canvas-change.handler';
import { canvasImportsFor, type CanvasImportsPort } from './canvas-imports.port';
import type { loaderEnv } from './loader.config';
import { LoaderLoop } from './loader.loop';
import { TenantStepLock } from './tenant-step.lock';
import { loaderCompletionWatcher } from './run-completion.watcher';
import { RunLoadTracker } from './domain/run-load.tracker';
import { PlanPreviewMaker } from './plan-preview.maker';
import { RunHistoryPruner } from './run-history.pruner';
import { RunProgressQueries } from './run-progress.queries';
import { TenantBatchRunner } from './tenant-batch.runner';

type LoaderConfig = CommonConfig & ConfigOf<typeof loaderEnv>;

/** Wires the loader: the canvas.* consumer into loader_pending, and the per-tenant batch loop. */
@Injectable()
export class LoaderService implements OnModuleInit {
  constructor(@InjectRuntime() private readonly runtime: ServiceRuntime<LoaderConfig>) {}

  async onModuleInit(): Promise<void> {
    const runtime = this.runtime;
    const config = runtime.config;
    const dataSource = await runtime.store(loaderStore);
    const pending = new LoaderPendingRepository(dataSource);
    const tenants = new TenantRepository(await runtime.store(adminStore), config.secretsKey);
    const traces = new TraceContextMemo();
    const handler = new CanvasChangeHandler({ store: pending, clock: () => new Date(), logger: runtime.logger, traces });
    // The contract (libs/runtime/src/consumer-groups.contract.json) lists the canvas.* topics and sync.runs, whose transformer finished
    // markers start the wait for a run's imports (the loader's own marker).
    const { groupId, topics } = consumerGroupOf('loader');
    const syncRuns = runtime.topic('sync.runs');
    const inputTopics = topics.filter((t) => t !== 'sync.runs').map((t) => runtime.topic(t));
    const progress = new RunProgressQueries(pending);
    const plans = new LoaderPlanRepository(dataSource);
    const previews = new PlanPreviewMaker({ planRuns: new LoaderPlanRunRepository(dataSource), plans, pending, clock: () => new Date(), logger: runtime.logger });
    const runTracker = new RunLoadTracker();
    // A plan-only run's rows become its preview plan once they are all in; then they count as held (ADR 0131).
    const runs = loaderCompletionWatcher(runtime, groupName(runtime.naming, groupId), inputTopics, runTracker, async (tenant, run, receivedBy) => {
      await previews.whenPlanRun(tenant, run);
      return progress.progress(tenant, run, receivedBy);
    });
    await runs.start();
    runtime.onShutdown(() => runs.stop());
    // Run history (ADR 0130): every sync.runs marker and the load results of objects that did not reach Canvas.
    const history = new RunHistoryRepository(dataSource);
    const pruner = new RunHistoryPruner(history, {
      retentionDays: config.runHistoryRetentionDays, intervalMs: config.runHistoryPruneIntervalMs, clock: () => new Date(), logger: runtime.logger,
    });
    pruner.start();
    runtime.onShutdown(() => pruner.stop());
    runtime.consumer<CanvasEntityChange | SyncRunEvent>({
      groupId, topics,
      handler: async (records) => {
        if (records[0]?.topic === syncRuns) {
          const events = records.flatMap((r) => (r.value ? [r.value as SyncRunEvent] : []));
          await history.recordEvents(events);
          for (const e of events) if (e.stage === 'extractor' && e.phase === 'started') await previews.onRunStarted(e.tenant, e.runId);
          return runs.onSyncRuns(records as ConsumedRecord<SyncRunEvent>[]);
        }
        return handler.handle(records as ConsumedRecord<CanvasEntityChange>[]);
      },
    });

    // rp_held_plans{tenant}: polled, since operators decide plans from another process (ops plans approve/reject).
    const heldPlans = new TenantCountsPoller({
      read: () => plans.heldCounts(), publish: (counts) => pipelineMetrics.setHeldPlans(counts), logger: runtime.logger, what: 'held plans',
    });
    runtime.onShutdown(async () => heldPlans.stop());
    await heldPlans.refresh();

    const resultsTopic = runtime.topic('canvas.load-results');
    const canvasPorts = new Map<string, { token: string; baseUrl: string; port: CanvasImportsPort }>();
    const runner = new TenantBatchRunner({
      dataSource, pending,
      imports: new LoaderImportRepository(dataSource),
      plans,
      onPlanHeld: () => heldPlans.refresh(),
      connectionOf: (tenant) => tenants.connection(tenant),
      canvasFor: (connection) => {
        // One client per tenant and token, so Canvas's rate-limit budget is tracked across batches.
        const cached = canvasPorts.get(connection.id);
        if (cached && cached.token === connection.canvas.token && cached.baseUrl === connection.canvas.baseUrl) return cached.port;
        const port = canvasImportsFor(connection, { initialDelayMs: config.pollInitialMs, maxDelayMs: config.pollMaxMs });
        canvasPorts.set(connection.id, { token: connection.canvas.token, baseUrl: connection.canvas.baseUrl, port });
        return port;
      },
      publish: async (results: LoadResult[]) => {
        await runtime.publisher.publish(resultsTopic, results.map((r) => ({ key: `${r.tenant}|${r.canvasType}|${r.sisId}`, value: r, tenant: r.tenant, syncRun: r.syncRun ?? undefined })));
        runTracker.recordResults(results);
        await history.recordResults(results);
      },
      tombstone: async (tenant, keys) => {
        const byType = new Map<string, { canvasType: string; sisId: string }[]>();
        for (const key of keys) byType.set(key.canvasType, [...(byType.get(key.canvasType) ?? []), key]);
        await Promise.all([...byType].map(([type, list]) => runtime.publisher.publish(runtime.topic(canvasTopic(type as CanvasEntityType)), list.map((k) => ({
          key: canvasKey(tenant, k.canvasType as CanvasEntityType, k.sisId), value: null, tenant, op: 'tombstone',
        })))));
      },
      settings: config,
      clock: () => new Date(),
      logger: runtime.logger,
      traces,
    });
    // Replicas: one runs a tenant's step at a time (one SIS import per root account); the others skip it this tick.
    const stepLock = new TenantStepLock(dataSource, `loader:${runtime.naming.schemaPrefix}`);
    runtime.onShutdown(() => stepLock.close());
    const loop = new LoaderLoop({
      tenantsWithWork: () => pending.tenantsWithWork(),
      runOnce: async (t, s) => void (await stepLock.withLock(t, () => runner.runOnce(t, s))),
    }, { tickMs: config.tickMs, logger: runtime.logger });
    loop.start();
    runtime.onShutdown(() => loop.stop());
  }
}

@Module({})
export class LoaderModule {
  static forRuntime(): DynamicModule {
    return { module: LoaderModule, providers: [LoaderService] };
  }
}
