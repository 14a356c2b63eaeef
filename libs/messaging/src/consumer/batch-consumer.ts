import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from '@rp/observability';
import { extractTraceContext, pipelineMetrics, type PartitionLag } from '@rp/observability';
import { ErrorClass } from '../errors';
import { tenantOfKey } from '../kafka/tenant-partitioner';
import { headerText } from '../producer/record-headers';
import { BackoffPolicy, DEFAULT_BACKOFF } from './backoff';
import type { BatchHandler, ConsumedRecord } from './consumed-record';
import { deadLetterRecord, DeadLetterSink } from './dead-letter';
import { ChunkRun, Outcome, runWithRetries } from './retry-loop';

/** Turns record bytes into values; throws PermanentError (poison) or RetriableError (registry down). */
export interface ValueDecoder {
  decode(buffer: Buffer): Promise<unknown>;
}

export interface BatchConsumerOptions<T> {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  decoder: ValueDecoder;
  deadLetters: DeadLetterSink;
  handler: BatchHandler<T>;
  logger?: Logger;
  /** `stage` label of the consumer's metrics (the app's SERVICE_NAME; default: the group id). */
  stage?: string;
  /** Where a new group starts (default: the beginning, so nothing produced before the first deploy is missed). */
  fromBeginning?: boolean;
  /** Largest slice of a fetched batch handed to one handler call (default 500). */
  maxRecordsPerCall?: number;
  backoff?: Partial<BackoffPolicy>;
  sleep?: (ms: number) => Promise<void>;
  clock?: () => Date;
  sessionTimeout?: number;
  heartbeatInterval?: number;
  rebalanceTimeout?: number;
  partitionsConsumedConcurrently?: number;
}

/**
 * Batch consumer with manual commits (DESIGN.md §3). For each slice of a fetched batch it decodes the values
 * (poison records → DLQ), calls the handler, and commits only after the handler resolved. Failures:
 * - retriable and unknown errors: the same slice again with exponential backoff, in order, up to `maxAttempts`;
 * - permanent errors, or retries exhausted: the slice is replayed one record at a time to find the failing
 *   record(s), which go to `<topic>.dlq` with their original bytes and the reason; the others are applied.
 * Unknown errors count as retriable because most are transient (sockets, pools); after `maxAttempts` they are
 * dead-lettered rather than blocking the partition forever, and can be replayed after a fix.
 * `stop()` lets the in-flight handler call finish and commit, leaves the group, and processes nothing else.
 * Metrics: `rp_records_in_total` per record once applied or dead-lettered, `rp_records_dlq_total`, and
 * `rp_consumer_lag` per assigned partition (the fetched batch's high watermark minus the next offset to process).
 */
export class BatchConsumer<T> {
  private readonly consumer: Consumer;
  private readonly policy: BackoffPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly clock: () => Date;
  private stopping = false;
  private restarts = 0;
  private restartTimer?: NodeJS.Timeout;
  private readonly joined: Promise<void>;
  private readonly stage: string;
  /** `topic|partition` → high watermark of the last fetched batch and next offset to process. */
  private readonly positions = new Map<string, { topic: string; partition: number; high: bigint; next: bigint }>();
  private unobserveLag?: () => void;

  constructor(private readonly options: BatchConsumerOptions<T>) {
    this.stage = options.stage ?? options.groupId;
    this.policy = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.clock = options.clock ?? (() => new Date());
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeout ?? 30_000,
      heartbeatInterval: options.heartbeatInterval ?? 3_000,
      rebalanceTimeout: options.rebalanceTimeout ?? 60_000,
      allowAutoTopicCreation: false,
    });
    this.joined = new Promise((resolve) => this.consumer.on(this.consumer.events.GROUP_JOIN, () => resolve()));
    this.consumer.on(this.consumer.events.CRASH, (event) => this.onCrash(event.payload));
    this.consumer.on(this.consumer.events.GROUP_JOIN, (event) => {
      this.restarts = 0;
      this.keepAssigned(event.payload.memberAssignment);
    });
  }

  /** Lag of the partitions this consumer has been assigned and fetched from. */
  lag(): PartitionLag[] {
    return [...this.positions.values()].map((p) => ({
      stage: this.stage, topic: p.topic, partition: p.partition, lag: Number(p.high > p.next ? p.high - p.next : 0n),
    }));
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
    this.unobserveLag ??= pipelineMetrics.observeConsumerLag(() => this.lag());
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

  /** Graceful stop for SIGTERM: finishes and commits the in-flight handler call, then leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    this.unobserveLag?.();
    this.unobserveLag = undefined;
    await this.consumer.stop();
    await this.consumer.disconnect();
  }

  /**
   * kafkajs restarts a crashed consumer only when the root cause is retriable; after a broker restart it can give up
   * for good (e.g. `KafkaJSGroupCoordinatorNotFound` while the offsets topic is still loading) and leave a running
   * process that consumes nothing. Any crash it will not restart is restarted here, with backoff, until `stop()`.
   */
  private onCrash(crash: { error: Error; restart: boolean }): void {
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

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    this.track(batch.topic, batch.partition, { high: BigInt(batch.highWatermark), next: BigInt(batch.firstOffset() ?? batch.highWatermark) });
    const size = this.options.maxRecordsPerCall ?? 500;
    for (let start = 0; start < batch.messages.length; start += size) {
      if (!payload.isRunning() || payload.isStale()) return;
      const run = this.chunkRun(payload);
      const completed = await this.processChunk(batch.messages.slice(start, start + size), run);
      if (!completed) return;
    }
  }

  private chunkRun(payload: EachBatchPayload): ChunkRun {
    const { batch } = payload;
    return {
      topic: batch.topic,
      partition: batch.partition,
      policy: this.policy,
      sleep: this.sleep,
      heartbeat: async () => {
        await payload.heartbeat().catch(() => undefined); // a rebalance shows up through isStale()
      },
      heartbeatEveryMs: this.options.heartbeatInterval ?? 3_000,
      shouldAbort: () => !payload.isRunning() || payload.isStale(),
      onRetry: (error, attempt, delayMs) => {
        pipelineMetrics.handlerRetried(this.stage, batch.topic);
        this.options.logger?.warn('handler failed, retrying', {
          topic: batch.topic, partition: batch.partition, attempt, delayMs, err: error,
        });
      },
      commit: async (message: KafkaMessage) => {
        const next = (BigInt(message.offset) + 1n).toString();
        await payload.commitOffsetsIfNecessary({
          topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] }],
        });
        // Resolved only once committed: when the commit fails (a broker restart moves the group coordinator), kafkajs
        // fetches these records again instead of moving on and leaving the committed offset behind for good.
        payload.resolveOffset(message.offset);
        this.track(batch.topic, batch.partition, { next: BigInt(next) });
      },
    };
  }

  private track(topic: string, partition: number, at: { high?: bigint; next: bigint }): void {
    const key = `${topic}|${partition}`;
    const known = this.positions.get(key);
    this.positions.set(key, { topic, partition, high: at.high ?? known?.high ?? at.next, next: at.next });
  }

  private countIn(topic: string, records: { tenant?: string }[]): void {
    const perTenant = new Map<string | undefined, number>();
    for (const r of records) perTenant.set(r.tenant, (perTenant.get(r.tenant) ?? 0) + 1);
    for (const [tenant, n] of perTenant) pipelineMetrics.recordsIn(tenant, this.stage, topic, n);
  }

  /** Returns false when the work was abandoned (stop or rebalance) and nothing more of the batch may run. */
  private async processChunk(messages: KafkaMessage[], run: ChunkRun): Promise<boolean> {
    const decoded: ConsumedRecord<T>[] = [];
    for (const message of messages) {
      const outcome = await runWithRetries(run, async () => {
        decoded.push(await this.decode(run.topic, run.partition, message));
      });
      if (outcome.kind === 'aborted') return false;
      if (outcome.kind === 'failed') await this.deadLetter(run, message, outcome);
    }
    if (decoded.length === 0) {
      await run.commit(messages[messages.length - 1]);
      return true;
    }
    const whole = await runWithRetries(run, () => this.options.handler(decoded, run));
    if (whole.kind === 'aborted') return false;
    if (whole.kind === 'done') {
      await run.commit(messages[messages.length - 1]);
      this.countIn(run.topic, decoded); // after the commit: a slice fetched again is not counted twice
      return true;
    }
    if (decoded.length === 1) {
      await this.deadLetter(run, decoded[0].raw, whole);
      await run.commit(messages[messages.length - 1]);
      return true;
    }
    return this.processOneByOne(decoded, messages, run);
  }

  /** Isolates the failing record(s) of a slice: the others are applied and committed one by one, in order. */
  private async processOneByOne(decoded: ConsumedRecord<T>[], messages: KafkaMessage[], run: ChunkRun): Promise<boolean> {
    for (const record of decoded) {
      const outcome = await runWithRetries(run, () => this.options.handler([record], run));
      if (outcome.kind === 'aborted') return false;
      if (outcome.kind === 'failed') await this.deadLetter(run, record.raw, outcome);
      await run.commit(record.raw);
      if (outcome.kind !== 'failed') this.countIn(run.topic, [record]);
    }
    await run.commit(messages[messages.length - 1]); // poison records after the last decoded one
    return true;
  }

  private async decode(topic: string, partition: number, message: KafkaMessage): Promise<ConsumedRecord<T>> {
    const key = message.key ? message.key.toString() : null;
    const headers = message.headers ?? {};
    const value = message.value === null ? null : ((await this.options.decoder.decode(message.value)) as T);
    return {
      topic, partition, offset: message.offset, key, value, headers,
      tenant: headerText(headers, 'tenant') ?? (key ? tenantOfKey(key) : undefined),
      timestamp: message.timestamp,
      traceContext: extractTraceContext(headers),
      raw: message,
    };
  }

  private async deadLetter(run: ChunkRun, message: KafkaMessage, outcome: Extract<Outcome, { kind: 'failed' }>): Promise<void> {
    const errorClass: ErrorClass = outcome.errorClass;
    const { topic, record } = deadLetterRecord({
      topic: run.topic, partition: run.partition, message, error: outcome.error, errorClass,
      attempts: outcome.attempts, failedAt: this.clock(),
    });
    await this.options.deadLetters.publishRaw(topic, [record]); // throws → batch re-delivered; nothing is lost
    const tenant = headerText(record.headers, 'tenant') || undefined;
    pipelineMetrics.recordsDeadLettered(tenant, this.stage, run.topic, errorClass);
    pipelineMetrics.recordsIn(tenant, this.stage, run.topic);
    this.options.logger?.error('record dead-lettered', {
      tenant: headerText(record.headers, 'tenant'), topic: run.topic, partition: run.partition, offset: message.offset,
      dlq: topic, errorClass, attempts: outcome.attempts, err: outcome.error,
    });
  }
}

