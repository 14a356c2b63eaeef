import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import type { Consumer } from 'kafkajs';
import {
  AvroSerde, CanvasEntityChange, CANVAS_ENTITY_TYPES, KafkaPublisher, OneRosterEntityChange, OneRosterEntityType,
  SyncRunEvent, canvasTopic, createKafka, oneRosterKey, oneRosterTopic,
} from '@rp/messaging';
import { TenantRepository, adminStore, createDataSource, runMigrations } from '@rp/persistence';
import { consumerGroupOf, runNestService } from '@rp/runtime';
import { testServices, uniqueName } from '@rp/testing';
import { change, smallDistrict, user } from './testing/records';
import { transformerEnv } from './transformer.config';
import { TransformerModule } from './transformer.module';

const services = testServices();
const topicPrefix = `${uniqueName('tf')}.`;
const schemaPrefix = `${uniqueName('tf').replace(/[^a-z0-9]/g, '_')}_`;
const kafka = createKafka({ brokers: services.kafkaBrokers, clientId: uniqueName('tf-test') });
const serde = new AvroSerde(services.schemaRegistryUrl);
const publisher = new KafkaPublisher(kafka, serde);
const admin = kafka.admin();
const group = `${topicPrefix}${consumerGroupOf('transformer').groupId}`;
const inputTopics = consumerGroupOf('transformer').topics.map((t) => `${topicPrefix}${t}`);
const outputTopics = CANVAS_ENTITY_TYPES.map((t) => `${topicPrefix}${canvasTopic(t)}`);
const database = createDataSource({ url: services.databaseUrl, store: { schema: 'transformer', entities: [], migrations: [] }, schema: `${schemaPrefix}transformer` });

let app: INestApplicationContext;
let reader: Consumer;
const received: CanvasEntityChange[] = [];
const runEvents: SyncRunEvent[] = [];
const syncRunsTopic = `${topicPrefix}sync.runs`;

async function publish(changes: OneRosterEntityChange[]): Promise<void> {
  const byType = new Map<OneRosterEntityType, OneRosterEntityChange[]>();
  for (const c of changes) byType.set(c.entityType, [...(byType.get(c.entityType) ?? []), c]);
  for (const [type, list] of byType) {
    await publisher.publish(`${topicPrefix}${oneRosterTopic(type)}`, list.map((c) => ({ key: oneRosterKey(c.tenant, c.sourcedId), value: c, tenant: c.tenant, syncRun: c.syncRun, op: c.op })));
  }
}

async function waitFor(what: string, predicate: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 60_000;
  // Fresh topics may briefly answer "not the leader": treat any error as "not yet".
  while (!(await predicate().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const sumHigh = async (topics: string[]) => {
  let total = 0;
  for (const topic of topics) for (const p of await admin.fetchTopicOffsets(topic)) total += Number(p.high);
  return total;
};

/** Resolves when the transformer committed every input record and the reader holds every output record. */
async function settled(): Promise<CanvasEntityChange[]> {
  await waitFor('the transformer to commit its input', async () => {
    const committed = await admin.fetchOffsets({ groupId: group, topics: inputTopics });
    for (const topic of inputTopics) {
      const high = await admin.fetchTopicOffsets(topic);
      const mine = committed.find((c) => c.topic === topic)!.partitions;
      for (const p of high) {
        const offset = Number(mine.find((m) => m.partition === p.partition)?.offset ?? -1);
        if (Number(p.high) > 0 && offset < Number(p.high)) return false;
      }
    }
    return true;
  });
  const total = await sumHigh(outputTopics);
  await waitFor('the reader to receive every canvas record', async () => received.length >= total);
  return [...received];
}

const keysOf = (records: CanvasEntityChange[]) => records.map((r) => `${r.canvasType}|${r.sisId}`).sort();

async function parked(tenant: string): Promise<{ type: string; sourced_id: string; waiting_for: string[]; message: string }[]> {
  return database.query('SELECT type, sourced_id, waiting_for, message FROM transformer_parked WHERE tenant = $1 ORDER BY type, sourced_id', [tenant]);
}

beforeAll(async () => {
  const adminDs = createDataSource({ url: services.databaseUrl, store: adminStore, schema: `${schemaPrefix}admin` });
  await adminDs.initialize();
  await runMigrations(adminDs);
  const secretsKey = randomBytes(32);
  const tenants = new TenantRepository(adminDs, secretsKey);
  const connections = {
    ic: { baseUrl: 'http://127.0.0.1:1/ims/oneroster/rostering/v1p2', tokenUrl: 'http://127.0.0.1:1/token', clientId: 'c', clientSecret: 's' },
  };
  await tenants.create({ id: 'acme', name: 'Acme', ...connections, canvas: { baseUrl: 'http://127.0.0.1:2', rootAccountId: '1', token: 't' } });
  await tenants.create({
    id: 'broken', name: 'Broken', ...connections, canvas: { baseUrl: 'http://127.0.0.1:3', rootAccountId: '1', token: 't' },
    mapping: { courses: { strategy: 'one-big-course' } },
  });
  await adminDs.destroy();

  app = await runNestService({
    serviceName: 'transformer-test', defaultHttpPort: 0, extraEnv: transformerEnv,
    env: {
      KAFKA_BROKERS: services.kafkaBrokers.join(','), SCHEMA_REGISTRY_URL: services.schemaRegistryUrl, DATABASE_URL: services.databaseUrl,
      SECRETS_KEY: secretsKey.toString('base64'), TOPIC_PREFIX: topicPrefix, DB_SCHEMA_PREFIX: schemaPrefix, LOG_LEVEL: 'warn',
    },
  }, () => TransformerModule.forRuntime());
  await Promise.all([publisher.connect(), admin.connect(), database.initialize()]);
  reader = kafka.consumer({ groupId: uniqueName('tf-reader'), sessionTimeout: 10_000, heartbeatInterval: 500 });
  await reader.connect();
  await reader.subscribe({ topics: [...outputTopics, syncRunsTopic], fromBeginning: true });
  await reader.run({
    eachMessage: async ({ topic, message }) => {
      const value = await serde.decode(message.value!);
      if (topic === syncRunsTopic) runEvents.push(value as SyncRunEvent);
      else received.push(value as CanvasEntityChange);
    },
  });
}, 120_000);

afterAll(async () => {
  await reader?.disconnect();
  await app?.close();
  const ours = (await admin.listTopics()).filter((t) => t.startsWith(topicPrefix));
  await admin.deleteTopics({ topics: ours }).catch(() => undefined);
  for (const schema of ['transformer', 'admin']) await database.query(`DROP SCHEMA IF EXISTS "${schemaPrefix}${schema}" CASCADE`);
  await Promise.all([publisher.disconnect(), admin.disconnect(), database.destroy()]);
}, 60_000);

describe('transformer against Kafka, the registry and PostgreSQL', () => {
  const d = smallDistrict();
  const all = (): OneRosterEntityChange[] => [
    ...d.orgs.map((r) => change('acme', 'org', r)),
    ...d.academicSessions.map((r) => change('acme', 'academicSession', r)),
    ...d.courses.map((r) => change('acme', 'course', r)),
    ...d.classes.map((r) => change('acme', 'class', r)),
    ...d.users.map((r) => change('acme', 'user', r)),
    ...d.enrollments.map((r) => change('acme', 'enrollment', r)),
  ];

  it('parks an enrollment that arrives before its user and class, naming what it waits for', async () => {
    await publish([change('acme', 'enrollment', d.enrollments[0])]);
    expect(await settled()).toEqual([]);
    const rows = await parked('acme');
    expect(rows).toEqual([expect.objectContaining({ type: 'enrollment', sourced_id: 'e-stu', waiting_for: expect.arrayContaining(['user:stu-1', 'class:cls-1']) })]);
    expect(rows[0].message).toMatch(/tenant acme: enrollment e-stu waits for .*user stu-1/);
  }, 90_000);

  it('publishes every Canvas entity of the district exactly once when the rest arrives, and releases the parked enrollment', async () => {
    await publish(all());
    const out = await settled();
    expect(keysOf(out)).toEqual([
      'account|sch-1', 'course|cls-1', 'enrollment|cls-1:stu-1:student', 'enrollment|cls-1:tch-1:teacher',
      'section|cls-1', 'term|s1', 'term|sy', 'user|stu-1', 'user|tch-1',
    ]);
    const course = out.find((r) => r.canvasType === 'course')!;
    expect(course).toMatchObject({ tenant: 'acme', op: 'upsert', school: 'sch-1', syncRun: 'run-1' });
    expect(course.row).toMatchObject({ course_id: 'cls-1', long_name: 'Algebra I - P1', account_id: 'sch-1', term_id: 's1', status: 'active' });
    expect(course.sources).toEqual(expect.arrayContaining(['class:cls-1', 'course:crs-1']));
    expect(out.find((r) => r.sisId === 'cls-1:stu-1:student')!.row).toMatchObject({ section_id: 'cls-1', user_id: 'stu-1', role: 'student', status: 'active' });
    expect(await parked('acme')).toEqual([]);
  }, 90_000);

  it('publishes nothing when the same input comes again', async () => {
    const before = (await settled()).length;
    await publish(all());
    expect((await settled()).length).toBe(before);
  }, 90_000);

  it('re-publishes only the course and section when a class is renamed', async () => {
    const before = (await settled()).length;
    await publish([change('acme', 'class', { ...d.classes[0], title: 'Algebra I - Period 1' }, { syncRun: 'run-2' })]);
    const fresh = (await settled()).slice(before);
    expect(keysOf(fresh)).toEqual(['course|cls-1', 'section|cls-1']);
    expect(fresh.find((r) => r.canvasType === 'course')!.row.long_name).toBe('Algebra I - Period 1');
    expect(fresh.find((r) => r.canvasType === 'section')!.row.name).toBe('Algebra I - Period 1');
    expect(fresh.every((r) => r.syncRun === 'run-2')).toBe(true);
  }, 90_000);

  it('drops a deleted enrollment per the default policy (deleted_last_completed)', async () => {
    const before = (await settled()).length;
    await publish([change('acme', 'enrollment', null, { op: 'delete', sourcedId: 'e-stu', syncRun: 'run-3' })]);
    const fresh = (await settled()).slice(before);
    expect(fresh).toEqual([
      expect.objectContaining({ canvasType: 'enrollment', sisId: 'cls-1:stu-1:student', op: 'delete', row: expect.objectContaining({ status: 'deleted_last_completed', user_id: 'stu-1' }) }),
    ]);
  }, 90_000);

  it('parks the records of a tenant whose mapping settings are invalid, telling the admin what to fix', async () => {
    const before = (await settled()).length;
    await publish([change('broken', 'user', user('u-9'))]);
    expect((await settled()).length).toBe(before);
    const rows = await parked('broken');
    expect(rows).toEqual([expect.objectContaining({ type: 'user', sourced_id: 'u-9', waiting_for: ['settings:mapping'] })]);
    expect(rows[0].message).toMatch(/tenant broken: invalid mapping settings[\s\S]*courses\.strategy[\s\S]*ops tenants update broken/);
  }, 90_000);

  it('announces on sync.runs when an extractor run has all its records transformed, with counts', async () => {
    await publish([
      change('acme', 'user', user('u-7'), { syncRun: 'run-7' }),
      change('acme', 'user', { ...d.users[0], givenName: 'Renamed' }, { syncRun: 'run-7' }),
    ]);
    const finished: SyncRunEvent = {
      tenant: 'acme', runId: 'run-7', kind: 'delta', stage: 'extractor', phase: 'finished', at: new Date().toISOString(), counts: {}, message: null,
    };
    await publisher.publish(syncRunsTopic, [{ key: 'acme|run-7', value: finished, tenant: 'acme', syncRun: 'run-7' }]);
    await waitFor('the transformer marker of run-7', async () => runEvents.some((e) => e.stage === 'transformer' && e.runId === 'run-7'));
    expect(runEvents.find((e) => e.stage === 'transformer')).toMatchObject({
      tenant: 'acme', runId: 'run-7', kind: 'delta', phase: 'finished', counts: { records: 2, 'user.published': 2, parked: 0 },
    });
  }, 90_000);
});
