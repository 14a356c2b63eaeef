import type { Context } from '@opentelemetry/api';
import type { IHeaders, KafkaMessage } from 'kafkajs';
import { extractTraceContext } from '@rp/observability';
import { tenantOfKey } from '../kafka/tenant-partitioner';
import { headerText } from '../producer/record-headers';

/** Turns record bytes into values; throws PermanentError (poison) or RetriableError (registry down). */
export interface ValueDecoder {
  decode(buffer: Buffer): Promise<unknown>;
}

/** A decoded record handed to a batch handler. */
export interface ConsumedRecord<T> {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  /** Decoded Avro value; null for tombstones. */
  value: T | null;
  headers: IHeaders;
  /** From the `tenant` header, else the tenant part of the key. */
  tenant: string | undefined;
  timestamp: string;
  /** The producer's trace context (from `traceparent`): start spans as its children. */
  traceContext: Context;
  /** The record as read from Kafka (original bytes). */
  raw: KafkaMessage;
}

export interface BatchContext {
  topic: string;
  partition: number;
  /** Tells the group coordinator we are alive; called automatically while the handler runs. */
  heartbeat(): Promise<void>;
}

/**
 * Applies records durably (or throws). Must be idempotent: after a crash, records since the last commit come again.
 * Throw PermanentError for records that will never succeed, RetriableError for transient failures.
 */
export type BatchHandler<T> = (records: ConsumedRecord<T>[], ctx: BatchContext) => Promise<void>;

/** Decodes a fetched record: its value (through the decoder), tenant, trace context, and the original bytes. */
export async function decodeRecord<T>(decoder: ValueDecoder, topic: string, partition: number, message: KafkaMessage): Promise<ConsumedRecord<T>> {
  const key = message.key ? message.key.toString() : null;
  const headers = message.headers ?? {};
  const value = message.value === null ? null : ((await decoder.decode(message.value)) as T);
  return {
    topic, partition, offset: message.offset, key, value, headers,
    tenant: headerText(headers, 'tenant') ?? (key ? tenantOfKey(key) : undefined),
    timestamp: message.timestamp,
    traceContext: extractTraceContext(headers),
    raw: message,
  };
}
