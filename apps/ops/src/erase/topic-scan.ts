import { platformTopics, withDeadLetterTopics, headerText } from '@rp/messaging';
import type { OpsContext } from '../ops-context';
import { readTopicsToEnd, type ReadRecord } from '../kafka/topic-reader';
import { ofTenant, selects, type RecordSelector } from './record-match';

/** A deployed topic of the platform and how Kafka cleans it. */
export interface ErasableTopic {
  /** Deployed name (TOPIC_PREFIX applied). */
  topic: string;
  logical: string;
  cleanup: 'compact' | 'delete';
}

/** A record erasure selected: where it is and its key. */
export interface SelectedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
}

/**
 * Key of the records erasure appends to roll a compacted topic's segment: on the tenant's partition (the partitioner
 * hashes the tenant part), naming no one; a tombstone itself, gone after the topic's `delete.retention.ms`.
 */
export const erasureMarkerKey = (tenant: string): string => `${tenant}|erasure`;

/** Every topic of the platform (entity topics, events, writes, runs, results and their DLQs) that exists. */
export async function erasableTopics(ctx: OpsContext): Promise<ErasableTopic[]> {
  const admin = ctx.kafka().admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    return withDeadLetterTopics(platformTopics())
      .map((def) => ({ topic: ctx.topic(def.name), logical: def.name, cleanup: def.cleanup }))
      .filter((t) => existing.has(t.topic));
  } finally {
    await admin.disconnect();
  }
}

/**
 * Reads the topics from the beginning and returns the records the selector picks: the tenant's records (key prefix
 * or `tenant` header) whose key, headers or value (decoded from Avro when it is, else as text) name a term.
 */
export async function scanTopics(ctx: OpsContext, topics: ErasableTopic[], selector: RecordSelector): Promise<SelectedRecord[]> {
  if (topics.length === 0) return [];
  const ofTheTenant = (r: ReadRecord) => r.key?.toString() !== erasureMarkerKey(selector.tenant)
    && ofTenant(selector, r.key?.toString() ?? null, headerText(r.headers, 'tenant'));
  const records = await readTopicsToEnd(ctx.kafka(), topics.map((t) => t.topic), { filter: ofTheTenant, timeoutMs: 300_000 });
  const selected: SelectedRecord[] = [];
  for (const record of records) {
    const key = record.key?.toString() ?? null;
    const texts = [key ?? '', JSON.stringify(Object.fromEntries(Object.entries(record.headers).map(([k, v]) => [k, String(v)]))), await valueText(ctx, record.value)];
    if (selects(selector, texts)) selected.push({ topic: record.topic, partition: record.partition, offset: record.offset, key });
  }
  return selected;
}

async function valueText(ctx: OpsContext, value: Buffer | null): Promise<string> {
  if (value === null) return '';
  try {
    return JSON.stringify(await ctx.serde().decode(value));
  } catch {
    return value.toString('utf8'); // a dead letter's raw bytes, or not registry Avro
  }
}
