import { randomUUID } from 'node:crypto';
import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { CommonConfig, ConfigOf } from '@rp/config';
import { SyncRequest, Topics } from '@rp/messaging';
import { ExtractorRepository, extractorStore, TenantConnection, TenantRepository, adminStore } from '@rp/persistence';
import { pipelineMetrics } from '@rp/observability';
import { consumerGroupOf, InjectRuntime, ServiceRuntime } from '@rp/runtime';
import { RunCounts } from './domain/run-counts';
import { QueuedRun, RunQueue } from './domain/run-queue';
import { dueRun, resolveSchedule, SyncSchedule } from './domain/sync-schedule';
import type { extractorEnv } from './extractor.config';
import { rosteringClientFor } from './oneroster-client.factory';
import { SyncRunExecutor } from './sync-run.executor';

type ExtractorConfig = CommonConfig & ConfigOf<typeof extractorEnv>;

/**
 * The extractor's loop: runs requested on `sync.requests`, due by each tenant's schedule, or left unfinished by a
 * previous process; one run per tenant at a time. Runs are recorded before the request's offset is committed, so a
 * crash never loses one: it is run again, with the same id, on the next start.
 */
@Injectable()
export class ExtractorService implements OnModuleInit, OnApplicationShutdown {
  private repo!: ExtractorRepository;
  private tenants!: TenantRepository;
  private executor!: SyncRunExecutor;
  private queue!: RunQueue;
  private timer?: NodeJS.Timeout;
  private readonly abort = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly scheduleProblems = new Map<string, string>();

  constructor(@InjectRuntime() private readonly runtime: ServiceRuntime<ExtractorConfig>) {}

  async onModuleInit(): Promise<void> {
    const { runtime } = this;
    this.repo = new ExtractorRepository(await runtime.store(extractorStore));
    this.tenants = new TenantRepository(await runtime.store(adminStore), runtime.config.secretsKey);
    this.queue = new RunQueue(runtime.config.maxParallelTenants);
    this.executor = new SyncRunExecutor({
      repo: this.repo,
      publisher: runtime.publisher,
      logger: runtime.logger,
      topic: (name) => runtime.topic(name),
      client: rosteringClientFor,
      chunkSize: runtime.config.publishChunk,
      stage: runtime.config.serviceName,
    });
    for (const run of await this.repo.unfinishedRuns()) {
      runtime.logger.info('resuming a run left unfinished by the previous process', { tenant: run.tenant, run: run.runId });
      this.queue.add({ tenant: run.tenant, runId: run.runId, kind: run.kind });
    }
    const group = consumerGroupOf('extractor');
    runtime.consumer<SyncRequest>({
      groupId: group.groupId,
      topics: [Topics.syncRequests],
      handler: async (records) => {
        for (const r of records) if (r.value) await this.request(r.value);
      },
    });
    this.timer = setInterval(() => void this.tick(), runtime.config.tickMs);
    void this.tick();
  }

  /** Queues a requested run (recorded first, so committing the request cannot lose it). */
  async request(req: SyncRequest): Promise<void> {
    const known = await this.repo.run(req.runId);
    if (known && (known.status === 'finished' || known.status === 'failed')) {
      this.runtime.logger.info('sync request already handled; ignoring its redelivery', { tenant: req.tenant, run: req.runId });
      return;
    }
    await this.repo.queueRun({ runId: req.runId, tenant: req.tenant, kind: req.kind, requestedBy: req.requestedBy });
    const waitingKind = this.queue.waitingKind(req.tenant);
    const { merged, run, refused } = this.queue.add({ tenant: req.tenant, runId: req.runId, kind: req.kind, planOnly: req.planOnly === true });
    if (refused) {
      const message = `tenant ${req.tenant}: ${req.planOnly ? 'a plan-only run cannot join' : 'this run cannot join'} run ${run.runId}, which is waiting ` +
        `${run.planOnly ? 'as a plan-only run' : 'to apply its changes'} (ADR 0131); request it again once that run has started`;
      await this.repo.finishRun(req.runId, 'failed', {}, message);
      await this.executor.marker(req, 'failed', new RunCounts(), message);
      return;
    }
    if (merged && run.runId !== req.runId) {
      if (run.kind !== waitingKind) await this.repo.setRunKind(run.runId, run.kind);
      const message = `merged into run ${run.runId} of tenant ${req.tenant}, which was already waiting; follow that run`;
      await this.repo.finishRun(req.runId, 'finished', {}, message);
      await this.executor.marker(req, 'finished', new RunCounts(), message);
    }
    this.startRuns();
  }

  private async tick(): Promise<void> {
    try {
      if (this.runtime.config.schedule === 'on') await this.queueDueRuns();
      this.startRuns();
    } catch (error) {
      this.runtime.logger.error('scheduling failed; retrying on the next tick', { err: error });
    }
  }

  /** Re-reads the tenants (new ones are picked up) and queues each one's due run; one bad tenant never blocks the others. */
  private async queueDueRuns(): Promise<void> {
    const now = new Date();
    for (const tenant of await this.tenants.list()) {
      if (tenant.status !== 'active' || this.queue.isBusy(tenant.id)) continue;
      let schedule: SyncSchedule;
      try {
        schedule = resolveSchedule(tenant.id, tenant.schedule);
        this.scheduleProblems.delete(tenant.id);
      } catch (error) {
        const message = (error as Error).message;
        if (this.scheduleProblems.get(tenant.id) !== message) this.runtime.logger.error(`${message}; no scheduled runs until fixed`, { tenant: tenant.id });
        this.scheduleProblems.set(tenant.id, message); // logged once per problem, not every tick
        continue;
      }
      const history = await this.repo.lastRuns(tenant.id);
      const kind = dueRun(now, schedule, { ...history, hasWatermark: !!(await this.repo.watermark(tenant.id)) });
      if (!kind) continue;
      const runId = `${kind}-${now.toISOString().replace(/[:.]/g, '')}-${randomUUID().slice(0, 8)}`;
      await this.repo.queueRun({ runId, tenant: tenant.id, kind, requestedBy: 'schedule' });
      this.queue.add({ tenant: tenant.id, runId, kind });
    }
  }

  private startRuns(): void {
    if (this.abort.signal.aborted) return;
    for (const run of this.queue.takeStartable()) {
      const job = this.execute(run).finally(() => {
        this.queue.done(run.tenant);
        this.inFlight.delete(job);
        this.startRuns();
      });
      this.inFlight.add(job);
    }
  }

  private async execute(run: QueuedRun): Promise<void> {
    let tenant: TenantConnection;
    try {
      tenant = await this.tenants.connection(run.tenant);
    } catch (error) {
      const message = `tenant ${run.tenant}: cannot start run ${run.runId}: ${(error as Error).message}`;
      this.runtime.logger.error(message);
      await this.repo.finishRun(run.runId, 'failed', {}, message);
      pipelineMetrics.syncRunEnded(run.tenant, run.kind, 'failed');
      return;
    }
    if (tenant.status !== 'active') {
      await this.repo.finishRun(run.runId, 'failed', {}, `tenant ${run.tenant} is ${tenant.status}; enable it with \`ops tenants enable ${run.tenant}\``);
      pipelineMetrics.syncRunEnded(run.tenant, run.kind, 'failed');
      return;
    }
    await this.executor.run(run, tenant, this.abort.signal).catch(() => undefined); // logged and recorded by the executor
  }

  /** SIGTERM: no new runs; a run in progress stops between pages and is resumed by the next process. */
  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.abort.abort();
    await Promise.allSettled([...this.inFlight]);
  }
}
