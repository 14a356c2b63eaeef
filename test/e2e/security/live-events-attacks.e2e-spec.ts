import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { lineItemSourcedId, resultSourcedId } from '@rp/mapping';
import { type GradebookWrite, Topics } from '@rp/messaging';
import type { CanvasSimulator, LiveEventRecord } from '@rp/sim-canvas';
import {
  addDistrict, AppProcess, DistrictSetup, E2eEnv, freePort, Pipeline, readTopic, startCanvas, waitFor,
} from '../support';

/**
 * Acceptance (issue 15, attack suite): with the pipeline, the events-gateway, the gradebook processor and writer as
 * processes against the Canvas and OneRoster simulators, every attack a district's security review tries is refused:
 * nothing is published on `canvas.live-events` and nothing reaches IC. "Canvas-signed" tokens below are signed with
 * the simulator's key — the one key Canvas signs every hosted instance's events with.
 */
jest.setTimeout(120_000);

describe('Live Events attack suite end to end', () => {
  const env = new E2eEnv('attacks');
  const TENANT = 'acme';
  const OTHER = 'evil'; // another Canvas instance: its root account is local id 1 too
  let canvas: CanvasSimulator;
  let acme: DistrictSetup;
  let pipeline: Pipeline;
  let gateway: AppProcess;
  const apps: AppProcess[] = [];
  let url: string;
  let students: string[];
  let klassId: string;
  let essayId: number;

  const teacher = () => canvas.admin.account(TENANT);
  const course = () => `sis_course_id:${klassId}`;
  const user = (id: string) => `sis_user_id:${id}`;
  const icPuts = () => acme.ic.admin.gradebookWrites().filter((w) => w.method === 'PUT' && w.status < 300);
  const resultPuts = (sourcedId: string) => icPuts().filter((w) => w.sourcedId === sourcedId).map((w) => (w.body as { result: { score?: number } }).result);
  const post = (body: string, contentType = 'application/jwt') =>
    fetch(`${url}/live-events`, { method: 'POST', headers: { 'content-type': contentType }, body });
  const eventsPublished = () => env.withAdmin(async (admin) =>
    (await admin.fetchTopicOffsets(env.topic(Topics.canvasLiveEvents))).reduce((n, p) => n + Number(p.high), 0));
  const tails = () => apps.map((a) => a.tail(20)).join('\n');
  /** Waits until the processor read every Live Event and the writer every gradebook write. */
  const settled = () => waitFor('the gradebook processor and writer to catch up', async () =>
    (await pipeline.lag('rp.gradebook', [Topics.canvasLiveEvents])) === 0
    && (await pipeline.lag('rp.gradebook-writer', [Topics.gradebookWrites])) === 0, { timeoutMs: 60_000, describe: tails });
  const delivered = (eventName: string, accountKey = TENANT): LiveEventRecord =>
    canvas.admin.liveEvents({ accountKey, eventName }).filter((e) => e.outcome === 'delivered').at(-1)!;
  /** A fresh variant of a delivered event (new request id, changed body): not a replay, so only the attack is judged. */
  const variant = (record: LiveEventRecord, body: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) => ({
    metadata: { ...record.payload.metadata, request_id: randomUUID(), ...metadata },
    body: { ...record.payload.body, ...body },
  });

  /** Sends a token and checks the refusal: status, a message naming no tenant, nothing published, nothing in IC. */
  async function expectRefused(token: string, status: number, message: RegExp): Promise<void> {
    const before = { events: await eventsPublished(), puts: icPuts().length };
    const res = await post(token);
    const answer = await res.text();
    expect([res.status, answer]).toEqual([status, expect.stringMatching(message)]);
    expect(answer).not.toMatch(new RegExp(`\\b${TENANT}\\b`));
    await settled();
    expect(await eventsPublished()).toBe(before.events);
    expect(icPuts()).toHaveLength(before.puts);
  }

  beforeAll(async () => {
    canvas = await startCanvas(env, [TENANT, OTHER]);
    acme = await addDistrict(env, canvas, { tenant: TENANT, seed: 3, size: 'tiny' });
    await (await env.tenants()).update(TENANT, {
      canvas: { liveEventsJwksUrl: canvas.jwksUrl },
      passback: { courseGradeCategoryTitle: 'Assessments', postToSisOnly: true },
    });
    const d = acme.district;
    const studentsOf = (c: string) =>
      d.enrollments.filter((e) => e.classSourcedId === c && e.role === 'student' && e.status === 'active').map((e) => e.userSourcedId);
    const klass = d.classes.filter((c) => c.status === 'active').sort((a, b) => studentsOf(b.sourcedId).length - studentsOf(a.sourcedId).length)[0];
    klassId = klass.sourcedId;
    students = studentsOf(klassId);
    const category = d.categories.find((c) => c.classSourcedId === klassId && c.title === 'Assessments') ?? d.categories.find((c) => c.classSourcedId === klassId)!;
    const period = d.academicSessions.filter((s) => s.type === 'gradingPeriod' && s.schoolSourcedId === klass.schoolSourcedId)
      .sort((a, b) => a.startDate.localeCompare(b.startDate))[0];
    const dueAt = `${period.startDate.slice(0, 8)}${String(Number(period.startDate.slice(8, 10)) + 5).padStart(2, '0')}T18:00:00Z`;

    pipeline = await Pipeline.start(env);
    expect((await pipeline.sync(TENANT, 'full')).phase).toBe('finished');
    await pipeline.waitQuiet(TENANT, canvas, TENANT);

    const { SECRETS_KEY: _notForTheGateway, ...gatewayEnv } = env.appEnv();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const fast = { GRADEBOOK_CACHE_TTL_MS: '0', GRADEBOOK_RECONCILE_INTERVAL_MS: '0' };
    gateway = new AppProcess('events-gateway', port, gatewayEnv, env.logDir);
    apps.push(
      gateway,
      new AppProcess('gradebook', await freePort(), env.appEnv({ ...fast, GRADEBOOK_ROLE: 'processor' }), env.logDir),
      new AppProcess('gradebook', await freePort(), env.appEnv({ ...fast, GRADEBOOK_ROLE: 'writer', SERVICE_NAME: 'gradebook-writer' }), join(env.logDir, 'writer')),
    );
    for (const app of apps) await app.start();
    canvas.admin.setWebhook(TENANT, `${url}/live-events`);

    // A genuine grade first: the passback works, so a refusal below is the attack's, not a broken setup's.
    const group = teacher().createAssignmentGroup(course(), { name: category.title });
    essayId = teacher().createAssignment(course(), { name: 'Essay 1', pointsPossible: 20, dueAt, postToSis: true, assignmentGroupId: group.id }).id;
    teacher().grade(course(), essayId, user(students[0]), { score: 18 });
    const essay = resultSourcedId(lineItemSourcedId(TENANT, String(essayId)), students[0]);
    await waitFor('the genuine grade in IC', () => resultPuts(essay).some((r) => r.score === 18), { timeoutMs: 90_000, describe: tails });
    await canvas.admin.flushLiveEvents();
    await settled();
  }, 400_000);

  afterAll(async () => {
    for (const app of apps) await app.kill('SIGTERM');
    await pipeline?.stop();
    await env.cleanup();
  }, 120_000);

  it('runs the gateway without SECRETS_KEY in its environment', () => {
    const environ = readFileSync(`/proc/${gateway.pid}/environ`, 'utf8').split('\0');
    expect(environ.filter((v) => v.startsWith('SECRETS_KEY'))).toEqual([]);
  });

  it('refuses a Canvas-signed event of another Canvas instance whose root account has the same local id', async () => {
    const other = canvas.admin.state(OTHER);
    const foreign = variant(delivered('grade_change'), { score: 1, grade: '1' }, {
      root_account_id: other.globalId(1), root_account_uuid: other.uuid, root_account_lti_guid: `${other.uuid}.${other.hostname}`,
      hostname: other.hostname, url: `https://${other.hostname}/courses/1/gradebook`,
    });
    await expectRefused(await canvas.admin.signLiveEvent(foreign), 403, /no tenant is configured for Canvas root account/);
  });

  it.each([
    ['expired', { issuedAt: Date.now() - 2 * 3600_000, expiresAt: Date.now() - 3600_000 }, /token expired/],
    ['issued a year ago (exp still ahead)', { issuedAt: Date.now() - 365 * 86_400_000, expiresAt: Date.now() + 3600_000 }, /token too old/],
    ['without iat', { issuedAt: null }, /no iat/],
  ])('refuses a Canvas-signed token %s', async (_what, options, message) => {
    const stale = variant(delivered('grade_change'), { score: 2, grade: '2' });
    await expectRefused(await canvas.admin.signLiveEvent(stale, options), 401, message);
  });

  it('refuses forged tokens: another key under Canvas\'s kid, alg none, HS256 keyed with the public key', async () => {
    const template = delivered('grade_change');
    const forgedEvent = variant(template, { score: 3, grade: '3' });
    const kid = decodeProtectedHeader(template.jwt!).kid!;
    const { privateKey } = await generateKeyPair('RS256');
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(await new SignJWT(forgedEvent).setProtectedHeader({ alg: 'RS256', kid }).setIssuedAt(now).sign(privateKey), 401, /signature verification failed/);
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    await expectRefused(`${b64({ alg: 'none', kid })}.${b64({ ...forgedEvent, iat: now })}.`, 401, /algorithm none refused/);
    const publicJwk = (await (await fetch(canvas.jwksUrl)).json() as { keys: { kid: string }[] }).keys.find((k) => k.kid === kid)!;
    const hmacKey = new TextEncoder().encode(JSON.stringify(publicJwk));
    await expectRefused(await new SignJWT(forgedEvent).setProtectedHeader({ alg: 'HS256', kid }).setIssuedAt(now).sign(hmacKey), 401, /algorithm HS256 refused/);
  });

  it('acknowledges the same token sent twice (and the same event signed again) without publishing it again', async () => {
    const [, s2] = students;
    teacher().grade(course(), essayId, user(s2), { score: 11 });
    const cell = resultSourcedId(lineItemSourcedId(TENANT, String(essayId)), s2);
    await waitFor('s2\'s grade in IC', () => resultPuts(cell).some((r) => r.score === 11), { timeoutMs: 60_000, describe: tails });
    await canvas.admin.flushLiveEvents();
    await settled();
    const original = delivered('grade_change');
    const before = { events: await eventsPublished(), puts: icPuts().length };
    for (const again of [original.jwt!, await canvas.admin.signLiveEvent({ ...original.payload })]) {
      const res = await post(again);
      expect([res.status, await res.json()]).toEqual([200, expect.objectContaining({ status: 'duplicate', eventName: 'grade_change' })]);
    }
    await settled();
    expect(await eventsPublished()).toBe(before.events);
    expect(icPuts()).toHaveLength(before.puts);
  });

  it('keeps the newer course grade in IC when an older course grade arrives after it (as an event, and as a late decision)', async () => {
    const [s1] = students;
    teacher().grade(course(), essayId, user(s1), { score: 20 }); // a newer course grade for s1
    await canvas.admin.flushLiveEvents();
    await settled();
    const newer = delivered('course_grade_change');
    const courseGradeLineItem = icPuts().find((w) => w.kind === 'lineItems' && (w.body as { lineItem: { title: string } }).lineItem.title === 'Canvas course grade')!;
    expect(courseGradeLineItem).toBeDefined();
    const writes = await Promise.all((await readTopic(env, Topics.gradebookWrites)).map(async (r) => env.serde.decode<GradebookWrite>(r.value!)));
    const courseGrade = writes.filter((w) => w.kind === 'result' && w.lineItemSourcedId === courseGradeLineItem.sourcedId && w.studentSourcedId === s1).at(-1)!;
    expect(courseGrade).toBeDefined();
    await waitFor('the newer course grade in IC', () => resultPuts(courseGrade.sourcedId).length > 0, { timeoutMs: 60_000, describe: tails });
    const inIc = () => resultPuts(courseGrade.sourcedId).at(-1);
    const kept = inIc();

    // An older course_grade_change, genuinely signed, delivered after the newer one (Canvas does not order deliveries).
    const hourEarlier = new Date(Date.parse(String(newer.payload.metadata.event_time)) - 3600_000).toISOString();
    const older = variant(newer, { current_score: 10, final_score: 10 }, { event_time: hourEarlier });
    expect((await post(await canvas.admin.signLiveEvent(older))).status).toBe(202);
    await settled();
    expect(inIc()).toEqual(kept);

    // The same cell decided from an older event, arriving late on the writes topic (a slow processor replica).
    const late: GradebookWrite = {
      ...courseGrade, canvasEventTime: hourEarlier, decidedAt: new Date().toISOString(), contentHash: `late-${randomUUID()}`,
      record: JSON.stringify({ ...JSON.parse(courseGrade.record!), score: 10 }),
    };
    const before = icPuts().length;
    await (await env.publisher()).publish(env.topic(Topics.gradebookWrites), [{ key: `${TENANT}|${late.sourcedId}`, value: late, tenant: TENANT }]);
    await settled();
    expect(icPuts()).toHaveLength(before);
    expect(inIc()).toEqual(kept);
  });

  it('dead-letters a write injected on the writes topic whose value names another tenant than its key, and writes nothing', async () => {
    const [s1] = students;
    const cell = resultSourcedId(lineItemSourcedId(TENANT, String(essayId)), s1);
    const writes = await Promise.all((await readTopic(env, Topics.gradebookWrites)).map(async (r) => env.serde.decode<GradebookWrite>(r.value!)));
    const genuine = writes.filter((w) => w.sourcedId === cell).at(-1)!;
    const injected: GradebookWrite = {
      ...genuine, canvasEventTime: new Date().toISOString(), decidedAt: new Date().toISOString(), contentHash: `injected-${randomUUID()}`,
      record: JSON.stringify({ ...JSON.parse(genuine.record!), score: 0 }),
    };
    const before = icPuts().length;
    await (await env.publisher()).publish(env.topic(Topics.gradebookWrites), [{ key: `${OTHER}|${cell}`, value: injected, tenant: OTHER }]);
    await settled();
    const dead = await readTopic(env, `${Topics.gradebookWrites}.dlq`);
    expect(dead.map((r) => r.headers['dlq-error'])).toEqual([expect.stringMatching(/value names tenant acme but its key names tenant evil/)]);
    expect(icPuts()).toHaveLength(before);
    expect(resultPuts(cell).some((r) => r.score === 0)).toBe(false);
  });
});
