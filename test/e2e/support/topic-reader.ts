import { randomUUID } from 'node:crypto';
import type { E2eEnv } from './e2e-env';
import { waitFor } from './wait';

/** A record as read back from a topic: key, headers as text, raw value. */
export interface ReadRecord {
  key: string | null;
  headers: Record<string, string>;
  value: Buffer | null;
}

/** Reads every record currently in a (prefixed) topic; [] when the topic does not exist. */
export async function readTopic(env: E2eEnv, name: string): Promise<ReadRecord[]> {
  const topic = env.topic(name);
  const total = await env.withAdmin(async (admin) => {
    if (!(await admin.listTopics()).includes(topic)) return -1;
    return (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  });
  if (total <= 0) return [];
  const records: ReadRecord[] = [];
  const consumer = env.kafka.consumer({ groupId: env.group(`e2e-read-${randomUUID().slice(0, 8)}`) });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = Array.isArray(v) ? v.map(String).join(',') : String(v ?? '');
        records.push({ key: message.key?.toString() ?? null, headers, value: message.value });
      },
    });
    await waitFor(`reading ${total} records of ${topic}`, () => records.length >= total, { timeoutMs: 60_000, intervalMs: 200 });
  } finally {
    await consumer.disconnect();
  }
  return records;
}

/**
 * Every record of a (deployed) topic from its first offset to its end as of the call, compacted gaps included
 * (a compacted topic has fewer records than its offsets span); tombstones come with a null value.
 */
export async function readTopicToEnd(env: E2eEnv, topic: string): Promise<ReadRecord[]> {
  const ends = await env.withAdmin(async (admin) => new Map((await admin.fetchTopicOffsets(topic))
    .filter((p) => Number(p.high) > Number(p.low)).map((p) => [p.partition, Number(p.high)])));
  if (ends.size === 0) return [];
  const records: ReadRecord[] = [];
  const done = new Set<number>();
  const consumer = env.kafka.consumer({ groupId: env.group(`e2e-read-${randomUUID().slice(0, 8)}`) });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        const end = ends.get(batch.partition);
        if (end === undefined) return;
        for (const message of batch.messages) {
          if (Number(message.offset) >= end) break;
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = Array.isArray(v) ? v.map(String).join(',') : String(v ?? '');
          records.push({ key: message.key?.toString() ?? null, headers, value: message.value });
        }
        if (Number(batch.lastOffset()) >= end - 1) done.add(batch.partition);
      },
    });
    await waitFor(`reading ${topic} to its end`, () => done.size >= ends.size, { timeoutMs: 60_000, intervalMs: 200 });
  } finally {
    await consumer.disconnect();
  }
  return records;
}
