import type { Admin } from '@rp/messaging';
import type { ConsumedRecord, SyncRunEvent } from '@rp/messaging';
import { tenantPartition } from '@rp/messaging';
import type { ServiceRuntime } from '@rp/runtime';
import { OffsetTarget, RunCompletionTracker } from './domain/run-completion.tracker';

/**
 * Publishes the transformer's `finished` marker on `sync.runs` once an extractor run's records are all
 * projected (see `RunCompletionTracker`), polling the group's committed offsets while runs are pending.
 */
export class RunCompletionWatcher {
  readonly tracker = new RunCompletionTracker();
  private readonly admin: Admin;
  private timer?: NodeJS.Timeout;
  private checking?: Promise<void>;

  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly groupId: string,
    private readonly inputTopics: string[],
    /** Parked counts of the tenant for the marker (`parked`, `parked.blocked`, `parked.stale`). */
    private readonly parkedCounts: (tenant: string) => Promise<Record<string, number>>,
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

  /** Handles `sync.runs` records: an extractor's finished marker starts the wait for its backlog. */
  async onSyncRuns(records: ConsumedRecord<SyncRunEvent>[]): Promise<void> {
    for (const { value } of records) {
      if (!value || value.stage !== 'extractor' || value.phase !== 'finished') continue;
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
    this.checking ??= this.publishCompleted()
      .catch((error) => this.runtime.logger.warn('could not check sync runs for completion', { err: error }))
      .finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async publishCompleted(): Promise<void> {
    const committed = await this.admin.fetchOffsets({ groupId: this.groupId, topics: this.inputTopics });
    const offsetOf = (topic: string, partition: number) =>
      Number(committed.find((t) => t.topic === topic)?.partitions.find((p) => p.partition === partition)?.offset ?? -1);
    for (const event of this.tracker.completed(offsetOf, new Date())) {
      Object.assign(event.counts, await this.parkedCounts(event.tenant));
      await this.runtime.publisher.publish(this.runtime.topic('sync.runs'), [
        { key: `${event.tenant}|${event.runId}`, value: event, tenant: event.tenant, syncRun: event.runId },
      ]);
      this.runtime.logger.info('sync run transformed', { tenant: event.tenant, runId: event.runId, counts: event.counts });
    }
  }
}
