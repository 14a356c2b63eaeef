import { randomUUID } from 'node:crypto';
import { deleteThrowawayGroup, type EndOffsets, type IHeaders, type Kafka, readToEndOffsets, topicEndOffsets } from '@rp/messaging';
import { UserError } from '../ops-errors';

/** One record as read (bytes untouched). */
export interface ReadRecord {
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
}

export interface ReadOptions {
  /** Throwaway consumer group (deleted afterwards); the caller applies TOPIC_PREFIX. */
  groupId?: string;
  /** Records to keep (all when absent). */
  filter?: (record: ReadRecord) => boolean;
  /** Upper bound on the whole read, so a stuck broker does not hang the CLI. */
  timeoutMs?: number;
}

/** The end offset of each non-empty partition of each topic; unknown topics are a UserError naming `ops migrate`. */
export async function endOffsets(kafka: Kafka, topics: string[]): Promise<EndOffsets> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length > 0) throw new UserError(`topic ${missing.join(', ')} does not exist; create the topics with \`ops migrate\``);
  } finally {
    await admin.disconnect();
  }
  return topicEndOffsets(kafka, topics);
}

/**
 * Reads `topics` from the beginning up to their end offsets as of the call (later records are not waited for)
 * with a throwaway consumer group, then deletes the group.
 */
export async function readTopicsToEnd(kafka: Kafka, topics: string[], options: ReadOptions = {}): Promise<ReadRecord[]> {
  const records: ReadRecord[] = [];
  await readToEndOffsets({
    kafka,
    topics,
    ends: await endOffsets(kafka, topics),
    groupId: options.groupId ?? `ops.reader.${randomUUID()}`,
    timeoutMs: options.timeoutMs ?? 60_000,
    onMessages: (topic, partition, messages) => {
      for (const m of messages) {
        const record: ReadRecord = {
          topic, partition, offset: m.offset, timestamp: m.timestamp, key: m.key ?? null, value: m.value ?? null, headers: m.headers ?? {},
        };
        if (!options.filter || options.filter(record)) records.push(record);
      }
    },
  });
  return records.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}

export interface FollowOptions {
  groupId?: string;
  /** Where to start per partition (offsets captured before the awaited records could be produced). */
  from: Map<number, string>;
  timeoutMs: number;
  /** Called for every record; return true when done. */
  onRecord: (record: ReadRecord) => boolean | Promise<boolean>;
}

/** Offsets at which new records of `topic` will land (capture before publishing the request whose answers you follow). */
export async function currentEnds(kafka: Kafka, topic: string): Promise<Map<number, string>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, o.high]));
  } finally {
    await admin.disconnect();
  }
}

/** Follows `topic` from the given offsets until `onRecord` says done; false when the timeout came first. */
export async function followTopic(kafka: Kafka, topic: string, options: FollowOptions): Promise<boolean> {
  const groupId = options.groupId ?? `ops.follow.${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: false });
    return await new Promise<boolean>((resolve, reject) => {
      timer = setTimeout(() => resolve(false), options.timeoutMs);
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const record: ReadRecord = {
              topic, partition, offset: message.offset, timestamp: message.timestamp,
              key: message.key ?? null, value: message.value ?? null, headers: message.headers ?? {},
            };
            if (await options.onRecord(record)) resolve(true);
          },
        })
        .then(() => {
          for (const [partition, offset] of options.from) consumer.seek({ topic, partition, offset });
        })
        .catch(reject);
    });
  } finally {
    clearTimeout(timer);
    await consumer.disconnect().catch(() => undefined);
    await deleteThrowawayGroup(kafka, groupId);
  }
}
