import { randomBytes, randomUUID } from 'node:crypto';
import { generateDistrict } from '@rp/fixtures';
import { lineItemSourcedId, localCanvasId, resultSourcedId } from '@rp/mapping';
import { type CanvasEntityChange, type CanvasLiveEventRecord, canvasKey, canvasTopic, liveEventKey, Topics } from '@rp/messaging';
import { adminStore, createDataSource, runMigrations, TenantRepository } from '@rp/persistence';
import { startServiceRuntime, type ServiceRuntime } from '@rp/runtime';
import { startCanvasSimulator, type CanvasSimulator } from '@rp/sim-canvas';
import { startOneRosterSimulator, type OneRosterSimulator } from '@rp/sim-oneroster';
import { testServices, uniqueName } from '@rp/testing';
import type { DataSource } from 'typeorm';
import { type GradebookConfig, gradebookEnv } from '../gradebook.config';
import { type GradebookRole, startGradebookRole } from '../gradebook.service';
import { provisionClass, type ProvisionedClass } from '../testing/canvas-provisioning';
import { startLiveEventBridge } from '../testing/live-event-bridge';

jest.setTimeout(120_000);

const TENANT = 'acme';
const CANVAS_TOKEN = 'tok-acme';

/** Polls until `check` passes (the pipeline is asynchronous); fails with the last assertion error after `ms`. */
async function eventually<T>(check: () => T | Promise<T>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 150));
    }
  }
}

describe('gradebook: a grade waits for its student\'s enrollment (canvas.enrollments) instead of failing, then reaches IC', () => {
  const services = testServices();
  const prefix = `${uniqueName('gbw')}.`;
  const schemaPrefix = `${prefix.replace(/[^a-z0-9]/g, '_')}`;
  const secretsKey = randomBytes(32).toString('base64');
  const district = generateDistrict({ seed: 3, size: 'tiny' });
  let ic: OneRosterSimulator;
  let canvas: CanvasSimulator;
  let admin: DataSource;
  let processorRuntime: ServiceRuntime<GradebookConfig>;
  let writerRuntime: ServiceRuntime<GradebookConfig>;
  let processor: GradebookRole;
  let bridge: { url: string; close(): Promise<void> };
  let klass: ProvisionedClass;

  const env = (role: string) => ({
    KAFKA_BROKERS: services.kafkaBrokers.join(','), SCHEMA_REGISTRY_URL: services.schemaRegistryUrl, DATABASE_URL: services.databaseUrl,
    SECRETS_KEY: secretsKey, TOPIC_PREFIX: prefix, DB_SCHEMA_PREFIX: schemaPrefix, LOG_LEVEL: 'error', HTTP_PORT: '0',
    GRADEBOOK_ROLE: role, GRADEBOOK_RECONCILE_INTERVAL_MS: '0', GRADEBOOK_CACHE_TTL_MS: '0',
  });
  const teacher = () => canvas.admin.account(TENANT);
  const course = () => `sis_course_id:${klass.klass.sourcedId}`;
  const user = (id: string) => `sis_user_id:${id}`;
  const puts = (kind: 'lineItems' | 'results') => ic.admin.gradebookWrites().filter((w) => w.kind === kind && w.method === 'PUT' && w.status < 300);
  const body = <T>(w: { body?: unknown }, key: string) => (w.body as Record<string, T>)[key];
  const lastScore = (resultId: string) => {
    const mine = puts('results').filter((w) => w.sourcedId === resultId);
    if (mine.length === 0) throw new Error(`no result ${resultId} in IC yet`);
    return body<{ score?: number }>(mine[mine.length - 1], 'result').score;
  };

  beforeAll(async () => {
    const counts = new Map<string, number>();
    for (const e of district.enrollments) if (e.role === 'student' && e.status === 'active') counts.set(e.classSourcedId, (counts.get(e.classSourcedId) ?? 0) + 1);
    const classId = [...counts].sort((a, b) => b[1] - a[1])[0][0];
    ic = await startOneRosterSimulator({ district });
    processorRuntime = await startServiceRuntime({ serviceName: 'gradebook', defaultHttpPort: 0, extraEnv: gradebookEnv, env: env('processor') });
    const liveEventsTopic = processorRuntime.topic(Topics.canvasLiveEvents);
    bridge = await startLiveEventBridge(TENANT, async (event) => {
      const contextId = event.metadata.context_id ? localCanvasId(String(event.metadata.context_id)) : null;
      const value: CanvasLiveEventRecord = {
        tenant: event.tenant, eventName: String(event.metadata.event_name), eventTime: String(event.metadata.event_time),
        metadata: JSON.stringify(event.metadata), body: JSON.stringify(event.body), rootAccountId: '1',
        contextType: (event.metadata.context_type as string | undefined) ?? null, contextId, eventId: randomUUID(), receivedAt: new Date().toISOString(),
      };
      await processorRuntime.publisher.publish(liveEventsTopic, [{ key: liveEventKey(TENANT, contextId), value, tenant: TENANT }]);
    });
    canvas = await startCanvasSimulator({ rootAccounts: [{ key: TENANT, tokens: [CANVAS_TOKEN], shard: 2107 }], liveEvents: { webhookUrl: bridge.url }, throttle: false });
    // The first student's Canvas user exists, but their enrollment has not reached Canvas (nor the gradebook) yet.
    klass = await provisionClass(district, { baseUrl: canvas.baseUrl, token: CANVAS_TOKEN }, classId, 1, 1);

    admin = createDataSource({ url: services.databaseUrl, store: adminStore, schema: `${schemaPrefix}admin` });
    await admin.initialize();
    await runMigrations(admin);
    await new TenantRepository(admin, Buffer.from(secretsKey, 'base64')).create({
      id: TENANT, name: 'Acme USD',
      ic: { baseUrl: ic.rosteringUrl, gradebookUrl: ic.gradebookUrl, tokenUrl: ic.tokenUrl, appName: 'rostering', clientId: 'rp-client', clientSecret: 'rp-secret', vendorAuthorization: ic.vendorAuthorization },
      canvas: { baseUrl: canvas.baseUrl, rootAccountId: '1', token: CANVAS_TOKEN },
    });

    processor = await startGradebookRole(processorRuntime);
    writerRuntime = await startServiceRuntime({ serviceName: 'gradebook-writer', defaultHttpPort: 0, extraEnv: gradebookEnv, env: env('writer'), ensureTopics: false });
    await startGradebookRole(writerRuntime);
    await Promise.all([processorRuntime.startConsumers(), writerRuntime.startConsumers()]);
  });

  afterAll(async () => {
    await canvas?.admin.flushLiveEvents().catch(() => undefined);
    const kafkaAdmin = processorRuntime?.kafka.admin();
    await writerRuntime?.close();
    await processorRuntime?.close();
    if (kafkaAdmin) {
      await kafkaAdmin.connect();
      const ours = (await kafkaAdmin.listTopics()).filter((t) => t.startsWith(prefix));
      await kafkaAdmin.deleteTopics({ topics: ours }).catch(() => undefined);
      await kafkaAdmin.disconnect();
    }
    for (const schema of ['admin', 'gradebook']) await admin?.query(`DROP SCHEMA IF EXISTS "${schemaPrefix}${schema}" CASCADE`);
    await admin?.destroy();
    await Promise.all([bridge?.close(), canvas?.close(), ic?.close()]);
  });

  it('records the grade as waiting with the reason, writes nothing, and writes it once the enrollment record arrives', async () => {
    const [late] = klass.withheld;
    const [enrolled] = klass.students;
    const essay = teacher().createAssignment(course(), { name: 'Essay 1', pointsPossible: 20, dueAt: '2026-11-20T18:00:00Z', postToSis: true });
    const resultOf = (student: string) => resultSourcedId(lineItemSourcedId(TENANT, String(essay.id)), student);
    teacher().grade(course(), essay.id, user(enrolled), { score: 16 });
    teacher().grade(course(), essay.id, user(late), { score: 14 });

    // The enrolled student's grade lands; the other one waits, saying for what (what `ops passback status` shows).
    await eventually(() => expect(lastScore(resultOf(enrolled))).toBe(16));
    const waiting = await eventually(async () => {
      const outcome = await processor.repo.outcome(TENANT, resultOf(late));
      expect(outcome).toMatchObject({ status: 'waiting', studentSourcedId: late, classSourcedId: klass.klass.sourcedId });
      return outcome!;
    });
    expect(waiting.reason).toMatch(new RegExp(`^waiting for the enrollment of student ${late} in class ${klass.klass.sourcedId}: .*canvas\\.enrollments`));
    expect(puts('results').filter((w) => w.sourcedId === resultOf(late))).toEqual([]);

    // The transformer publishes the enrollment (the loader imports it into Canvas later): the waiting grade proceeds.
    const row = { course_id: klass.klass.sourcedId, section_id: klass.klass.sourcedId, user_id: late, role: 'student', status: 'active' };
    const change: CanvasEntityChange = {
      tenant: TENANT, canvasType: 'enrollment', sisId: `${row.section_id}|${late}|student`, op: 'upsert', syncRun: 'run-1', contentHash: 'h1',
      school: null, row, sources: [],
    };
    await processorRuntime.publisher.publish(processorRuntime.topic(canvasTopic('enrollment')), [{ key: canvasKey(TENANT, 'enrollment', change.sisId), value: change, tenant: TENANT }]);
    await eventually(() => expect(lastScore(resultOf(late))).toBe(14));
    await eventually(async () => expect(await processor.repo.outcome(TENANT, resultOf(late))).toMatchObject({ status: 'sent' }));
  });
});
