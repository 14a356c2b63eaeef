import { readFileSync } from 'node:fs';
import { get } from 'node:https';
import { join } from 'node:path';
import { createKafka } from '@rp/messaging';
import { lineItemSourcedId, resultSourcedId } from '@rp/mapping';
import type { CanvasSimulator } from '@rp/sim-canvas';
import { testServices } from '@rp/testing';
import {
  addDistrict, AppProcess, canvasSnapshot, diffViews, DistrictSetup, E2eEnv, expectedCanvas, freePort, Pipeline,
  PrivateKafka, RegistryTlsProxy, rosterOf, startCanvas, waitFor,
} from '../support';

/**
 * Acceptance (issue 15, encrypted Kafka): every app, ops and the test's own clients reach a broker only through its
 * SASL_SSL listener (TLS with a locally generated CA, SCRAM-SHA-512) and the schema registry only over HTTPS with basic
 * auth; a full sync provisions Canvas and a grade passes back to IC over them. The broker is this test's own (started
 * by scripts/services.sh kafka-up on free ports), so the shared one keeps its plain listener.
 */
describe('full sync and grade passback over SASL_SSL Kafka and an HTTPS registry with basic auth', () => {
  const TENANT = 'acme';
  let broker: PrivateKafka;
  let registry: RegistryTlsProxy;
  let env: E2eEnv;
  let canvas: CanvasSimulator;
  let acme: DistrictSetup;
  let pipeline: Pipeline;
  const passbackApps: AppProcess[] = [];

  beforeAll(async () => {
    broker = await PrivateKafka.start({ secure: true });
    registry = await RegistryTlsProxy.start(testServices().schemaRegistryUrl, broker.tls);
    env = new E2eEnv('sasl-ssl', { kafkaBrokers: broker.brokers, schemaRegistryUrl: registry.url }, {
      ...broker.clientEnv,
      SCHEMA_REGISTRY_USERNAME: registry.username,
      SCHEMA_REGISTRY_PASSWORD: registry.password,
      SCHEMA_REGISTRY_CA_FILE: broker.tls.ca,
    });
    canvas = await startCanvas(env, [TENANT]);
    acme = await addDistrict(env, canvas, { tenant: TENANT, seed: 15, size: 'tiny' });
    await (await env.tenants()).update(TENANT, { canvas: { liveEventsJwksUrl: canvas.jwksUrl }, passback: { postToSisOnly: true } });
    pipeline = await Pipeline.start(env);
  }, 400_000);

  afterAll(async () => {
    for (const app of passbackApps) await app.kill('SIGTERM');
    await pipeline?.stop();
    await env?.cleanup();
    await registry?.close();
    await broker?.stop();
  }, 180_000);

  it('refuses a client with the wrong SCRAM password, and a registry request without credentials', async () => {
    const intruder = createKafka({
      brokers: broker.brokers, clientId: 'intruder',
      overrides: {
        ssl: { ca: [readFileSync(broker.tls.ca, 'utf8')] },
        sasl: { mechanism: 'scram-sha-512', username: broker.clientEnv.KAFKA_SASL_USERNAME, password: 'not-the-password' },
        retry: { retries: 0 },
      },
    }).admin();
    await expect(intruder.connect()).rejects.toThrow(/authentication failed/i);
    const refusedBefore = registry.refused;
    const anonymous = await new Promise<number>((resolve, reject) => {
      const req = get(`${registry.url}/subjects`, { ca: readFileSync(broker.tls.ca) }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
    });
    expect(anonymous).toBe(401);
    expect(registry.refused).toBe(refusedBefore + 1);
  }, 60_000);

  it('provisions the district in Canvas with a full sync over the encrypted broker', async () => {
    const run = await pipeline.sync(TENANT, 'full');
    expect(run.phase).toBe('finished');
    await pipeline.waitQuiet(TENANT, canvas, TENANT);
    expect(diffViews(canvasSnapshot(canvas, TENANT), expectedCanvas(rosterOf(acme.ic.admin.store)))).toEqual([]);
    expect(registry.authorized).toBeGreaterThan(0);
  }, 600_000);

  it('passes a Canvas grade back to IC over the encrypted broker', async () => {
    const gatewayPort = await freePort();
    const fast = { GRADEBOOK_CACHE_TTL_MS: '0', GRADEBOOK_RECONCILE_INTERVAL_MS: '0' };
    passbackApps.push(
      new AppProcess('events-gateway', gatewayPort, env.appEnv(), env.logDir),
      new AppProcess('gradebook', await freePort(), env.appEnv({ ...fast, GRADEBOOK_ROLE: 'processor' }), env.logDir),
      new AppProcess('gradebook', await freePort(), env.appEnv({ ...fast, GRADEBOOK_ROLE: 'writer', SERVICE_NAME: 'gradebook-writer' }), join(env.logDir, 'writer')),
    );
    for (const app of passbackApps) await app.start();
    canvas.admin.setWebhook(TENANT, `http://127.0.0.1:${gatewayPort}/live-events`);

    const d = acme.district;
    const studentsOf = (c: string) => d.enrollments.filter((e) => e.classSourcedId === c && e.role === 'student' && e.status === 'active').map((e) => e.userSourcedId);
    const klass = d.classes.filter((c) => c.status === 'active' && studentsOf(c.sourcedId).length > 0)[0];
    const student = studentsOf(klass.sourcedId)[0];
    const period = d.academicSessions.filter((s) => s.type === 'gradingPeriod' && s.schoolSourcedId === klass.schoolSourcedId)
      .sort((a, b) => a.startDate.localeCompare(b.startDate))[0];
    const dueAt = `${period.startDate.slice(0, 8)}${String(Number(period.startDate.slice(8, 10)) + 5).padStart(2, '0')}T18:00:00Z`;
    const teacher = canvas.admin.account(TENANT);
    const course = `sis_course_id:${klass.sourcedId}`;
    // the assignment group is named after one of the class's IC categories, as passback requires
    const category = d.categories.find((c) => c.classSourcedId === klass.sourcedId)!;
    const group = teacher.createAssignmentGroup(course, { name: category.title });
    const essay = teacher.createAssignment(course, { name: 'Encrypted essay', pointsPossible: 20, dueAt, postToSis: true, assignmentGroupId: group.id });
    teacher.grade(course, essay.id, `sis_user_id:${student}`, { score: 17 });

    const id = resultSourcedId(lineItemSourcedId(TENANT, String(essay.id)), student);
    const put = await waitFor('the result in IC', () => acme.ic.admin.gradebookWrites()
      .filter((w) => w.kind === 'results' && w.method === 'PUT' && w.status < 300 && w.sourcedId === id).pop() ?? false,
    { timeoutMs: 120_000, describe: () => passbackApps.map((a) => a.tail(15)).join('\n') });
    expect((put.body as { result: Record<string, unknown> }).result).toMatchObject({ score: 17, student: { sourcedId: student } });
    const lineItem = acme.ic.admin.gradebookWrites().find((w) => w.kind === 'lineItems' && w.sourcedId === lineItemSourcedId(TENANT, String(essay.id)));
    expect((lineItem?.body as { lineItem: Record<string, unknown> }).lineItem).toMatchObject({ title: 'Encrypted essay', category: { sourcedId: category.sourcedId } });
  }, 240_000);
});
