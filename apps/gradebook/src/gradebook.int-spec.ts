import { randomBytes, randomUUID } from 'node:crypto';
import { generateDistrict } from '@rp/fixtures';
import { lineItemSourcedId, localCanvasId, resultSourcedId } from '@rp/mapping';
import { type CanvasLiveEventRecord, liveEventKey, Topics } from '@rp/messaging';
import { adminStore, createDataSource, runMigrations, TenantRepository } from '@rp/persistence';
import { startServiceRuntime, type ServiceRuntime } from '@rp/runtime';
import { startCanvasSimulator, type CanvasSimulator } from '@rp/sim-canvas';
import { startOneRosterSimulator, type OneRosterSimulator } from '@rp/sim-oneroster';
import { testServices, uniqueName } from '@rp/testing';
import type { DataSource } from 'typeorm';
import { type GradebookConfig, gradebookEnv } from './gradebook.config';
import { type GradebookRole, startGradebookRole } from './gradebook.service';
import { provisionClass, type ProvisionedClass } from './testing/canvas-provisioning';
import { startLiveEventBridge } from './testing/live-event-bridge';

jest.setTimeout(120_000);

const TENANT = 'acme';
const CANVAS_TOKEN = 'tok-acme';
const DUE_IN_Q2 = '2026-11-20T18:00:00Z';

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

describe('gradebook: Canvas Live Events → processor → Kafka → writer → IC gradebook', () => {
  const services = testServices();
  const prefix = `${uniqueName('gb')}.`;
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
  const icWrites = (kind: 'lineItems' | 'results') => ic.admin.gradebookWrites().filter((w) => w.kind === kind && w.method === 'PUT' && w.status < 300);
  const resultPuts = (resultId: string) => icWrites('results').filter((w) => w.sourcedId === resultId).map((w) => (w.body as { result: Record<string, unknown> }).result);
  const lastResult = (resultId: string) => {
    const puts = resultPuts(resultId);
    if (puts.length === 0) throw new Error(`no result ${resultId} in IC yet`);
    return puts[puts.length - 1];
  };
  const outcome = (key: string) => processor.repo.outcome(TENANT, key);

  beforeAll(async () => {
    // The class with the most students: four stay enrolled in Canvas, one is dropped there.
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

  // Shared across the steps below (they build on each other like a teacher's week).
  let essay: { id: number };
  let essayLineItem: string;

  it('sends a published SIS assignment as a lineItem with the category of its group and the grading period of its due date', async () => {
    const category = district.categories.find((c) => c.classSourcedId === klass.klass.sourcedId && c.title === 'Assessments')!;
    const q2 = district.academicSessions.find((s) => s.schoolSourcedId === klass.klass.schoolSourcedId && s.title === 'Quarter 2')!;
    const group = teacher().createAssignmentGroup(course(), { name: 'assessments ' });
    essay = teacher().createAssignment(course(), { name: 'Essay 1', pointsPossible: 20, dueAt: DUE_IN_Q2, postToSis: true, assignmentGroupId: group.id });
    essayLineItem = lineItemSourcedId(TENANT, String(essay.id));
    const put = await eventually(() => {
      const found = icWrites('lineItems').find((w) => w.sourcedId === essayLineItem);
      if (!found) throw new Error('lineItem not in IC yet');
      return found;
    });
    expect((put.body as { lineItem: Record<string, { sourcedId: string }> }).lineItem).toMatchObject({
      title: 'Essay 1', class: { sourcedId: klass.klass.sourcedId }, category: { sourcedId: category.sourcedId }, gradingPeriod: { sourcedId: q2.sourcedId },
      resultValueMax: 20,
    });
    expect(put.headers['x-vendor-authorization']).toBe(ic.vendorAuthorization);
  });

  it('sends scores, excused as exempt, and the late and missing flags', async () => {
    const [s1, s2, s3, s4] = klass.students;
    teacher().grade(course(), essay.id, user(s1), { score: 18 });
    teacher().excuse(course(), essay.id, user(s2));
    teacher().markLate(course(), essay.id, user(s3));
    teacher().grade(course(), essay.id, user(s3), { score: 15 });
    teacher().markMissing(course(), essay.id, user(s4));
    const id = (s: string) => resultSourcedId(essayLineItem, s);
    await eventually(() => {
      expect(lastResult(id(s1))).toMatchObject({ score: 18, scoreStatus: 'fully graded', student: { sourcedId: s1 }, lineItem: { sourcedId: essayLineItem } });
      expect(lastResult(id(s2))).toMatchObject({ scoreStatus: 'exempt' });
      expect(lastResult(id(s2)).score).toBeUndefined();
      // IC's wire format carries the 1.2 flags as "true"/"false" strings.
      expect(lastResult(id(s3))).toMatchObject({ score: 15, late: 'true' });
      expect(lastResult(id(s4))).toMatchObject({ missing: 'true', scoreStatus: 'not submitted' });
      expect(lastResult(id(s1))).toMatchObject({ late: 'false', missing: 'false' });
    });
    expect((await outcome(id(s1)))?.status).toBe('sent');
  });

  it('holds a hidden grade until it is posted', async () => {
    const [s1] = klass.students;
    const quiz = teacher().createAssignment(course(), { name: 'Quiz 1', pointsPossible: 10, dueAt: DUE_IN_Q2, postToSis: true, postManually: true });
    const resultId = resultSourcedId(lineItemSourcedId(TENANT, String(quiz.id)), s1);
    teacher().grade(course(), quiz.id, user(s1), { score: 7 });
    await eventually(async () => expect(await outcome(resultId)).toMatchObject({ status: 'held', reason: expect.stringMatching(/not posted/) }));
    expect(resultPuts(resultId)).toEqual([]);
    teacher().postGrades(course(), quiz.id);
    await eventually(() => expect(lastResult(resultId)).toMatchObject({ score: 7 }));
    await eventually(async () => expect((await outcome(resultId))?.status).toBe('sent'));
  });

  it("does not send a dropped student's grade and says why", async () => {
    const [dropped] = klass.dropped;
    const resultId = resultSourcedId(essayLineItem, dropped);
    teacher().grade(course(), essay.id, user(dropped), { score: 12 });
    await eventually(async () => expect(await outcome(resultId)).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/not actively enrolled/), studentSourcedId: dropped }));
    expect(resultPuts(resultId)).toEqual([]);
  });

  it('refuses a 60-character assignment name with a reason the teacher can act on', async () => {
    const name = 'A'.repeat(60);
    const long = teacher().createAssignment(course(), { name, pointsPossible: 5, dueAt: DUE_IN_Q2, postToSis: true });
    const lineItemId = lineItemSourcedId(TENANT, String(long.id));
    await eventually(async () => expect(await outcome(lineItemId)).toMatchObject({ status: 'refused', reason: expect.stringMatching(/60 characters.*at most 50/) }));
    expect(icWrites('lineItems').filter((w) => w.sourcedId === lineItemId)).toEqual([]);
  });

  it('lands the final value of a grade changed five times without redundant writes', async () => {
    const [s1] = klass.students;
    const resultId = resultSourcedId(essayLineItem, s1);
    const before = resultPuts(resultId).length;
    for (const score of [11, 12, 13, 14, 15]) teacher().grade(course(), essay.id, user(s1), { score });
    await eventually(() => expect(lastResult(resultId).score).toBe(15));
    const scores = resultPuts(resultId).slice(before).map((r) => r.score);
    expect(scores.length).toBeLessThanOrEqual(5);
    scores.forEach((score, i) => expect(score).not.toBe(i === 0 ? 18 : scores[i - 1]));
  });

  it('reconciliation repairs grades whose Live Events were lost, without rewriting the rest', async () => {
    const [s1, s2] = klass.students;
    const lost = resultSourcedId(essayLineItem, s2);
    canvas.admin.dropLiveEvents({ accountKey: TENANT });
    teacher().grade(course(), essay.id, user(s2), { score: 9 });
    await canvas.admin.flushLiveEvents();
    canvas.admin.clearDropRules();
    expect(lastResult(lost).scoreStatus).toBe('exempt');
    const s1Puts = resultPuts(resultSourcedId(essayLineItem, s1)).length;

    const report = await processor.reconciler!.reconcileTenant(TENANT);
    expect(report.courses).toBe(1);
    await eventually(() => expect(lastResult(lost)).toMatchObject({ score: 9, scoreStatus: 'fully graded' }));
    await eventually(async () => expect((await outcome(lost))?.status).toBe('sent'));
    expect(resultPuts(resultSourcedId(essayLineItem, s1))).toHaveLength(s1Puts);
  });

  it('reconciles a tenant whose Canvas root account is configured by its uuid (Canvas answers 404 to /accounts/<uuid>/courses)', async () => {
    const [, , s3] = klass.students;
    const uuid = canvas.admin.state(TENANT).uuid;
    await new TenantRepository(admin, Buffer.from(secretsKey, 'base64')).update(TENANT, { canvas: { rootAccountId: uuid } });
    const lost = resultSourcedId(essayLineItem, s3);
    canvas.admin.dropLiveEvents({ accountKey: TENANT });
    teacher().grade(course(), essay.id, user(s3), { score: 11 });
    await canvas.admin.flushLiveEvents();
    canvas.admin.clearDropRules();

    const report = await processor.reconciler!.reconcileTenant(TENANT);
    expect(report.courses).toBe(1);
    await eventually(() => expect(lastResult(lost)).toMatchObject({ score: 11 }));
  });
});
