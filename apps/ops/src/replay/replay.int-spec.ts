import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { Kafka } from 'kafkajs';
import { createKafka, headerText } from '@rp/messaging';
import { serviceStores } from '@rp/persistence';
import { testServices, uniqueName } from '@rp/testing';
import { runOps } from '../testing/ops-process';
import { ReplayHeader } from './replay-plan';

jest.setTimeout(180_000);

const services = testServices();
const name = uniqueName('ops-rp');
const topicPrefix = `${name}.`;
const schemaPrefix = `${name.replace(/[^a-z0-9]/g, '_')}_`;
const env = {
  KAFKA_BROKERS: services.kafkaBrokers.join(','),
  SCHEMA_REGISTRY_URL: services.schemaRegistryUrl,
  DATABASE_URL: services.databaseUrl,
  SECRETS_KEY: randomBytes(32).toString('base64'),
  TOPIC_PREFIX: topicPrefix,
  DB_SCHEMA_PREFIX: schemaPrefix,
};
const users = `${topicPrefix}canvas.users`;
let kafka: Kafka;

async function readAll(count: number) {
  const consumer = kafka.consumer({ groupId: uniqueName('ops-rp-reader') });
  const records: { key: string; value: string | undefined; id?: string; force?: string }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [users], fromBeginning: true });
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ message }) => {
        records.push({
          key: message.key!.toString(), value: message.value?.toString(),
          id: headerText(message.headers, ReplayHeader.id), force: headerText(message.headers, ReplayHeader.force),
        });
        if (records.length >= count) resolve();
      },
    });
  });
  await consumer.disconnect();
  return records;
}

beforeAll(async () => {
  expect((await runOps(['migrate', '--json'], env)).code).toBe(0);
  const added = await runOps(
    ['tenants', 'add', 'acme', '--name', 'Acme', '--ic-base-url', 'https://ic.example/r', '--ic-token-url', 'https://ic.example/t',
      '--ic-client-id', 'c', '--canvas-base-url', 'https://canvas.example', '--canvas-root-account', '1'],
    { ...env, IC_CLIENT_SECRET: 'ic-secret-1', CANVAS_TOKEN: 'canvas-token-1' },
  );
  expect(added.code).toBe(0);
  kafka = createKafka({ brokers: services.kafkaBrokers, clientId: 'ops-replay-int-spec' });
  const producer = kafka.producer();
  await producer.connect();
  // replay moves bytes untouched, so plain bytes stand in for Avro values here
  await producer.send({
    topic: users,
    messages: [
      { key: 'acme|user|u1', value: 'u1-v1', headers: { tenant: 'acme' } },
      { key: 'beta|user|b1', value: 'b1-v1', headers: { tenant: 'beta' } },
      { key: 'acme|user|u2', value: 'u2-v1', headers: { tenant: 'acme' } },
      { key: 'acme|user|u1', value: 'u1-v2', headers: { tenant: 'acme' } },
    ],
  });
  await producer.disconnect();
});

afterAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: (await admin.listTopics()).filter((t) => t.startsWith(topicPrefix)) });
  await admin.disconnect();
  const pg = new Client({ connectionString: services.databaseUrl });
  await pg.connect();
  for (const store of Object.values(serviceStores)) await pg.query(`DROP SCHEMA IF EXISTS "${schemaPrefix}${store.schema}" CASCADE`);
  await pg.end();
});

describe('ops replay (CLI process against Kafka)', () => {
  it("republishes the tenant's latest record per key with replay headers, and nothing of other tenants", async () => {
    const result = await runOps(['replay', '--tenant', 'acme', '--stage', 'canvas', '--force', '--json'], env);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.topics.find((t: { topic: string }) => t.topic === 'canvas.users')).toEqual({ topic: 'canvas.users', read: expect.any(Number), kept: 2, republished: 2 });
    // How many records the reader saw varies on a busy broker (a fetched batch can reach past the captured end);
    // what must hold is below: only the latest record per key of this tenant, republished once each.
    expect(report.topics.find((t: { topic: string }) => t.topic === 'canvas.users').read).toBeGreaterThanOrEqual(3);
    expect(report.republished).toBe(2);

    const all = await readAll(6);
    expect(all).toHaveLength(6);
    const replayed = all.filter((r) => r.id !== undefined);
    expect(replayed.map((r) => [r.key, r.value, r.id, r.force]).sort()).toEqual([
      ['acme|user|u1', 'u1-v2', report.replayId, 'true'],
      ['acme|user|u2', 'u2-v1', report.replayId, 'true'],
    ]);
    const admin = kafka.admin();
    await admin.connect();
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId);
    await admin.disconnect();
    expect(groups.filter((g) => g.includes(`ops.replay.acme.${report.replayId}`))).toEqual([]);
  });

  it('names the problem for an unknown tenant and publishes nothing', async () => {
    const result = await runOps(['replay', '--tenant', 'ghost', '--stage', 'canvas'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/ghost/);
  });
});
