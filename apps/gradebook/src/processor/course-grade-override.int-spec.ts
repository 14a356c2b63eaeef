import { randomBytes, randomUUID } from 'node:crypto';
import { generateDistrict } from '@rp/fixtures';
import { localCanvasId, resultSourcedId } from '@rp/mapping';
import { type CanvasLiveEventRecord, liveEventKey, Topics } from '@rp/messaging';
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

describe('gradebook: Final Grade Override reaches IC as the course grade (Live Events → processor → Kafka → writer)', () => {
  const services = testServices();
  const prefix = `${uniqueName('gbo')}.`;
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
    klass = await provisionClass(district, { baseUrl: canvas.baseUrl, token: CANVAS_TOKEN }, classId);

    admin = createDataSource({ url: services.databaseUrl, store: adminStore, schema: `${schemaPrefix}admin` });
    await admin.initialize();
    await runMigrations(admin);
    await new TenantRepository(admin, Buffer.from(secretsKey, 'base64')).create({
      id: TENANT, name: 'Acme USD',
      ic: { baseUrl: ic.rosteringUrl, gradebookUrl: ic.gradebookUrl, tokenUrl: ic.tokenUrl, appName: 'rostering', clientId: 'rp-client', clientSecret: 'rp-secret', vendorAuthorization: ic.vendorAuthorization },
      canvas: { baseUrl: canvas.baseUrl, rootAccountId: '1', token: CANVAS_TOKEN },
      passback: { courseGradeCategoryTitle: 'Assessments' },
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

  it('sends the override instead of the computed grade, keeps it through later grading, and goes back to the computed grade when it is removed', async () => {
    const [s1] = klass.students;
    const group = teacher().createAssignmentGroup(course(), { name: 'Assessments' });
    const quiz = teacher().createAssignment(course(), { name: 'Quiz 1', pointsPossible: 10, dueAt: '2026-11-20T18:00:00Z', postToSis: true, assignmentGroupId: group.id });
    teacher().grade(course(), quiz.id, user(s1), { score: 6 });

    // The computed course grade (60 %) arrives first, on the class's course-grade lineItem.
    const courseGradeItem = await eventually(() => {
      const found = puts('lineItems').find((w) => body<{ title: string; class: { sourcedId: string } }>(w, 'lineItem').title === 'Canvas course grade'
        && body<{ class: { sourcedId: string } }>(w, 'lineItem').class.sourcedId === klass.klass.sourcedId);
      if (!found) throw new Error('course-grade lineItem not in IC yet');
      return found;
    });
    const resultId = resultSourcedId(courseGradeItem.sourcedId, s1);
    await eventually(() => expect(lastScore(resultId)).toBe(60));

    teacher().overrideCourseGrade(course(), user(s1), 95);
    await eventually(() => expect(lastScore(resultId)).toBe(95));
    const overriddenAt = (await processor.repo.outcome(TENANT, resultId))!.canvasEventTime!.getTime();

    // More grading recomputes the total (course_grade_change), but the override still decides the grade.
    teacher().grade(course(), quiz.id, user(s1), { score: 7 });
    await eventually(async () => {
      const outcome = await processor.repo.outcome(TENANT, resultId);
      expect(outcome?.canvasEventTime?.getTime() ?? 0).toBeGreaterThan(overriddenAt);
      expect(outcome?.status).toBe('sent');
    });
    expect(lastScore(resultId)).toBe(95);

    teacher().overrideCourseGrade(course(), user(s1), null);
    await eventually(() => expect(lastScore(resultId)).toBe(70));
  });
});
