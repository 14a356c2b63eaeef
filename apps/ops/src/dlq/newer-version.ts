import { DlqHeader, headerText, platformTopics } from '@rp/messaging';
import type { ReadRecord } from '../kafka/topic-reader';

/** The latest record of a key on its original topic, as read before a retry. */
export interface LatestVersion {
  partition: number;
  offset: string;
  /** Broker timestamp (ms since the epoch, as text). */
  timestamp: string;
}

/** Compacted topics keep one record per key: a record put back there replaces whatever that key has now. */
export function isCompactedTopic(logicalTopic: string): boolean {
  return platformTopics().some((t) => t.name === logicalTopic && t.cleanup === 'compact');
}

/**
 * Why a dead letter must not go back onto its compacted topic: the topic already holds a newer record of the same
 * key (a later version applied since, or this letter retried before), which the old bytes would replace. Newer means
 * a higher offset in the letter's original partition, or — for a letter without an original offset — a broker
 * timestamp after the letter's `produced-at`. Undefined when the letter is still the newest version.
 */
export function newerVersionReason(deadLetter: ReadRecord, latest: LatestVersion | undefined, topic: string): string | undefined {
  if (!latest) return undefined;
  const key = deadLetter.key?.toString() ?? '(no key)';
  const originalOffset = headerText(deadLetter.headers, DlqHeader.originalOffset);
  const originalPartition = headerText(deadLetter.headers, DlqHeader.originalPartition);
  const newer = `${topic} already has a newer record of ${key} (${latest.partition}:${latest.offset}, ${new Date(Number(latest.timestamp)).toISOString()})`;
  const tail = '; retrying would replace it with this older version — nothing to retry (replay the tenant if the newer one is wrong)';
  if (originalOffset !== undefined && (originalPartition === undefined || Number(originalPartition) === latest.partition)) {
    return BigInt(latest.offset) > BigInt(originalOffset) ? `${newer} than this dead letter (${originalPartition ?? latest.partition}:${originalOffset})${tail}` : undefined;
  }
  const producedAt = Date.parse(headerText(deadLetter.headers, 'produced-at') ?? '');
  if (Number.isNaN(producedAt)) return undefined;
  return Number(latest.timestamp) > producedAt ? `${newer} than this dead letter (produced ${new Date(producedAt).toISOString()})${tail}` : undefined;
}
