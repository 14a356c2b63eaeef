import type { Context } from '@opentelemetry/api';
import type { IHeaders, KafkaMessage } from 'kafkajs';

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
