import { createHash, randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { AvroSerde, canvasKey, canvasTopic, CanvasEntityChange, CanvasEntityType, createKafka, KafkaPublisher, SyncRunEvent } from '@rp/messaging';
import { adminStore, createDataSource, runMigrations, TenantRepository } from '@rp/persistence';
import { startCanvasSimulator, type CanvasSimulator } from '@rp/sim-canvas';
import { testServices, uniqueName } from '@rp/testing';
import { startLoader } from './bootstrap';

jest.setTimeout(120_000);

const TENANT = 'acme';
const hash = (row: Record<string, string>) => createHash('sha256').update(JSON.stringify(row)).digest('hex');

async function eventually<T>(what: string, probe: () => T | undefined): Promise<T> {
  for (let i = 0; i < 900; i += 1) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** What Canvas held at the moment the loader's marker for a run was read. */
interface SeenMarker {
  event: SyncRunEvent;
  users: string[];
  activeEnrollments: string[];
}

describe('loader sync.runs marker (Kafka, registry, PostgreSQL, Canvas simulator)', () => {
  const services = testServices();
  const topicPrefix = `${uniqueName('ldr')}.`;
  const schemaPrefix = `${uniqueName('ldr').replace(/[^a-z0-9]/g, '_')}_`;
  const secretsKey = randomBytes(32);
  const kafka = createKafka({ brokers: services.kafkaBrokers, clientId: 'loader-run-marker-spec' });
  const serde = new AvroSerde(services.schemaRegistryUrl);
  const reader = kafka.consumer({ groupId: `${topicPrefix}runs-reader` });
  const markers: SeenMarker[] = [];
  let sim: CanvasSimulator;
  let app: INestApplicationContext;
  let publisher: KafkaPublisher;
  let adminDs: DataSource;

  const send = async (run: string, type: CanvasEntityType, sisId: string, row: Record<string, string>, op: 'upsert' | 'delete' = 'upsert') => {
    const value: CanvasEntityChange = { tenant: TENANT, canvasType: type, sisId, op, syncRun: run, contentHash: hash(row), school: 'S1', row, sources: [] };
    await publisher.publish(`${topicPrefix}${canvasTopic(type)}`, [{ key: canvasKey(TENANT, type, sisId), value, tenant: TENANT, op, syncRun: run }]);
  };
  const user = (run: string, id: string) => send(run, 'user', id, { user_id: id, login_id: id.toLowerCase(), full_name: `User ${id}`, status: 'active' });
  const enrol = (run: string, id: string, status = 'active') =>
    send(run, 'enrollment', `C1:${id}:student`, { course_id: 'C1', section_id: 'C1', user_id: id, role: 'student', status }, status === 'active' ? 'upsert' : 'delete');
  /** Enrollment drops in one produce request: the transformer publishes a run's deletions together, so they reach the loader's gate in one batch. */
  const dropAll = async (run: string, ids: string[]) => {
    const records = ids.map((id) => {
      const sisId = `C1:${id}:student`;
      const row = { course_id: 'C1', section_id: 'C1', user_id: id, role: 'student', status: 'deleted' };
      const value: CanvasEntityChange = { tenant: TENANT, canvasType: 'enrollment', sisId, op: 'delete', syncRun: run, contentHash: hash(row), school: 'S1', row, sources: [] };
      return { key: canvasKey(TENANT, 'enrollment', sisId), value, tenant: TENANT, op: 'delete' as const, syncRun: run };
    });
    await publisher.publish(`${topicPrefix}${canvasTopic('enrollment')}`, records);
  };
  /** The transformer's finished marker, published right after the run's changes (as the transformer does). */
  const transformed = async (runId: string, kind: 'full' | 'delta' = 'full') => {
    const value: SyncRunEvent = { tenant: TENANT, runId, kind, stage: 'transformer', phase: 'finished', at: new Date().toISOString(), counts: {}, message: null };
    await publisher.publish(`${topicPrefix}sync.runs`, [{ key: `${TENANT}|${runId}`, value, tenant: TENANT, syncRun: runId }]);
  };
  const loaded = (runId: string) => eventually(`the loader marker of ${runId}`, () => markers.find((m) => m.event.runId === runId));
  const canvas = () => sim.admin.state('acme');

  beforeAll(async () => {
    sim = await startCanvasSimulator({ rootAccounts: [{ key: 'acme', tokens: ['tok-acme'] }], throttle: false, importSpeed: { rowsPerStep: 2, stepDelayMs: 30 } });
    adminDs = createDataSource({ url: services.databaseUrl, store: adminStore, schema: `${schemaPrefix}admin` });
    await adminDs.initialize();
    await runMigrations(adminDs);
    await new TenantRepository(adminDs, secretsKey).create({
      id: TENANT, name: 'Acme',
      ic: { baseUrl: 'http://127.0.0.1:9/ims', tokenUrl: 'http://127.0.0.1:9/token', clientId: 'c', clientSecret: 's' },
      canvas: { baseUrl: sim.baseUrl, rootAccountId: '1', token: 'tok-acme' },
      thresholds: { maxDeleteFraction: 0.1, minDeleteCount: 3 },
    });
    publisher = new KafkaPublisher(kafka, serde);
    await publisher.connect();
    app = await startLoader({
      env: {
        KAFKA_BROKERS: services.kafkaBrokers.join(','), SCHEMA_REGISTRY_URL: services.schemaRegistryUrl, DATABASE_URL: services.databaseUrl,
        SECRETS_KEY: secretsKey.toString('base64'), HTTP_PORT: '0', TOPIC_PREFIX: topicPrefix, DB_SCHEMA_PREFIX: schemaPrefix, LOG_LEVEL: 'warn',
        LOADER_TICK_MS: '100', LOADER_BATCH_MAX_WAIT_MS: '300', LOADER_POLL_INITIAL_MS: '50', LOADER_POLL_MAX_MS: '100', LOADER_MAX_ATTEMPTS: '2',
      },
    });
    await reader.connect();
    await reader.subscribe({ topic: `${topicPrefix}sync.runs`, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        const event = await serde.decode<SyncRunEvent>(message.value as Buffer);
        if (event.stage !== 'loader') return;
        const state = canvas();
        const activeEnrollments = [...state.enrollments.values()].filter((e) => e.workflowState === 'active').map((e) => state.users.get(e.userId)?.sisId ?? '?');
        markers.push({ event, users: [...state.users.values()].map((u) => u.sisId ?? '?'), activeEnrollments });
      },
    });
  });

  afterAll(async () => {
    await reader.disconnect();
    await publisher?.disconnect();
    await app?.close();
    if (adminDs?.isInitialized) {
      for (const schema of [`${schemaPrefix}admin`, `${schemaPrefix}loader`]) await adminDs.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await adminDs.destroy();
    }
    await sim?.close();
    const admin = kafka.admin();
    await admin.connect();
    const ours = (await admin.listTopics()).filter((t) => t.startsWith(topicPrefix));
    await admin.deleteTopics({ topics: ours }).catch(() => undefined);
    await admin.disconnect();
  });

  it('announces a run loaded only once its imports reached Canvas, counting rows and leaving a stuck enrollment waiting', async () => {
    await send('run-1', 'account', 'S1', { account_id: 'S1', parent_account_id: '', name: 'School 1', status: 'active' });
    await send('run-1', 'term', 'T1', { term_id: 'T1', name: '2026', status: 'active' });
    await send('run-1', 'course', 'C1', { course_id: 'C1', short_name: 'M1', long_name: 'Math 1', account_id: 'S1', term_id: 'T1', status: 'active' });
    await send('run-1', 'section', 'C1', { section_id: 'C1', course_id: 'C1', name: 'Math 1', status: 'active' });
    for (let i = 1; i <= 6; i += 1) await user('run-1', `U${i}`);
    for (let i = 1; i <= 6; i += 1) await enrol('run-1', `U${i}`);
    await enrol('run-1', 'GHOST'); // its user never comes: waits, and must not keep the run open forever
    await transformed('run-1');

    const marker = await loaded('run-1');
    expect(marker.event).toMatchObject({ tenant: TENANT, runId: 'run-1', kind: 'full', stage: 'loader', phase: 'finished' });
    expect(marker.event.counts).toMatchObject({ 'rows.sent': 16, 'rows.applied': 16, 'rows.failed': 0, 'rows.held': 0, 'rows.waiting': 1 });
    expect(marker.event.counts.imports).toBeGreaterThanOrEqual(1);
    // When the marker was read, Canvas already had every user and enrollment of the run.
    expect(marker.users).toEqual(expect.arrayContaining(['U1', 'U2', 'U3', 'U4', 'U5', 'U6']));
    expect(marker.activeEnrollments).toHaveLength(6);
  });

  it('announces a delta run with nothing new as loaded with zero rows', async () => {
    await user('run-2', 'U1'); // unchanged: Canvas has this version already
    await transformed('run-2', 'delta');
    const marker = await loaded('run-2');
    expect(marker.event).toMatchObject({ kind: 'delta', stage: 'loader', phase: 'finished' });
    expect(marker.event.counts).toMatchObject({ 'rows.sent': 0, 'rows.applied': 0, imports: 0, 'rows.held': 0, 'rows.waiting': 0 });
  });

  it('counts a mass drop held for an operator as done (held), while the rest of the run is imported', async () => {
    await dropAll('run-3', ['U1', 'U2', 'U3', 'U4']);
    await user('run-3', 'U7');
    await transformed('run-3');
    const marker = await loaded('run-3');
    expect(marker.event.counts).toMatchObject({ 'rows.sent': 1, 'rows.applied': 1, 'rows.held': 4, 'rows.waiting': 0, 'rows.failed': 0 });
    expect(marker.users).toContain('U7');
    expect(marker.activeEnrollments).toHaveLength(6); // nothing dropped without approval
  });

  it('announces a run queued behind another loaded only once the earlier run\'s rows it builds on are in Canvas', async () => {
    const earlier = Array.from({ length: 20 }, (_, i) => `Q${i + 1}`);
    // Canvas refuses the first posts of run-4's import for a moment: its rows wait in the loader, no import in flight
    sim.admin.setFaults('acme', { serverErrors: { status: 503, remaining: 4, pathIncludes: 'sis_imports' } });
    for (const id of earlier) await user('run-4', id);
    await transformed('run-4');
    // the next run finds nothing new (its records are run-4's, unchanged) and finishes at once in the transformer
    await user('run-5', 'U1');
    await transformed('run-5', 'delta');
    const marker = await loaded('run-5');
    expect(marker.event.counts).toMatchObject({ 'rows.sent': 0, 'rows.waiting': 0 });
    expect(marker.users).toEqual(expect.arrayContaining(earlier)); // Canvas had run-4's users when run-5 said loaded
  });
});
