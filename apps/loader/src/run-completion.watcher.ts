import type { Admin } from '@rp/messaging';
import type { ConsumedRecord, LoadResult, SyncRunEvent } from '@rp/messaging';
import { tenantPartition } from '@rp/messaging';
import type { ServiceRuntime } from '@rp/runtime';
import { OffsetTarget, RunLoadTracker } from './domain/run-load.tracker';
import type { RunProgress } from './run-progress.queries';

/**
 * Publishes the loader's `finished` marker on `sync.runs` once everything the transformer published for a run has
 * been imported into Canvas, failed, held or left waiting (see `RunLoadTracker`), polling while runs are pending.
 */
export class RunCompletionWatcher {
  readonly tracker = new RunLoadTracker();
  private readonly admin: Admin;
  private timer?: NodeJS.Timeout;
  private checking?: Promise<void>;

  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly groupId: string,
    private readonly inputTopics: string[],
    /** Where the run's rows stand; rows of the tenant received by `receivedBy` count as the run's (`RunProgressQueries`). */
    private readonly progressOf: (tenant: string, runId: string, receivedBy: Date) => Promise<RunProgress>,
    private readonly pollMs = 1_000,
  ) {
    this.admin = runtime.kafka.admin();
  }

  async start(): Promise<void> {
    await this.admin.connect();
    this.timer = setInterval(() => void this.check(), this.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.checking;
    await this.admin.disconnect();
  }

  /** Load results as they are published: the run's counts. */
  onResults(results: LoadResult[]): void {
    this.tracker.recordResults(results);
  }

  /** Handles `sync.runs` records: a transformer's finished marker starts the wait for the run's Canvas imports. */
  async onSyncRuns(records: ConsumedRecord<SyncRunEvent>[]): Promise<void> {
    for (const { value } of records) {
      if (!value || value.stage !== 'transformer' || value.phase !== 'finished') continue;
      const targets: OffsetTarget[] = [];
      for (const topic of this.inputTopics) {
        const ends = await this.admin.fetchTopicOffsets(topic);
        const partition = tenantPartition(value.tenant, ends.length);
        targets.push({ topic, partition, offset: Number(ends.find((e) => e.partition === partition)?.high ?? 0) });
      }
      this.tracker.awaitRun(value, targets);
    }
    await this.check();
  }

  private check(): Promise<void> {
    if (!this.tracker.hasPending()) return Promise.resolve();
    this.checking ??= this.publishLoaded()
      .catch((error) => this.runtime.logger.warn('could not check sync runs for completion', { err: error }))
      .finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async publishLoaded(): Promise<void> {
    const committed = await this.admin.fetchOffsets({ groupId: this.groupId, topics: this.inputTopics });
    const offsetOf = (topic: string, partition: number) =>
      Number(committed.find((t) => t.topic === topic)?.partitions.find((p) => p.partition === partition)?.offset ?? -1);
    for (const transformed of this.tracker.received(offsetOf, new Date())) {
      const progress = await this.progressOf(transformed.tenant, transformed.runId, transformed.receivedBy);
      if (!progress.done) continue;
      const event = this.tracker.finish(transformed, new Date(), progress);
      await this.runtime.publisher.publish(this.runtime.topic('sync.runs'), [
        { key: `${event.tenant}|${event.runId}`, value: event, tenant: event.tenant, syncRun: event.runId },
      ]);
      this.runtime.logger.info(`tenant ${event.tenant}: sync run ${event.runId} loaded into Canvas`, { tenant: event.tenant, runId: event.runId, counts: event.counts });
    }
  }
}
