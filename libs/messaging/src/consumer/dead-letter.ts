import type { IHeaders, KafkaMessage } from 'kafkajs';
import { dlqTopicName } from '../topics/topic-catalogue';
import type { ErrorClass } from '../errors';
import type { RawRecord } from '../producer/publisher';
import { headerText } from '../producer/record-headers';
import { tenantOfKey } from '../kafka/tenant-partitioner';
import { redactText } from '@rp/config';

/** Headers a dead letter carries besides the original ones. */
export const DlqHeader = {
  originalTopic: 'dlq-original-topic',
  originalPartition: 'dlq-original-partition',
  originalOffset: 'dlq-original-offset',
  error: 'dlq-error',
  errorClass: 'dlq-error-class',
  errorName: 'dlq-error-name',
  attempts: 'dlq-attempts',
  failedAt: 'dlq-failed-at',
  tenant: 'tenant',
} as const;

/** Where dead letters go (the publisher's raw path in production). */
export interface DeadLetterSink {
  publishRaw(topic: string, records: RawRecord[]): Promise<unknown>;
}

export interface DeadLetterFacts {
  topic: string;
  partition: number;
  message: KafkaMessage;
  error: unknown;
  errorClass: ErrorClass;
  attempts: number;
  failedAt: Date;
}

/** The dead letter of a failed record: original key and bytes, original headers, and why it failed. */
export function deadLetterRecord(facts: DeadLetterFacts): { topic: string; record: RawRecord } {
  const { message, error } = facts;
  const key = message.key ?? null;
  const tenant = headerText(message.headers, 'tenant') ?? (key ? tenantOfKey(key.toString()) : '');
  const err = error instanceof Error ? error : new Error(String(error));
  const headers: IHeaders = {
    ...message.headers,
    [DlqHeader.originalTopic]: facts.topic,
    [DlqHeader.originalPartition]: String(facts.partition),
    [DlqHeader.originalOffset]: message.offset,
    [DlqHeader.error]: redactText(err.message).slice(0, 2000),
    [DlqHeader.errorClass]: facts.errorClass,
    [DlqHeader.errorName]: err.name,
    [DlqHeader.attempts]: String(facts.attempts),
    [DlqHeader.failedAt]: facts.failedAt.toISOString(),
    [DlqHeader.tenant]: tenant,
  };
  return { topic: dlqTopicName(facts.topic), record: { key, value: message.value ?? null, headers } };
}
