import { tenantPartition, type Admin, type ConsumedRecord, type SyncRunEvent } from '@rp/messaging';
import type { ServiceRuntime } from './service-runtime';

/** An input partition position that all of a run's records lie before (its end offset when the marker was seen). */
export interface OffsetTarget {
  topic: string;
  partition: number;
  offset: number;
}

/** What a stage decides for itself; the watcher does the Kafka side (offsets, polling, publishing the marker). */
export interface StageCompletionRules {
  /** The stage whose `finished` marker on `sync.runs` starts this stage's wait for the run. */
  readonly upstreamStage: SyncRunEvent['stage'];
  /** Remembers the run with where its records end in this stage's input (the tenant's partition of each topic). */
  awaitRun(marker: SyncRunEvent, targets: OffsetTarget[]): void;
  hasPending(): boolean;
  /** This stage's `finished` markers due now, given the group's committed offset of each input partition. */
  due(committedOffset: (topic: string, partition: number) => number, now: Date): Promise<SyncRunEvent[]>;
  /** The log line for a published marker. */
  finishedMessage(event: SyncRunEvent): string;
}

/**
 * Publishes a stage's `finished` marker on `sync.runs` once the upstream stage finished a run and this stage has
 * consumed (committed) everything the upstream published for it — polling the group's committed offsets while runs
 * are pending. The transformer and the loader each give their own rules.
 */
export class StageCompletionWatcher {
  private readonly admin: Admin;
  private timer?: NodeJS.Timeout;
  private checking?: Promise<void>;

  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly groupId: string,
    private readonly inputTopics: string[],
    private readonly rules: StageCompletionRules,
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

  /** Handles `sync.runs` records: the upstream stage's finished marker starts the wait for the run's backlog. */
  async onSyncRuns(records: ConsumedRecord<SyncRunEvent>[]): Promise<void> {
    for (const { value } of records) {
      if (!value || value.stage !== this.rules.upstreamStage || value.phase !== 'finished') continue;
      const targets: OffsetTarget[] = [];
      for (const topic of this.inputTopics) {
        const ends = await this.admin.fetchTopicOffsets(topic);
        const partition = tenantPartition(value.tenant, ends.length);
        targets.push({ topic, partition, offset: Number(ends.find((e) => e.partition === partition)?.high ?? 0) });
      }
      this.rules.awaitRun(value, targets);
    }
    await this.check();
  }

  private check(): Promise<void> {
    if (!this.rules.hasPending()) return Promise.resolve();
    this.checking ??= this.publishDue()
      .catch((error) => this.runtime.logger.warn('could not check sync runs for completion', { err: error }))
      .finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async publishDue(): Promise<void> {
    const committed = await this.admin.fetchOffsets({ groupId: this.groupId, topics: this.inputTopics });
    const offsetOf = (topic: string, partition: number) =>
      Number(committed.find((t) => t.topic === topic)?.partitions.find((p) => p.partition === partition)?.offset ?? -1);
    for (const event of await this.rules.due(offsetOf, new Date())) {
      await this.runtime.publisher.publish(this.runtime.topic('sync.runs'), [
        { key: `${event.tenant}|${event.runId}`, value: event, tenant: event.tenant, syncRun: event.runId },
      ]);
      this.runtime.logger.info(this.rules.finishedMessage(event), { tenant: event.tenant, runId: event.runId, counts: event.counts });
    }
  }
}
