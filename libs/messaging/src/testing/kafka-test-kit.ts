import { Admin, Kafka } from 'kafkajs';
import { testServices, uniqueName } from '@rp/testing';
import { AvroSerde } from '../serde/avro-serde';
import { createKafka } from '../kafka/kafka-client';
import { ensureTopics } from '../topics/ensure-topics';
import { AvroSchemaJson, TopicDefinition } from '../topics/topic-catalogue';
import { KafkaPublisher } from '../producer/publisher';

/** Real Kafka + registry clients for one integration test file, with unique names. */
export async function openKafkaTestKit(prefix: string) {
  const services = testServices();
  const kafka: Kafka = createKafka({ brokers: services.kafkaBrokers, clientId: uniqueName(prefix) });
  const admin: Admin = kafka.admin();
  await admin.connect();
  const serde = new AvroSerde(services.schemaRegistryUrl);
  const publisher = new KafkaPublisher(kafka, serde);
  await publisher.connect();
  const created: string[] = [];

  return {
    services, kafka, admin, serde, publisher,
    /** Creates a unique topic (and its DLQ) with `schema` registered. */
    async topic(name: string, schema?: AvroSchemaJson, partitions = 1): Promise<TopicDefinition> {
      const def: TopicDefinition = { name: uniqueName(name), partitions, cleanup: 'delete', retentionMs: 3_600_000, valueSchema: schema };
      const result = await ensureTopics(admin, [def]);
      created.push(...result.created);
      await serde.registerTopics([def]);
      return def;
    },
    /** Reads every record currently in a topic (all partitions) with a throwaway consumer. */
    async readAll(topic: string, expected: number, timeoutMs = 20_000) {
      const consumer = kafka.consumer({ groupId: uniqueName('reader'), sessionTimeout: 6000, heartbeatInterval: 500 });
      const messages: { partition: number; key: string | null; value: Buffer | null; headers: Record<string, string> }[] = [];
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      const done = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${messages.length}/${expected} records in ${topic}`)), timeoutMs);
        void consumer.run({
          eachMessage: async ({ partition, message }) => {
            const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
            messages.push({ partition, key: message.key?.toString() ?? null, value: message.value, headers });
            if (messages.length >= expected) {
              clearTimeout(timer);
              resolve();
            }
          },
        });
      });
      try {
        await done;
      } finally {
        await consumer.disconnect();
      }
      return messages;
    },
    async close() {
      if (created.length > 0) await admin.deleteTopics({ topics: created }).catch(() => undefined);
      await publisher.disconnect();
      await admin.disconnect();
    },
  };
}

export type KafkaTestKit = Awaited<ReturnType<typeof openKafkaTestKit>>;

/** Resolves when `predicate` holds, polling; rejects with `what` after `timeoutMs`. */
export async function eventually(predicate: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
