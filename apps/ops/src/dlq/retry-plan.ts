import { DlqHeader, headerText, type RawRecord } from '@rp/messaging';
import type { ReadRecord } from '../kafka/topic-reader';
import { retryOf } from './dead-letter-view';

/** What `ops dlq retry` does with one dead letter. */
export type RetryAction =
  /** A consumer's dead letter: its original bytes (schema-registry Avro) go back to the original topic. */
  | { kind: 'republish'; topic: string; record: RawRecord }
  /** An extractor's dead letter (the IC record as received, JSON): a full sync of the tenant reads and validates it again. */
  | { kind: 'resync'; tenant: string; originalTopic: string; sourcedId: string | null }
  /** Neither: its bytes are not what the topic's consumers decode, so it is left on the DLQ. */
  | { kind: 'skip'; originalTopic: string; reason: string };

/** Confluent wire format (magic byte 0, 4-byte schema id, Avro body), or a tombstone: what every topic here carries. */
export function isRegistryFramed(value: Buffer | null): boolean {
  return value === null || (value.length >= 5 && value[0] === 0);
}

/**
 * Decides how to retry a dead letter. Only bytes the topic's consumers can decode are republished. The extractor
 * dead-letters invalid IC records as received (JSON, never on the topic, no original offset); they cannot be
 * re-encoded for the topic without skipping the validation they failed, so retrying one asks for a full sync of
 * the tenant instead: once the record is fixed in the SIS (or the normaliser accepts it), that run publishes it.
 */
export function retryActionOf(record: ReadRecord, logical: (topic: string) => string = (t) => t): RetryAction {
  const republish = retryOf(record);
  if (isRegistryFramed(record.value)) return { kind: 'republish', ...republish };
  const originalTopic = logical(republish.topic);
  const tenant = headerText(record.headers, DlqHeader.tenant);
  const neverOnTopic = headerText(record.headers, DlqHeader.originalOffset) === undefined;
  if (neverOnTopic && tenant && originalTopic.startsWith('oneroster.')) {
    return { kind: 'resync', tenant, originalTopic, sourcedId: headerText(record.headers, 'dlq-sourced-id') ?? null };
  }
  return {
    kind: 'skip', originalTopic,
    reason: `its value (${record.value?.length ?? 0} bytes) is not schema-registry Avro, so consumers of ${originalTopic} could not decode it; ` +
      'fix the producer and publish the record again',
  };
}
