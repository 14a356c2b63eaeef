import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { type ConsumedRecord, decodeRecord, type ValueDecoder } from './consumed-record';

export interface TopicSnapshotOptions<T> {
  kafka: Kafka;
  /** Deployed topic names. */
  topics: string[];
  decoder: ValueDecoder;
  /** Prefix of the throwaway consumer group (a unique suffix is added; the group is deleted afterwards). */
  groupPrefix: string;
  /** Called with each fetched batch's records below the end offsets, in log order per partition. */
  onRecords(records: ConsumedRecord<T>[]): void | Promise<void>;
  /** Upper bound on the whole read (default 120 s), so a stuck broker does not hold a start forever. */
  timeoutMs?: number;
}

/** Per topic, the end offset of each non-empty partition. */
export type EndOffsets = Map<string, Map<number, bigint>>;

/**
 * Reads `topics` from their beginning up to the end offsets captured when the call starts (records produced later
 * are left to the live consumer), with a throwaway consumer group that commits nothing and is deleted afterwards.
 * Used to rebuild in-memory state from compacted topics at start. Resolves with the number of records read.
 */
export async function readTopicSnapshot<T>(options: TopicSnapshotOptions<T>): Promise<number> {
  const { kafka, topics, decoder } = options;
  let read = 0;
  await readToEndOffsets({
    kafka,
    topics,
    ends: await topicEndOffsets(kafka, topics),
    groupId: `${options.groupPrefix}.snapshot.${randomUUID()}`,
    timeoutMs: options.timeoutMs ?? 120_000,
    onMessages: async (topic, partition, messages) => {
      const records: ConsumedRecord<T>[] = [];
      for (const m of messages) records.push(await decodeRecord<T>(decoder, topic, partition, m));
      read += records.length;
      if (records.length > 0) await options.onRecords(records);
    },
  });
  return read;
}

export interface ReadToEndOptions {
  kafka: Kafka;
  topics: string[];
  /** Where to stop (from topicEndOffsets, captured before the read). */
  ends: EndOffsets;
  /** Throwaway consumer group: commits nothing, deleted afterwards. */
  groupId: string;
  /** Upper bound on the whole read, so a stuck broker does not hold the caller forever. */
  timeoutMs: number;
  /** Each fetched batch's messages below the end offsets, in log order per partition (bytes untouched). */
  onMessages(topic: string, partition: number, messages: KafkaMessage[]): void | Promise<void>;
}

/** Reads `topics` from their beginning up to `ends` with a throwaway consumer group (the raw form of readTopicSnapshot). */
export async function readToEndOffsets(options: ReadToEndOptions): Promise<void> {
  const { kafka, topics, ends, groupId, timeoutMs } = options;
  const pending = new Set<string>();
  for (const [topic, partitions] of ends) for (const p of partitions.keys()) pending.add(`${topic}/${p}`);
  if (pending.size === 0) return;

  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`reading ${topics.join(', ')} to its end offsets did not finish within ${timeoutMs / 1000} s`)), timeoutMs);
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            const end = ends.get(batch.topic)?.get(batch.partition);
            if (end === undefined || !pending.has(`${batch.topic}/${batch.partition}`)) return;
            const below = batch.messages.filter((m) => BigInt(m.offset) < end);
            if (below.length > 0) await options.onMessages(batch.topic, batch.partition, below);
            // lastOffset() also covers control records and compacted gaps at the end of the batch
            if (BigInt(batch.lastOffset()) >= end - 1n) pending.delete(`${batch.topic}/${batch.partition}`);
            if (pending.size === 0) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    clearTimeout(timer);
    await consumer.disconnect().catch(() => undefined);
    await deleteThrowawayGroup(kafka, groupId);
  }
}

/** The end offset of each non-empty partition of each topic. */
export async function topicEndOffsets(kafka: Kafka, topics: string[]): Promise<EndOffsets> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends: EndOffsets = new Map();
    for (const topic of topics) {
      const offsets = await admin.fetchTopicOffsets(topic);
      ends.set(topic, new Map(offsets.filter((o) => BigInt(o.high) > BigInt(o.low)).map((o) => [o.partition, BigInt(o.high)])));
    }
    return ends;
  } finally {
    await admin.disconnect();
  }
}

/** Deletes a throwaway consumer group; a failure only leaves an empty group that expires on its own. */
export async function deleteThrowawayGroup(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.deleteGroups([groupId]);
  } catch {
    // an empty group left behind expires on its own (offsets.retention); nothing was committed
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
