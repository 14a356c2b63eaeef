import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { generateDistrict } from '@rp/fixtures';
import { createLogger } from '@rp/observability';
import {
  adminStore, createDataSource, ExtractorRepository, extractorStore, runMigrations, TenantConnection, TenantRepository,
} from '@rp/persistence';
import { startOneRosterSimulator, OneRosterSimulator } from '@rp/sim-oneroster';
import { testServices, uniqueName } from '@rp/testing';
import { ensureTopics, oneRosterTopic, OneRosterEntityChange, platformTopics, SyncRunEvent, Topics } from '@rp/messaging';
import { openKafkaTestKit, KafkaTestKit } from '@rp/messaging/testing';
import { rosteringClientFor } from './oneroster-client.factory';
import { EXTRACTION_PLAN } from './domain/extraction-plan';
import { SyncRunExecutor } from './sync-run.executor';

jest.setTimeout(120_000);

/** Every record a topic holds right now, decoded (bounded by the topic's end offsets). */
async function topicRecords(kit: KafkaTestKit, topic: string): Promise<{ key: string; value: OneRosterEntityChange | null; raw: Buffer | null; headers: Record<string, string> }[]> {
  const offsets = await withMetadataRetry(() => kit.admin.fetchTopicOffsets(topic));
  const total = offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  if (total === 0) return [];
  const raw = await kit.readAll(topic, total);
  return Promise.all(raw.map(async (m) => ({
    key: m.key ?? '',
    value: m.value && !m.headers['dlq-error'] ? ((await kit.serde.decode(m.value)) as OneRosterEntityChange) : null,
    headers: m.headers,
    raw: m.value,
  })));
}

/** A just-created topic's metadata can lag on a busy broker ("does not host this topic-partition"): ask again. */
async function withMetadataRetry<T>(read: () => Promise<T>, attempts = 20): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await read();
    } catch (error) {
      if (i >= attempts || !/does not host this topic-partition|leader/i.test((error as Error).message)) throw error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

describe('extractor runs against the OneRoster simulator, real Kafka and PostgreSQL', () => {
  const prefix = `${uniqueName('ext')}.`;
  const schema = uniqueName('ext').replace(/-/g, '_');
  const district = generateDistrict({ seed: 7, size: 'tiny' });
  let ic: OneRosterSimulator;
  let kit: KafkaTestKit;
  let ds: DataSource;
  let adminDs: DataSource;
  let tenant: TenantConnection;
  let executor: SyncRunExecutor;
  const topic = (name: string) => `${prefix}${name}`;
  let runNo = 0;
  const runMarkers = async () => Promise.all((await kit.readAll(topic(Topics.syncRuns), await topicSize(topic(Topics.syncRuns))))
    .map(async (m) => (await kit.serde.decode(m.value!)) as SyncRunEvent));
  const topicSize = async (name: string) =>
    (await withMetadataRetry(() => kit.admin.fetchTopicOffsets(name))).reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  const run = (kind: 'full' | 'delta') => executor.run({ tenant: 'acme', runId: `run-${++runNo}`, kind }, tenant);

  beforeAll(async () => {
    ic = await startOneRosterSimulator({ district });
    kit = await openKafkaTestKit('ext');
    const defs = platformTopics({ partitions: 1 }).map((d) => ({ ...d, name: topic(d.name) }));
    await ensureTopics(kit.admin, defs);
    await kit.serde.registerTopics(defs);
    ds = createDataSource({ url: testServices().databaseUrl, store: extractorStore, schema: `${schema}_extractor` });
    await ds.initialize();
    await runMigrations(ds);
    adminDs = createDataSource({ url: testServices().databaseUrl, store: adminStore, schema: `${schema}_admin` });
    await adminDs.initialize();
    await runMigrations(adminDs);
    const tenants = new TenantRepository(adminDs, randomBytes(32));
    await tenants.create({
      id: 'acme', name: 'Acme',
      ic: { baseUrl: ic.rosteringUrl, tokenUrl: ic.tokenUrl, clientId: 'rp-client', clientSecret: 'rp-secret' },
      canvas: { baseUrl: 'http://127.0.0.1:1', rootAccountId: '1', token: 't' },
    });
    tenant = await tenants.connection('acme');
    executor = new SyncRunExecutor({
      repo: new ExtractorRepository(ds), publisher: kit.publisher, logger: createLogger({ service: 'extractor-test', level: 'warn' }),
      topic, client: rosteringClientFor,
    });
  });

  afterAll(async () => {
    const ours = (await kit.admin.listTopics()).filter((t) => t.startsWith(prefix));
    await kit.admin.deleteTopics({ topics: ours }).catch(() => undefined);
    await kit.close();
    for (const d of [ds, adminDs]) {
      await d.query(`DROP SCHEMA IF EXISTS "${(d.options as { schema: string }).schema}" CASCADE`);
      await d.destroy();
    }
    await ic.close();
  });

  it('a full run publishes every valid record once per type, and a second full run publishes nothing', async () => {
    const counts = await run('full');
    const live = (rows: { status: string }[]) => rows.filter((r) => r.status === 'active').length;
    for (const step of EXTRACTION_PLAN) {
      expect([step.kind, counts.get(step.kind, 'emitted')]).toEqual([step.kind, live(district[step.collection as keyof typeof district] as { status: string }[])]);
      expect(counts.get(step.kind, 'invalid')).toBe(0);
    }
    const users = await topicRecords(kit, topic(oneRosterTopic('user')));
    expect(users).toHaveLength(live(district.users));
    expect(new Set(users.map((u) => u.key)).size).toBe(users.length);
    expect(users[0].headers).toMatchObject({ tenant: 'acme', 'sync-run': 'run-1', op: 'upsert' });

    const again = await run('full');
    expect(again.total('emitted') + again.total('deleted')).toBe(0);
    expect(await topicRecords(kit, topic(oneRosterTopic('user')))).toHaveLength(users.length);
  });

  it('a delta after a SIS change publishes only the changed record', async () => {
    const student = district.users.find((u) => u.status === 'active' && u.roles.some((r) => r.role === 'student'))!;
    ic.admin.clock.advance(60_000);
    ic.admin.sis.update('users', student.sourcedId, { givenName: 'Renamed' });
    const before = (await topicRecords(kit, topic(oneRosterTopic('user')))).length;
    const counts = await run('delta');
    expect(counts.total('emitted')).toBe(1);
    const users = await topicRecords(kit, topic(oneRosterTopic('user')));
    expect(users).toHaveLength(before + 1);
    const last = users.filter((u) => u.key === `acme|${student.sourcedId}`).pop()!;
    expect(JSON.parse(last.value!.record!).givenName).toBe('Renamed');
  });

  it('a record gone from the SIS is deleted by the next full run', async () => {
    const klass = district.classes.find((c) => c.status === 'active')!;
    ic.admin.sis.purge('classes', klass.sourcedId);
    const counts = await run('full');
    expect(counts.get('class', 'deleted')).toBe(1);
    const classes = await topicRecords(kit, topic(oneRosterTopic('class')));
    const last = classes.filter((c) => c.key === `acme|${klass.sourcedId}`).pop()!;
    expect(last.value).toMatchObject({ op: 'delete', record: null });
  });

  it('an invalid record is dead-lettered with its reason, the run goes on and counts it', async () => {
    const teacher = district.users.find((u) => u.status === 'active' && u.roles.some((r) => r.role === 'teacher'))!;
    ic.admin.clock.advance(60_000);
    ic.admin.sis.update('users', teacher.sourcedId, { roles: [{ ...teacher.roles[0], role: 'wizard' as never }] });
    const other = district.users.find((u) => u.status === 'active' && u.sourcedId !== teacher.sourcedId && u.roles.some((r) => r.role === 'student'))!;
    ic.admin.sis.update('users', other.sourcedId, { familyName: 'Changed' });
    const counts = await run('delta');
    expect(counts.get('user', 'invalid')).toBe(1);
    expect(counts.get('user', 'emitted')).toBe(1); // the valid change still went through
    const dlq = await topicRecords(kit, `${topic(oneRosterTopic('user'))}.dlq`);
    const letter = dlq.find((d) => d.key === `acme|${teacher.sourcedId}`)!;
    expect(letter.headers['dlq-reason']).toMatch(new RegExp(`tenant acme: user ${teacher.sourcedId} field roles\\[0\\]\\.role: .*wizard`));
    expect(letter.headers).toMatchObject({ tenant: 'acme', 'dlq-entity-type': 'user', 'dlq-sourced-id': teacher.sourcedId, 'dlq-fields': 'roles[0].role', 'dlq-problem-count': '1' });
    expect(letter.headers['dlq-error']).toBe(letter.headers['dlq-reason']); // what `ops dlq list` shows
    expect(JSON.parse(String(letter.raw)).sourcedId).toBe(teacher.sourcedId); // the record as the SIS sent it
    const finished = (await runMarkers()).find((m) => m.runId === `run-${runNo}` && m.phase === 'finished')!;
    expect(finished.counts).toMatchObject({ 'user.invalid': 1, 'user.emitted': 1 });
  });

  it('a full run that finds a collection empty while records are provisioned fails instead of deleting them all', async () => {
    const before = await topicRecords(kit, topic(oneRosterTopic('academicSession')));
    for (const s of district.academicSessions) ic.admin.sis.purge('academicSessions', s.sourcedId);
    const watermark = await new ExtractorRepository(ds).watermark('acme');
    await expect(run('full')).rejects.toThrow(/tenant acme: academicSessions came back empty while \d+ records are provisioned; refusing to delete/);
    expect(await topicRecords(kit, topic(oneRosterTopic('academicSession')))).toHaveLength(before.length);
    expect(await new ExtractorRepository(ds).watermark('acme')).toEqual(watermark); // advanced only by finished runs
    const failed = (await runMarkers()).find((m) => m.runId === `run-${runNo}` && m.phase === 'failed')!;
    expect(failed.message).toMatch(new RegExp(`tenant acme: run run-${runNo} failed at /academicSessions: .*came back empty`));
  });
});
