import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
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

/**
 * Reads `topics` from their beginning up to the end offsets captured when the call starts (records produced later
 * are left to the live consumer), with a throwaway consumer group that commits nothing and is deleted afterwards.
 * Used to rebuild in-memory state from compacted topics at start. Resolves with the number of records read.
 */
export async function readTopicSnapshot<T>(options: TopicSnapshotOptions<T>): Promise<number> {
  const { kafka, topics, decoder } = options;
  const ends = await endOffsets(kafka, topics);
  const pending = new Set<string>();
  for (const [topic, partitions] of ends) for (const p of partitions.keys()) pending.add(`${topic}/${p}`);
  if (pending.size === 0) return 0;

  const groupId = `${options.groupPrefix}.snapshot.${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
  const timeoutMs = options.timeoutMs ?? 120_000;
  let read = 0;
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
            const records: ConsumedRecord<T>[] = [];
            for (const m of batch.messages) {
              if (BigInt(m.offset) >= end) break;
              records.push(await decodeRecord<T>(decoder, batch.topic, batch.partition, m));
            }
            read += records.length;
            if (records.length > 0) await options.onRecords(records);
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
    await deleteGroup(kafka, groupId);
  }
  return read;
}

/** The end offset of each non-empty partition of each topic. */
async function endOffsets(kafka: Kafka, topics: string[]): Promise<Map<string, Map<number, bigint>>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = new Map<string, Map<number, bigint>>();
    for (const topic of topics) {
      const offsets = await admin.fetchTopicOffsets(topic);
      ends.set(topic, new Map(offsets.filter((o) => BigInt(o.high) > BigInt(o.low)).map((o) => [o.partition, BigInt(o.high)])));
    }
    return ends;
  } finally {
    await admin.disconnect();
  }
}

async function deleteGroup(kafka: Kafka, groupId: string): Promise<void> {
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
