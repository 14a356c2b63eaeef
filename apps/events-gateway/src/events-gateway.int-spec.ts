import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import type { DataSource } from 'typeorm';
import { AvroSerde, type CanvasLiveEventRecord, createKafka, Topics } from '@rp/messaging';
import { newDeliveryUrlSecret } from '@rp/canvas';
import { adminStore, createDataSource, runMigrations, TenantRepository } from '@rp/persistence';
import { startCanvasSimulator, type CanvasSimulator } from '@rp/sim-canvas';
import { freePort, testServices, uniqueName } from '@rp/testing';

jest.setTimeout(180_000);

const REPO_ROOT = resolve(__dirname, '../../..');
const TOKEN = 'tok-acme';

async function eventually<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface ReadRecord { key: string; headers: Record<string, string>; value: CanvasLiveEventRecord }

describe('events-gateway as a process, with the Canvas simulator, Kafka, the registry and PostgreSQL', () => {
  const services = testServices();
  const topicPrefix = `${uniqueName('gw')}.`;
  const schemaPrefix = `${uniqueName('gw').replace(/[^a-z0-9]/g, '_')}_`;
  const secretsKey = randomBytes(32).toString('base64'); // the test's own (ops side): the gateway never gets it
  const kafka = createKafka({ brokers: services.kafkaBrokers, clientId: 'events-gateway-int-spec' });
  const admin = kafka.admin();
  const serde = new AvroSerde(services.schemaRegistryUrl);
  const topic = `${topicPrefix}${Topics.canvasLiveEvents}`;
  let sim: CanvasSimulator;
  let adminDs: DataSource;
  let gateway: ChildProcess | undefined;
  let port: number;
  let url: string;
  let output = '';

  /** Every record currently in the topic, decoded. */
  async function readTopic(): Promise<ReadRecord[]> {
    // Retried: right after the gateway created the topic the admin's metadata may still name no leader.
    const offsets = await eventually(`offsets of ${topic}`, () => admin.fetchTopicOffsets(topic), 30_000);
    const total = offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
    if (total === 0) return [];
    const records: ReadRecord[] = [];
    const consumer = kafka.consumer({ groupId: uniqueName('gw-reader') });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
          records.push({ key: message.key!.toString(), headers, value: await serde.decode<CanvasLiveEventRecord>(message.value!) });
        },
      });
      await eventually(`${total} records in ${topic}`, async () => records.length >= total, 60_000);
    } finally {
      await consumer.disconnect();
    }
    return records;
  }

  async function startGateway(extraEnv: Record<string, string> = {}, readyUrl = `${url}/readyz`): Promise<void> {
    output = '';
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/events-gateway/src/main.ts'], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH, HOME: process.env.HOME, KAFKA_BROKERS: services.kafkaBrokers.join(','),
        SCHEMA_REGISTRY_URL: services.schemaRegistryUrl, DATABASE_URL: services.databaseUrl,
        HTTP_PORT: String(port), TOPIC_PREFIX: topicPrefix, DB_SCHEMA_PREFIX: schemaPrefix, LOG_LEVEL: 'warn',
        GATEWAY_TENANT_REFRESH_MS: '1000', // a rotated delivery URL secret takes effect within a second
        GATEWAY_JWKS_COOLDOWN_MS: '1000', // a rotated signing key is fetched within a second
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    gateway = child;
    await eventually('the gateway /readyz', async () => {
      if (child.exitCode !== null) throw new Error(`gateway exited (${child.exitCode}):\n${output}`);
      return (await fetch(readyUrl)).status === 200;
    }).catch((error) => {
      throw new Error(`${(error as Error).message}\n${output}`);
    });
  }

  const post = (body: string | Buffer, contentType = 'application/jwt') =>
    fetch(`${url}/live-events`, { method: 'POST', headers: { 'content-type': contentType }, body });

  beforeAll(async () => {
    port = await freePort();
    url = `http://127.0.0.1:${port}`;
    sim = await startCanvasSimulator({
      rootAccounts: [{ key: 'acme', tokens: [TOKEN], shard: 2107 }], liveEvents: { webhookUrl: `${url}/live-events` }, throttle: false,
    });
    const zip = zipSync({
      'courses.csv': strToU8('course_id,short_name,long_name,status\nC1,ALG,Algebra,active\n'),
      'users.csv': strToU8('user_id,login_id,full_name,status\nS1,s1@x.org,Sam Student,active\nS2,s2@x.org,Sue Student,active\nT1,t1@x.org,Tess Teacher,active\n'),
      'enrollments.csv': strToU8('course_id,user_id,role,status\nC1,S1,student,active\nC1,S2,student,active\nC1,T1,teacher,active\n'),
    });
    const imported = await fetch(`${sim.baseUrl}/api/v1/accounts/self/sis_imports`, {
      method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/zip' }, body: Buffer.from(zip),
    });
    expect(imported.status).toBe(200);
    await sim.admin.waitForImports('acme');

    adminDs = createDataSource({ url: services.databaseUrl, store: adminStore, schema: `${schemaPrefix}admin` });
    await adminDs.initialize();
    await runMigrations(adminDs);
    await new TenantRepository(adminDs, Buffer.from(secretsKey, 'base64')).create({
      id: 'acme', name: 'Acme USD',
      ic: { baseUrl: 'http://127.0.0.1:1/rostering', tokenUrl: 'http://127.0.0.1:1/token', clientId: 'c', clientSecret: 's' },
      canvas: { baseUrl: sim.baseUrl, rootAccountId: '1', rootAccountUuid: sim.admin.state('acme').uuid, liveEventsJwksUrl: sim.jwksUrl, token: TOKEN },
    });
    await admin.connect();
    await startGateway();
  });

  afterAll(async () => {
    gateway?.kill('SIGKILL');
    await sim?.close();
    const mine = (await admin.listTopics()).filter((t) => t.startsWith(topicPrefix)); // the gateway created the platform's topics
    if (mine.length > 0) await admin.deleteTopics({ topics: mine }).catch(() => undefined);
    await admin.disconnect();
    if (adminDs?.isInitialized) {
      await adminDs.query(`DROP SCHEMA IF EXISTS "${schemaPrefix}admin" CASCADE`);
      await adminDs.query(`DROP SCHEMA IF EXISTS "${schemaPrefix}events_gateway" CASCADE`);
      await adminDs.destroy();
    }
  });

  it('a teacher grading in Canvas puts signed events on canvas.live-events for the tenant, keyed by course', async () => {
    const teacher = sim.account('acme');
    const assignment = teacher.createAssignment('sis_course_id:C1', { name: 'Quiz 1', pointsPossible: 20, postToSis: true });
    teacher.grade('sis_course_id:C1', assignment.id, 'sis_user_id:S1', { score: 18 });
    await sim.admin.flushLiveEvents();

    const sent = sim.admin.liveEvents({ accountKey: 'acme' });
    expect(sent.map((e) => [e.eventName, e.outcome, e.status])).toContainEqual(['grade_change', 'delivered', 202]);
    expect(sent.every((e) => e.outcome === 'delivered' && e.status === 202)).toBe(true);

    const records = await readTopic();
    expect(records).toHaveLength(sent.length);
    const gradeChange = records.find((r) => r.value.eventName === 'grade_change')!;
    const courseId = String(assignment.courseId);
    expect(gradeChange.key).toBe(`acme|${courseId}`);
    expect(gradeChange.headers.tenant).toBe('acme');
    expect(gradeChange.value).toMatchObject({ tenant: 'acme', rootAccountId: '1', contextType: 'Course', contextId: courseId });
    expect(JSON.parse(gradeChange.value.body)).toMatchObject({ score: 18, student_sis_id: 'S1' });
    expect(JSON.parse(gradeChange.value.metadata)).toMatchObject({ event_name: 'grade_change', root_account_id: '21070000000000001' });
    const jtis = sent.map((e) => decodeJwt(e.jwt!).jti);
    expect(records.map((r) => r.value.eventId).sort()).toEqual([...jtis].sort());

    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/rp_gateway_events_total\{[^}]*tenant="acme"[^}]*\} \d+/);
    expect(metrics).toMatch(/outcome="accepted"/);
  });

  it('refuses forged, unsigned and oversized requests and publishes nothing for them', async () => {
    const before = await readTopic();
    const delivered = sim.admin.liveEvents({ accountKey: 'acme', eventName: 'grade_change' })[0];
    const kid = decodeProtectedHeader(delivered.jwt!).kid!;
    const { privateKey } = await generateKeyPair('RS256');
    const forgedPayload = { ...delivered.payload, body: { ...delivered.payload.body, score: 20, assignment_name: 'FORGED' } };
    const forged = await new SignJWT(forgedPayload).setProtectedHeader({ alg: 'RS256', kid }).setIssuedAt().setJti('forged-jti').sign(privateKey);

    const forgedRes = await post(forged);
    expect(forgedRes.status).toBe(401);
    expect(await forgedRes.json()).toEqual({ error: 'forged', message: 'token refused: signature verification failed' });

    const unsigned = await post(JSON.stringify(forgedPayload), 'application/json');
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toMatchObject({ error: 'unsigned' });

    const oversized = await post(Buffer.alloc(300_000, 'a'));
    expect(oversized.status).toBe(413);
    expect(await oversized.json()).toMatchObject({ error: 'payload too large' });

    const after = await readTopic();
    expect(after).toHaveLength(before.length);
    expect(after.some((r) => r.value.eventId === 'forged-jti' || r.value.body.includes('FORGED'))).toBe(false);
  });

  it('acknowledges the same signed token sent again (200) without publishing it a second time', async () => {
    const teacher = sim.account('acme');
    const assignment = teacher.createAssignment('sis_course_id:C1', { name: 'Quiz 3', pointsPossible: 10, postToSis: true });
    teacher.grade('sis_course_id:C1', assignment.id, 'sis_user_id:S1', { score: 9 });
    await sim.admin.flushLiveEvents();
    const graded = sim.admin.liveEvents({ accountKey: 'acme', eventName: 'grade_change' }).at(-1)!;
    expect(graded.status).toBe(202);
    const before = await readTopic();
    const again = await post(graded.jwt!);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: 'duplicate', eventName: 'grade_change' });
    const after = await readTopic();
    expect(after).toHaveLength(before.length);
    expect(after.filter((r) => r.value.eventId === decodeJwt(graded.jwt!).jti)).toHaveLength(1);
  });

  it('the gateway process holds no SECRETS_KEY, and the tenant directory view it reads has no secret column', async () => {
    const environ = readFileSync(`/proc/${gateway!.pid}/environ`, 'utf8').split('\0');
    expect(environ.some((v) => v.startsWith('SECRETS_KEY='))).toBe(false);
    const columns = await adminDs.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'tenant_directory'`, [`${schemaPrefix}admin`]) as { column_name: string }[];
    expect(columns.map((c) => c.column_name).sort()).toEqual(['canvas_settings', 'id', 'status', 'updated_at']);
  });

  it('unsigned delivery ("Sign Payload" off): accepted on the tenant\'s secret URL only, rotatable, the secret never logged', async () => {
    const repo = new TenantRepository(adminDs, Buffer.from(secretsKey, 'base64'));
    const first = newDeliveryUrlSecret();
    await repo.update('acme', { canvas: { liveEventsUrlSecretSha256: first.sha256 } });
    sim.admin.setSignPayload('acme', false);
    sim.admin.setWebhook('acme', `${url}/live-events/${first.secret}`);
    try {
      const teacher = sim.account('acme');
      const assignment = teacher.createAssignment('sis_course_id:C1', { name: 'Unsigned quiz', pointsPossible: 10, postToSis: true });
      teacher.grade('sis_course_id:C1', assignment.id, 'sis_user_id:S1', { score: 6 });
      await sim.admin.flushLiveEvents();
      const graded = sim.admin.liveEvents({ accountKey: 'acme', eventName: 'grade_change' }).at(-1)!;
      expect([graded.signed, graded.outcome, graded.status]).toEqual([false, 'delivered', 202]);
      const record = (await readTopic()).find((r) => r.value.eventId === graded.payload.metadata.request_id);
      expect(JSON.parse(record!.value.body)).toMatchObject({ score: 6, student_sis_id: 'S1' });

      /** A fresh event each time (a repeat would be a duplicate, answered 200). */
      const post = (path: string) => fetch(`${url}${path}`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...graded.payload, metadata: { ...graded.payload.metadata, request_id: randomBytes(8).toString('hex') } }),
      });
      expect((await post('/live-events')).status).toBe(401);
      expect((await post(`/live-events/${newDeliveryUrlSecret().secret}`)).status).toBe(401);

      const second = newDeliveryUrlSecret();
      await repo.update('acme', { canvas: { liveEventsUrlSecretSha256: second.sha256 } });
      await eventually('the rotated secret to replace the old one', async () => (await post(`/live-events/${first.secret}`)).status === 401);
      expect((await post(`/live-events/${second.secret}`)).status).toBe(202);
      expect(output).not.toContain(first.secret);
      expect(output).not.toContain(second.secret);
    } finally {
      sim.admin.setSignPayload('acme', true);
      sim.admin.setWebhook('acme', undefined);
    }
  });

  it('accepts events signed with a rotated Canvas key: the unknown kid refetches the JWKS', async () => {
    const newKid = await sim.admin.rotateSigningKey();
    const teacher = sim.account('acme');
    const assignment = teacher.createAssignment('sis_course_id:C1', { name: 'After rotation', pointsPossible: 10, postToSis: true });
    teacher.grade('sis_course_id:C1', assignment.id, 'sis_user_id:S2', { score: 4 });
    await sim.admin.flushLiveEvents();
    const sent = sim.admin.liveEvents({ accountKey: 'acme' }).filter((e) => e.kid === newKid);
    expect(sent.map((e) => [e.eventName, e.status])).toContainEqual(['grade_change', 202]);
    expect(sent.every((e) => e.status === 202)).toBe(true);
    const jti = decodeJwt(sent.find((e) => e.eventName === 'grade_change')!.jwt!).jti;
    expect((await readTopic()).some((r) => r.value.eventId === jti)).toBe(true);
  });

  it('an event answered 2xx is in Kafka even when the gateway is killed right after answering', async () => {
    const teacher = sim.account('acme');
    const assignment = teacher.createAssignment('sis_course_id:C1', { name: 'Quiz 2', pointsPossible: 10, postToSis: true });
    await sim.admin.flushLiveEvents();
    teacher.grade('sis_course_id:C1', assignment.id, 'sis_user_id:S2', { score: 7 });
    await sim.admin.flushLiveEvents();
    gateway!.kill('SIGKILL');
    const exited = new Promise((done) => gateway!.once('exit', done));
    await exited;

    const graded = sim.admin.liveEvents({ accountKey: 'acme', eventName: 'grade_change' }).at(-1)!;
    expect([graded.outcome, graded.status]).toEqual(['delivered', 202]);
    const jti = decodeJwt(graded.jwt!).jti;
    const record = (await readTopic()).find((r) => r.value.eventId === jti);
    expect(record?.value).toMatchObject({ tenant: 'acme', eventName: 'grade_change', contextId: String(assignment.courseId) });
    expect(JSON.parse(record!.value.body)).toMatchObject({ score: 7, student_sis_id: 'S2' });
  });

  it('with ADMIN_PORT, serves health and metrics there only; the public port serves Live Events alone', async () => {
    const adminPort = await freePort();
    const admin = `http://127.0.0.1:${adminPort}`;
    await startGateway({ ADMIN_PORT: String(adminPort) }, `${admin}/readyz`);
    for (const path of ['/healthz', '/readyz', '/metrics']) expect([path, (await fetch(`${url}${path}`)).status]).toEqual([path, 404]);
    const delivered = sim.admin.liveEvents({ accountKey: 'acme', eventName: 'grade_change' })[0];
    expect((await post(delivered.jwt!)).status).toBe(200); // published long ago: a duplicate
    expect((await fetch(`${admin}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${admin}/metrics`)).text()).toMatch(/rp_gateway_events_total\{[^}]*outcome="duplicate"/);
  });
});
