import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import type { Consumer } from 'kafkajs';
import { generateDistrict } from '@rp/fixtures';
import { AvroSerde, createKafka, KafkaPublisher, OneRosterEntityChange, oneRosterTopic, SyncRequest, SyncRunEvent, Topics } from '@rp/messaging';
import { adminStore, createDataSource, ExtractorRepository, extractorStore, runMigrations, TenantRepository } from '@rp/persistence';
import { runNestService } from '@rp/runtime';
import { startOneRosterSimulator, OneRosterSimulator } from '@rp/sim-oneroster';
import { testServices, uniqueName } from '@rp/testing';
import type { DataSource } from 'typeorm';
import { extractorEnv } from './extractor.config';
import { ExtractorModule } from './extractor.module';

jest.setTimeout(120_000);

// The extractor app in-process (as main.ts starts it), against real Kafka/PostgreSQL and the OneRoster simulator:
// tenants are picked up by the scheduler while it runs, and runs are asked for on sync.requests.
const services = testServices();
const topicPrefix = `${uniqueName('exa')}.`;
const schemaPrefix = `${uniqueName('exa').replace(/[^a-z0-9]/g, '_')}_`;
const kafka = createKafka({ brokers: services.kafkaBrokers, clientId: uniqueName('exa-test') });
const serde = new AvroSerde(services.schemaRegistryUrl);
const publisher = new KafkaPublisher(kafka, serde);
const admin = kafka.admin();
const district = generateDistrict({ seed: 11, size: 'tiny' });
const secretsKey = randomBytes(32);
const markers: SyncRunEvent[] = [];
const users: OneRosterEntityChange[] = [];

let ic: OneRosterSimulator;
let app: INestApplicationContext;
let reader: Consumer;
let adminDs: DataSource;
let extractorDs: DataSource;
let tenants: TenantRepository;

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const terminal = (tenant: string, runId?: string) =>
  waitFor(`the extractor's end marker of ${tenant} ${runId ?? ''}`, () =>
    markers.find((m) => m.tenant === tenant && (!runId || m.runId === runId) && m.phase !== 'started'));

async function createTenant(id: string, clientSecret: string, schedule?: Record<string, unknown>): Promise<void> {
  await tenants.create({
    id, name: id, schedule,
    ic: { baseUrl: ic.rosteringUrl, tokenUrl: ic.tokenUrl, clientId: 'rp-client', clientSecret },
    canvas: { baseUrl: 'http://127.0.0.1:1', rootAccountId: id, token: 't' },
  });
}

async function requestSync(tenant: string, runId: string, kind: 'full' | 'delta'): Promise<void> {
  const value: SyncRequest = { tenant, runId, kind, requestedBy: 'test', requestedAt: new Date().toISOString() };
  await publisher.publish(`${topicPrefix}${Topics.syncRequests}`, [{ key: `${tenant}|${runId}`, value, tenant, syncRun: runId }]);
}

beforeAll(async () => {
  ic = await startOneRosterSimulator({ district });
  adminDs = createDataSource({ url: services.databaseUrl, store: adminStore, schema: `${schemaPrefix}admin` });
  await adminDs.initialize();
  await runMigrations(adminDs);
  tenants = new TenantRepository(adminDs, secretsKey);
  app = await runNestService({
    serviceName: 'extractor-test', defaultHttpPort: 0, extraEnv: extractorEnv,
    env: {
      KAFKA_BROKERS: services.kafkaBrokers.join(','), SCHEMA_REGISTRY_URL: services.schemaRegistryUrl, DATABASE_URL: services.databaseUrl,
      SECRETS_KEY: secretsKey.toString('base64'), TOPIC_PREFIX: topicPrefix, DB_SCHEMA_PREFIX: schemaPrefix, LOG_LEVEL: 'warn',
      EXTRACTOR_TICK_MS: '200',
    },
  }, (runtime) => ExtractorModule.forRuntime(runtime));
  extractorDs = createDataSource({ url: services.databaseUrl, store: extractorStore, schema: `${schemaPrefix}extractor` });
  await Promise.all([publisher.connect(), admin.connect(), extractorDs.initialize()]);
  reader = kafka.consumer({ groupId: uniqueName('exa-reader'), sessionTimeout: 10_000, heartbeatInterval: 500 });
  await reader.connect();
  await reader.subscribe({ topics: [`${topicPrefix}${Topics.syncRuns}`, `${topicPrefix}${oneRosterTopic('user')}`], fromBeginning: true });
  await reader.run({
    eachMessage: async ({ topic, message }) => {
      const value = await serde.decode(message.value!);
      if (topic.endsWith(Topics.syncRuns)) markers.push(value as SyncRunEvent);
      else users.push(value as OneRosterEntityChange);
    },
  });
});

afterAll(async () => {
  await reader?.disconnect();
  await app?.close();
  const ours = (await admin.listTopics()).filter((t) => t.startsWith(topicPrefix));
  await admin.deleteTopics({ topics: ours }).catch(() => undefined);
  await Promise.all([publisher.disconnect(), admin.disconnect()]);
  for (const ds of [adminDs, extractorDs]) {
    await ds.query(`DROP SCHEMA IF EXISTS "${(ds.options as { schema: string }).schema}" CASCADE`);
    await ds.destroy();
  }
  await ic?.close();
});

it('a tenant created while the extractor runs gets a full sync from the schedule, recorded with its counts', async () => {
  await createTenant('a-misconfigured', 'rp-secret', { deltaIntervalSeconds: 'soon' }); // listed first: must not hold up the others
  await createTenant('acme', 'rp-secret');
  const end = await terminal('acme');
  expect(end).toMatchObject({ phase: 'finished', kind: 'full', stage: 'extractor' });
  const liveUsers = district.users.filter((u) => u.status === 'active').length;
  expect(end.counts['user.emitted']).toBe(liveUsers);
  const row = await new ExtractorRepository(extractorDs).run(end.runId);
  expect(row).toMatchObject({ tenant: 'acme', kind: 'full', status: 'finished', requestedBy: 'schedule', counts: end.counts });
  await waitFor('every user change', () => (users.length >= liveUsers ? true : undefined));
  expect(new Set(users.map((u) => u.sourcedId)).size).toBe(liveUsers);
});

it('a delta asked for on sync.requests publishes only what changed in the SIS', async () => {
  const student = district.users.find((u) => u.status === 'active' && u.roles.some((r) => r.role === 'student'))!;
  ic.admin.clock.advance(60_000);
  ic.admin.sis.update('users', student.sourcedId, { givenName: 'Requested' });
  const before = users.length;
  await requestSync('acme', 'asked-1', 'delta');
  const end = await terminal('acme', 'asked-1');
  expect(end).toMatchObject({ phase: 'finished', kind: 'delta' });
  expect(end.counts['user.emitted']).toBe(1);
  const change = await waitFor('the changed user', () => users.slice(before).find((u) => u.sourcedId === student.sourcedId));
  expect(JSON.parse(change.record!).givenName).toBe('Requested');
  expect(users.length).toBe(before + 1);
});

it('a run that cannot reach the SIS fails with a marker naming tenant, run, endpoint and cause', async () => {
  await createTenant('badcreds', 'wrong-secret');
  const end = await terminal('badcreds');
  expect(end.phase).toBe('failed');
  expect(end.message).toMatch(new RegExp(`tenant badcreds: run ${end.runId} failed at /orgs: .*credentials`));
  const row = await new ExtractorRepository(extractorDs).run(end.runId);
  expect(row).toMatchObject({ status: 'failed', error: end.message });
});
