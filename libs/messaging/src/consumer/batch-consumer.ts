import type { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { pipelineMetrics, type PartitionLag } from '@rp/observability';
import { ErrorClass } from '../errors';
import { tenantOfKey } from '../kafka/tenant-partitioner';
import { headerText } from '../producer/record-headers';
import { BackoffPolicy, DEFAULT_BACKOFF } from './backoff';
import type { BatchConsumerOptions } from './batch-consumer.options';
import { ConcurrencyLimit } from './concurrency-limit';
import { KeyedMutex } from './keyed-mutex';
import { BatchContext, ConsumedRecord, decodeRecord } from './consumed-record';
import { deadLetterRecord } from './dead-letter';
import { PartitionWork } from './partition-work';
import { ChunkRun, Outcome, runWithRetries } from './retry-loop';
import { RetriedFailure, StallLog } from './stall-log';
import { StallRegistry } from './stall-registry';

/** How long one fetch waits for records (or sleeps with every partition paused) before the next one is sent. */
export const DEFAULT_MAX_WAIT_TIME_MS = 500;

/**
 * Batch consumer with manual commits (DESIGN.md §3), isolating ordering keys (tenants by default) of one partition:
 * each fetched record is decoded (poison → DLQ) and queued under its key; each key's queue is handled in slices, in
 * order, with at most `keyConcurrency` handler calls at once. Commits move to one past the longest finished prefix
 * of each partition, so a record still in progress is fetched again after a crash or rebalance. Failures:
 * - retriable: the same slice again with capped exponential backoff and jitter, for as long as it takes (unless
 *   `backoff.retriableMaxAttempts` is set); only that key waits, and the wait shows as a stall
 *   (`rp_stalled_seconds{stage,tenant,cause}`, `stalls()`, `/readyz` details);
 * - permanent, or unknown after `maxAttempts` (a bug must not block a key forever): the slice is replayed one record
 *   at a time to find the failing record(s), which go to `<topic>.dlq` with their original bytes and the reason.
 * `stop()` lets in-flight handler calls finish and commit, leaves the group, and processes nothing else.
 * Metrics: `rp_records_in_total`, `rp_records_dlq_total`, `rp_consumer_lag` per assigned partition (the fetched
 * batch's high watermark minus the committed offset), `rp_stalled_seconds`.
 */
export class BatchConsumer<T> {
  private readonly consumer: Consumer;
  private readonly policy: BackoffPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly clock: () => Date;
  private readonly limit: ConcurrencyLimit;
  /** One handler call per ordering key at a time, across partitions and topics (a tenant's users and enrollments). */
  private readonly keyMutex = new KeyedMutex();
  private readonly stallRegistry: StallRegistry;
  private readonly stallLog: StallLog;
  private stopping = false;
  private restarts = 0;
  private restartTimer?: NodeJS.Timeout;
  private readonly joined: Promise<void>;
  private readonly stage: string;
  /** `topic|partition` → high watermark of the last fetched batch and next offset to commit. */
  private readonly positions = new Map<string, { topic: string; partition: number; high: bigint; next: bigint }>();
  private readonly work = new Map<string, PartitionWork<T>>();
  private unobserve: (() => void)[] = [];

  constructor(private readonly options: BatchConsumerOptions<T>) {
    this.stage = options.stage ?? options.groupId;
    this.policy = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.clock = options.clock ?? (() => new Date());
    this.limit = new ConcurrencyLimit(options.keyConcurrency ?? 4);
    this.stallRegistry = new StallRegistry(this.stage, this.clock);
    this.stallLog = new StallLog(this.stallRegistry, this.clock, options.logger);
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeout ?? 30_000,
      // kafkajs' 5 s default is how long a fetch may wait for data, and how long it sleeps when every partition is
      // paused: a partition resumed meanwhile (its backlog halved) then waited up to 5 s for its next fetch.
      maxWaitTimeInMs: options.maxWaitTimeInMs ?? DEFAULT_MAX_WAIT_TIME_MS,
      heartbeatInterval: options.heartbeatInterval ?? 3_000,
      rebalanceTimeout: options.rebalanceTimeout ?? 60_000,
      allowAutoTopicCreation: false,
    });
    this.joined = new Promise((resolve) => this.consumer.on(this.consumer.events.GROUP_JOIN, () => resolve()));
    this.consumer.on(this.consumer.events.CRASH, (event) => this.onCrash(event.payload));
    this.consumer.on(this.consumer.events.GROUP_JOIN, (event) => {
      this.restarts = 0;
      this.revokeAll();
      this.keepAssigned(event.payload.memberAssignment);
    });
  }

  /** The ordering key of a record (override or pass `orderingKeyOf` for a finer one); default its tenant. */
  protected orderingKeyOf(record: ConsumedRecord<T>): string {
    return this.options.orderingKeyOf ? this.options.orderingKeyOf(record) : (record.tenant ?? '');
  }

  /** Lag of the partitions this consumer has been assigned and fetched from. */
  lag(): PartitionLag[] {
    return [...this.positions.values()].map((p) => ({
      stage: this.stage, topic: p.topic, partition: p.partition, lag: Number(p.high > p.next ? p.high - p.next : 0n),
    }));
  }

  /** Ordering keys currently waiting for a dependency (retrying a retriable failure). */
  stalls(): StallRegistry {
    return this.stallRegistry;
  }

  /**
   * After a rebalance, partitions now read by another member report 0 here (that member reports their lag); a gauge
   * series that simply vanished would keep its last value in the exporter and be counted twice.
   */
  private keepAssigned(assignment: Record<string, number[]>): void {
    for (const p of this.positions.values()) if (!assignment[p.topic]?.includes(p.partition)) p.high = p.next;
  }

  /** Joins the group and starts consuming; resolves once running (see `whenJoined` for the first assignment). */
  async start(): Promise<void> {
    this.stopping = false;
    if (this.unobserve.length === 0) {
      this.unobserve = [pipelineMetrics.observeConsumerLag(() => this.lag()), pipelineMetrics.observeStalls(() => this.stallRegistry.metrics())];
    }
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning ?? true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  /** Resolves when the consumer has joined its group and received partitions. */
  whenJoined(): Promise<void> {
    return this.joined;
  }

  /** Graceful stop for SIGTERM: finishes and commits the in-flight handler calls, then leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    for (const off of this.unobserve.splice(0)) off();
    const parts = [...this.work.values()];
    await Promise.all(parts.map((p) => p.settled()));
    await Promise.all(parts.map((p) => p.commit().catch(() => undefined)));
    await this.consumer.stop();
    await this.consumer.disconnect();
  }

  /**
   * kafkajs restarts a crashed consumer only when the root cause is retriable; after a broker restart it can give up
   * for good (e.g. `KafkaJSGroupCoordinatorNotFound` while the offsets topic is still loading) and leave a running
   * process that consumes nothing. Any crash it will not restart is restarted here, with backoff, until `stop()`.
   */
  private onCrash(crash: { error: Error; restart: boolean }): void {
    this.revokeAll();
    if (crash.restart || this.stopping) return;
    const delayMs = Math.min(30_000, 1000 * 2 ** Math.min(this.restarts, 5));
    this.restarts++;
    this.options.logger?.warn(`consumer crashed and kafkajs will not restart it; restarting in ${delayMs} ms`, {
      groupId: this.options.groupId, err: crash.error,
    });
    this.restartTimer = setTimeout(() => {
      if (this.stopping) return;
      this.start().catch((error) => this.onCrash({ error, restart: false }));
    }, delayMs);
  }

  /**
   * A new generation starts from the committed offsets: drop what is queued, let in-flight calls finish uncommitted.
   * A new call of the same key waits for an old one on the key's mutex, so order holds without blocking the fetch
   * loop (which would stop heartbeats while a slow call finishes).
   */
  private revokeAll(): void {
    const parts = [...this.work.values()];
    if (parts.length === 0) return;
    this.work.clear();
    for (const p of parts) {
      p.revoked = true;
      p.resumeFetching();
      for (const key of p.queues.keys()) this.stallRegistry.ended(this.stallKey(p, key));
    }
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    if (this.stopping) return;
    const part = this.partitionWork(payload);
    this.track(batch.topic, batch.partition, { high: BigInt(batch.highWatermark) });
    const last = part.ledger.lastDispatched();
    const keys = new Set<string>();
    for (const message of batch.messages) {
      if (last !== undefined && BigInt(message.offset) <= last) continue; // already queued (fetched again after a pause)
      if (this.stopping || part.revoked || !payload.isRunning()) return;
      const key = await this.dispatch(part, message);
      if (key === false) return;
      if (key !== undefined) keys.add(key);
    }
    for (const key of keys) this.schedule(part, key); // after the whole batch is queued, so slices come out full
    // The fetch position moves on at once; commits follow the finished prefix (PartitionWork), not this.
    if (batch.messages.length > 0) payload.resolveOffset(batch.lastOffset());
    part.pauseIfFull(this.maxBuffered);
  }

  private get maxBuffered(): number {
    return this.options.maxBufferedRecords ?? 10 * (this.options.maxRecordsPerCall ?? 500);
  }

  private partitionWork(payload: EachBatchPayload): PartitionWork<T> {
    const { topic, partition } = payload.batch;
    const id = `${topic}|${partition}`;
    let part = this.work.get(id);
    if (!part) {
      part = new PartitionWork<T>(topic, partition, payload, {
        logger: this.options.logger, retryDelayMs: this.options.heartbeatInterval ?? 3_000, sleep: this.sleep,
        stopping: () => this.stopping, committed: (next) => this.track(topic, partition, { next }),
      });
      this.work.set(id, part);
    }
    part.payload = payload;
    return part;
  }

  /** Decodes one record and queues it under its key, returned (a poison record is dead-lettered); false when abandoned. */
  private async dispatch(part: PartitionWork<T>, message: KafkaMessage): Promise<string | undefined | false> {
    const tenant = headerText(message.headers ?? {}, 'tenant') ?? (message.key ? tenantOfKey(message.key.toString()) : '');
    const run = this.chunkRun(part, `decode|${tenant}`, tenant ?? '');
    let record: ConsumedRecord<T> | undefined;
    const outcome = await runWithRetries({ ...run, gate: undefined }, async () => {
      record = await decodeRecord<T>(this.options.decoder, part.topic, part.partition, message);
    });
    this.endStall(part, `decode|${tenant}`);
    if (outcome.kind === 'aborted') return false;
    if (outcome.kind === 'failed' || !record) {
      part.ledger.dispatch(BigInt(message.offset));
      if (outcome.kind === 'failed' && !(await this.deadLetter(run, message, outcome))) return false;
      part.finish([message.offset], this.maxBuffered);
      return undefined;
    }
    const key = this.orderingKeyOf(record);
    part.enqueue(key, record);
    return key;
  }

  /** Starts draining a key's queue unless a drain of that key is already running. */
  private schedule(part: PartitionWork<T>, key: string): void {
    if (part.draining.has(key)) return;
    part.draining.set(key, Promise.resolve());
    const drain = this.drain(part, key).catch((error) => {
      part.draining.delete(key);
      this.options.logger?.error('a key of the consumer stopped on an unexpected error; it resumes after the next rebalance or restart', {
        topic: part.topic, partition: part.partition, key, err: error,
      });
    });
    if (part.draining.has(key)) part.draining.set(key, drain);
  }

  private async drain(part: PartitionWork<T>, key: string): Promise<void> {
    const queue = part.queues.get(key) ?? [];
    const size = this.options.maxRecordsPerCall ?? 500;
    for (;;) {
      if (queue.length === 0 || part.revoked || this.stopping) {
        part.draining.delete(key); // in the same tick as the check: a record queued later starts a new drain
        if (queue.length === 0) part.queues.delete(key);
        return;
      }
      const slice = queue.slice(0, size);
      if (!(await this.processSlice(part, key, slice))) {
        part.draining.delete(key);
        return;
      }
      queue.splice(0, slice.length);
    }
  }

  /** Handles one slice of a key; false when the work was abandoned (stop or rebalance). */
  private async processSlice(part: PartitionWork<T>, key: string, slice: ConsumedRecord<T>[]): Promise<boolean> {
    const run = this.chunkRun(part, key, slice[0].tenant ?? '');
    const ctx = this.contextOf(part);
    const whole = await runWithRetries(run, () => this.options.handler(slice, ctx));
    this.endStall(part, key);
    if (whole.kind === 'aborted') return false;
    if (whole.kind === 'done') {
      this.finished(part, slice);
      return true;
    }
    if (slice.length === 1) {
      if (!(await this.deadLetter(run, slice[0].raw, whole))) return false;
      await this.deadLettered(slice[0], whole.error);
      part.finish([slice[0].offset], this.maxBuffered);
      return true;
    }
    // Isolates the failing record(s): the others are applied one by one, in order.
    for (const record of slice) {
      const outcome = await runWithRetries(run, () => this.options.handler([record], ctx));
      this.endStall(part, key);
      if (outcome.kind === 'aborted') return false;
      if (outcome.kind === 'failed' && !(await this.deadLetter(run, record.raw, outcome))) return false;
      if (outcome.kind === 'failed') await this.deadLettered(record, outcome.error);
      if (outcome.kind === 'done') this.finished(part, [record]);
      else part.finish([record.offset], this.maxBuffered);
    }
    return true;
  }

  private finished(part: PartitionWork<T>, records: ConsumedRecord<T>[]): void {
    part.finish(records.map((r) => r.offset), this.maxBuffered);
    const perTenant = new Map<string | undefined, number>();
    // Tombstones are compaction markers (written after a delete was applied), not records of the pipeline's flow.
    for (const r of records) if (r.value !== null) perTenant.set(r.tenant, (perTenant.get(r.tenant) ?? 0) + 1);
    for (const [tenant, n] of perTenant) pipelineMetrics.recordsIn(tenant, this.stage, part.topic, n);
  }

  private contextOf(part: PartitionWork<T>): BatchContext {
    return {
      topic: part.topic, partition: part.partition,
      heartbeat: async () => {
        await part.payload.heartbeat().catch(() => undefined); // a rebalance shows up as a new generation (GROUP_JOIN)
      },
    };
  }

  private stallKey(part: PartitionWork<T>, key: string): string {
    return `${part.topic}|${part.partition}|${key}`;
  }

  private chunkRun(part: PartitionWork<T>, key: string, tenant: string): ChunkRun {
    const ctx = this.contextOf(part);
    return {
      topic: part.topic,
      partition: part.partition,
      policy: this.policy,
      sleep: this.sleep,
      heartbeat: ctx.heartbeat,
      heartbeatEveryMs: this.options.heartbeatInterval ?? 3_000,
      shouldAbort: () => part.revoked || this.stopping,
      gate: (work) => this.keyMutex.run(key, () => this.limit.run(work)),
      onRetry: (error, attempt, delayMs, errorClass) => this.onRetry(part, key, tenant, { error, attempt, delayMs, errorClass }),
      commit: async () => undefined, // commits follow the partition's finished prefix
    };
  }

  private onRetry(part: PartitionWork<T>, key: string, tenant: string, failure: RetriedFailure): void {
    pipelineMetrics.handlerRetried(this.stage, part.topic);
    this.stallLog.retried(this.stallKey(part, key), { tenant, topic: part.topic, partition: part.partition }, failure);
  }

  private endStall(part: PartitionWork<T>, key: string): void {
    this.stallLog.resumed(this.stallKey(part, key));
  }

  private track(topic: string, partition: number, at: { high?: bigint; next?: bigint }): void {
    const key = `${topic}|${partition}`;
    const known = this.positions.get(key);
    const next = at.next ?? known?.next ?? at.high ?? 0n;
    this.positions.set(key, { topic, partition, high: at.high ?? known?.high ?? next, next });
  }

  /** Tells the app a decoded record was dead-lettered; its own failure is logged only. */
  private async deadLettered(record: ConsumedRecord<T>, error: unknown): Promise<void> {
    try {
      await this.options.onDeadLettered?.(record, error);
    } catch (hookError) {
      this.options.logger?.warn('recording a dead-lettered record failed', { topic: record.topic, offset: record.offset, err: hookError });
    }
  }

  /** Publishes the dead letter (retrying while Kafka is away); false when abandoned meanwhile. */
  private async deadLetter(run: ChunkRun, message: KafkaMessage, outcome: Extract<Outcome, { kind: 'failed' }>): Promise<boolean> {
    const errorClass: ErrorClass = outcome.errorClass;
    const { topic, record } = deadLetterRecord({
      topic: run.topic, partition: run.partition, message, error: outcome.error, errorClass,
      attempts: outcome.attempts, failedAt: this.clock(),
    });
    const published = await runWithRetries({ ...run, gate: undefined }, async () => {
      await this.options.deadLetters.publishRaw(topic, [record]);
    });
    if (published.kind === 'failed') {
      this.options.logger?.error('a dead letter could not be published; the record stays uncommitted until a restart', {
        topic: run.topic, partition: run.partition, offset: message.offset, dlq: topic, err: published.error,
      });
    }
    if (published.kind !== 'done') return false;
    const tenant = headerText(record.headers, 'tenant') || undefined;
    pipelineMetrics.recordsDeadLettered(tenant, this.stage, run.topic, errorClass);
    pipelineMetrics.recordsIn(tenant, this.stage, run.topic);
    this.options.logger?.error('record dead-lettered', {
      tenant: headerText(record.headers, 'tenant'), topic: run.topic, partition: run.partition, offset: message.offset,
      dlq: topic, errorClass, attempts: outcome.attempts, err: outcome.error,
    });
    return true;
  }
}
