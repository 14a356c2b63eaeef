import type { Context } from '@opentelemetry/api';
import { pipelineMetrics } from '@rp/observability';
import { CompressionTypes, IHeaders, Kafka, Message, Producer, RecordMetadata } from 'kafkajs';
import { isTransientKafkaError } from '../kafka/broker-errors';
import { TenantPartitioner } from '../kafka/tenant-partitioner';
import { RetriableError } from '../errors';
import type { AvroSerde } from '../serde/avro-serde';
import { standardHeaders } from './record-headers';

/** One record to publish; `value: null` is a tombstone (compaction removes the key). */
export interface OutgoingRecord<T = unknown> {
  /** `tenant|...`: the tenant part picks the partition. */
  key: string;
  value: T | null;
  tenant: string;
  syncRun?: string;
  op?: 'upsert' | 'delete' | string;
  headers?: Record<string, string>;
  /** Trace context this record continues (e.g. its input record's span); default: the active context. */
  traceContext?: Context;
}

/** Raw bytes to publish as they are (the DLQ path). */
export interface RawRecord {
  key: Buffer | string | null;
  value: Buffer | null;
  headers?: IHeaders;
}

export interface PublisherOptions {
  clock?: () => Date;
  /** `stage` label of `rp_records_out_total` (the app's SERVICE_NAME); records are not counted without it. */
  stage?: string;
}

/**
 * Idempotent, acks=all producer of Avro records with the platform's headers; `publish` resolves only after the
 * brokers acknowledged every record, so callers may then commit their own input.
 */
export class KafkaPublisher {
  private readonly producer: Producer;
  private readonly clock: () => Date;

  constructor(kafka: Kafka, private readonly serde: AvroSerde, private readonly options: PublisherOptions = {}) {
    this.clock = options.clock ?? (() => new Date());
    this.producer = kafka.producer({
      createPartitioner: TenantPartitioner,
      idempotent: true,
      maxInFlightRequests: 1, // keeps per-partition order across retries
      allowAutoTopicCreation: false,
    });
  }

  async connect(): Promise<void> {
    await this.producer.connect();
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }

  /** Encodes and publishes records to `topic`; resolves when all are acknowledged by the in-sync replicas. */
  async publish<T>(topic: string, records: OutgoingRecord<T>[]): Promise<RecordMetadata[]> {
    if (records.length === 0) return [];
    const at = this.clock();
    const messages: Message[] = await Promise.all(
      records.map(async (r) => ({
        key: r.key,
        value: r.value === null ? null : await this.serde.encode(topic, r.value),
        headers: { ...standardHeaders({ tenant: r.tenant, syncRun: r.syncRun, op: r.op, at, traceContext: r.traceContext }), ...r.headers },
      })),
    );
    const sent = await this.send(topic, messages);
    if (this.options.stage) this.countOut(this.options.stage, topic, records);
    return sent;
  }

  private countOut(stage: string, topic: string, records: OutgoingRecord<unknown>[]): void {
    const perTenant = new Map<string, number>();
    for (const r of records) perTenant.set(r.tenant, (perTenant.get(r.tenant) ?? 0) + 1);
    for (const [tenant, n] of perTenant) pipelineMetrics.recordsOut(tenant, stage, topic, n);
  }

  /** Publishes bytes unchanged (dead letters keep the original value). */
  async publishRaw(topic: string, records: RawRecord[]): Promise<RecordMetadata[]> {
    if (records.length === 0) return [];
    return this.send(topic, records.map((r) => ({ key: r.key, value: r.value, headers: r.headers })));
  }

  private async send(topic: string, messages: Message[]): Promise<RecordMetadata[]> {
    const results: RecordMetadata[] = [];
    for (const chunk of chunksUnderLimit(messages)) results.push(...(await this.sendChunk(topic, chunk)));
    return results;
  }

  private async sendChunk(topic: string, messages: Message[]): Promise<RecordMetadata[]> {
    try {
      return await this.producer.send({ topic, messages, acks: -1, compression: CompressionTypes.None });
    } catch (error) {
      // kafkajs marks exhausted retries (a broker restarting) as non-retriable: look at the cause instead.
      const retriable = (error as { retriable?: boolean }).retriable !== false || isTransientKafkaError(error);
      if (!retriable) throw error;
      throw new RetriableError(`publishing ${messages.length} record(s) to ${topic} failed: ${(error as Error).message}`, { cause: error });
    }
  }
}

/** Kafka refuses a produce request over `message.max.bytes` (1 MiB by default): stay well below it per send. */
const MAX_CHUNK_BYTES = 512 * 1024;
const MAX_CHUNK_RECORDS = 1000;

const sizeOf = (m: Message): number => {
  let n = 64 + (m.key ? Buffer.byteLength(m.key as string | Buffer) : 0) + (m.value ? Buffer.byteLength(m.value as string | Buffer) : 0);
  for (const [k, v] of Object.entries(m.headers ?? {})) n += k.length + (v ? Buffer.byteLength(String(v)) : 0);
  return n;
};

/** Splits messages into order-preserving chunks under the size and count limits (a lone large record is its own chunk). */
export function chunksUnderLimit(messages: Message[], maxBytes = MAX_CHUNK_BYTES, maxRecords = MAX_CHUNK_RECORDS): Message[][] {
  const chunks: Message[][] = [];
  let current: Message[] = [];
  let bytes = 0;
  for (const m of messages) {
    const size = sizeOf(m);
    if (current.length > 0 && (bytes + size > maxBytes || current.length >= maxRecords)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(m);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
