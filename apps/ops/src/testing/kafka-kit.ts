import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { AvroSerde, createKafka, headerText, KafkaPublisher } from '@rp/messaging';
import { serviceStores } from '@rp/persistence';
import { startCanvasSimulator, type CanvasSimulator } from '@rp/sim-canvas';
import { testServices, uniqueName } from '@rp/testing';
import { runOps } from './ops-process';

/** A record as an independent reader sees it: key, raw value bytes and the text of every header. */
export interface ReadRecord {
  key: string;
  value: Buffer | null;
  headers: Record<string, string | undefined>;
}

/**
 * What every ops integration spec against Kafka sets up: the CLI's environment on a unique topic prefix and schema
 * prefix (so parallel specs never meet), a Kafka client and an Avro publisher for the test's side, and a teardown
 * that removes the prefixed topics and schemas again.
 */
export function opsKafkaKit(label: string) {
  const services = testServices();
  const name = uniqueName(label);
  const topicPrefix = `${name}.`;
  const schemaPrefix = `${name.replace(/[^a-z0-9]/g, '_')}_`;
  /** The environment `ops` runs with (see `runOps`). */
  const env = {
    KAFKA_BROKERS: services.kafkaBrokers.join(','),
    SCHEMA_REGISTRY_URL: services.schemaRegistryUrl,
    DATABASE_URL: services.databaseUrl,
    SECRETS_KEY: randomBytes(32).toString('base64'),
    TOPIC_PREFIX: topicPrefix,
    DB_SCHEMA_PREFIX: schemaPrefix,
  };
  const kafka = createKafka({ brokers: services.kafkaBrokers, clientId: `${label}-int-spec` });
  const serde = new AvroSerde(services.schemaRegistryUrl);
  const publisher = new KafkaPublisher(kafka, serde);
  let publisherConnected = false;
  const canvases: CanvasSimulator[] = [];

  /**
   * `ops tenants add <id>` with a placeholder IC connection and a Canvas simulator of its own (one Canvas instance
   * per tenant: ops reads the root account with the token when adding it).
   */
  const addTenant = async (id: string): Promise<void> => {
    const canvas = await startCanvasSimulator({ rootAccounts: [{ key: id, tokens: [`canvas-token-${id}`] }] });
    canvases.push(canvas);
    const added = await runOps(
      ['tenants', 'add', id, '--name', id, '--ic-base-url', 'https://ic.example/r', '--ic-token-url', 'https://ic.example/t',
        '--ic-client-id', 'c', '--canvas-base-url', canvas.baseUrl, '--canvas-root-account', '1'],
      { ...env, IC_CLIENT_SECRET: 'ic-secret-1', CANVAS_TOKEN: `canvas-token-${id}` },
    );
    if (added.code !== 0) throw new Error(`ops tenants add ${id} failed (${added.code}): ${added.stderr}`);
  };

  return {
    services, env, topicPrefix, kafka, serde,
    /** The test's Avro publisher; connected by `setUp`, disconnected by `cleanup`. */
    publisher,
    /** The deployed name of a topic (prefix included). */
    topic: (t: string) => `${topicPrefix}${t}`,
    addTenant,

    /** `ops migrate` (schemas and topics), then `tenants` added, then the publisher connected; returns migrate's report. */
    async setUp(tenants: readonly string[] = []): Promise<{ topics: { created: string[] } }> {
      const migrated = await runOps(['migrate', '--json'], env);
      if (migrated.code !== 0) throw new Error(`ops migrate failed (${migrated.code}): ${migrated.stderr}`);
      for (const tenant of tenants) await addTenant(tenant);
      await publisher.connect();
      publisherConnected = true;
      return JSON.parse(migrated.stdout);
    },

    /** Every record of topic `t` from the beginning, read by an independent consumer group until `count` arrived. */
    async read(t: string, count: number): Promise<ReadRecord[]> {
      const consumer = kafka.consumer({ groupId: uniqueName(`${label}-reader`) });
      const records: ReadRecord[] = [];
      await consumer.connect();
      await consumer.subscribe({ topics: [t], fromBeginning: true });
      await new Promise<void>((resolve) => {
        void consumer.run({
          eachMessage: async ({ message }) => {
            const headers = Object.fromEntries(Object.keys(message.headers ?? {}).map((h) => [h, headerText(message.headers, h)]));
            records.push({ key: message.key!.toString(), value: message.value, headers });
            if (records.length >= count) resolve();
          },
        });
      });
      await consumer.disconnect();
      return records;
    },

    /** Disconnects the publisher, deletes the prefixed topics and drops the prefixed schemas. */
    async cleanup(): Promise<void> {
      if (publisherConnected) await publisher.disconnect();
      await Promise.all(canvases.map((c) => c.close()));
      const admin = kafka.admin();
      await admin.connect();
      try {
        await admin.deleteTopics({ topics: (await admin.listTopics()).filter((t) => t.startsWith(topicPrefix)) });
      } finally {
        await admin.disconnect();
      }
      const pg = new Client({ connectionString: services.databaseUrl });
      await pg.connect();
      try {
        for (const store of Object.values(serviceStores)) await pg.query(`DROP SCHEMA IF EXISTS "${schemaPrefix}${store.schema}" CASCADE`);
      } finally {
        await pg.end();
      }
    },
  };
}

export type OpsKafkaKit = ReturnType<typeof opsKafkaKit>;
