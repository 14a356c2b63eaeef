import { createLocalJWKSet, decodeProtectedHeader, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { referenceSpec } from '@rp/testing';
import { startCanvasSimulator, type CanvasSimulator } from '../index';
import { csv, importAndWait, webhookReceiver, zipOf } from '../testing/test-kit';

const SPEC_DIR = referenceSpec('canvas/live-events');
const exampleKeys = (name: string, part: 'metadata' | 'body') =>
  Object.keys(JSON.parse(readFileSync(join(SPEC_DIR, `${name}.json`), 'utf8')).examples[0].payload[part]);

describe('Canvas simulator: Live Events for a teacher flow', () => {
  let sim: CanvasSimulator;
  let hook: Awaited<ReturnType<typeof webhookReceiver>>;

  beforeEach(async () => {
    hook = await webhookReceiver();
    sim = await startCanvasSimulator({ rootAccounts: [{ key: 'acme', tokens: ['tok'], shard: 2107 }], liveEvents: { webhookUrl: hook.url }, throttle: false });
    await importAndWait(sim, 'acme', 'tok', zipOf({
      'courses.csv': csv('course_id,short_name,long_name,status', 'C1,ALG,Algebra,active'),
      'users.csv': csv('user_id,login_id,full_name,status', 'S1,s1@x.org,Sam Student,active', 'T1,t1@x.org,Tess Teacher,active'),
      'enrollments.csv': csv('course_id,user_id,role,status', 'C1,S1,student,active', 'C1,T1,teacher,active'),
    }));
  });
  afterEach(async () => {
    await sim.close();
    await hook.close();
  });

  async function verifiedPayloads() {
    await sim.admin.flushLiveEvents();
    const jwks = createLocalJWKSet(await fetch(sim.jwksUrl).then((r) => r.json() as Promise<any>));
    return Promise.all(hook.bodies.map(async ({ body }) => (await jwtVerify(body, jwks, { algorithms: ['RS256'] })).payload as any));
  }

  it('create → grade → excuse → post delivers signed events whose fields match the Canvas format', async () => {
    const teacher = sim.account('acme');
    teacher.setPostPolicy('sis_course_id:C1', true); // manual posting: grades stay hidden until posted
    const a = teacher.createAssignment('sis_course_id:C1', { name: 'Quiz 1', pointsPossible: 20, kind: 'quiz', postToSis: true, dueAt: '2025-09-01T05:59:59Z' });
    teacher.grade('sis_course_id:C1', a.id, 'sis_user_id:S1', { score: 15 });
    teacher.excuse('sis_course_id:C1', a.id, 'sis_user_id:S1');
    teacher.grade('sis_course_id:C1', a.id, 'sis_user_id:S1', { score: 18 });
    teacher.postGrades('sis_course_id:C1', a.id);

    const payloads = await verifiedPayloads();
    expect(payloads.map((p) => p.metadata.event_name)).toEqual([
      'assignment_group_created', 'assignment_created',
      'grade_change', 'submission_updated', 'course_grade_change', // grade 15 (hidden: only unposted scores move)
      'grade_change', 'submission_updated', 'course_grade_change', // excused
      'grade_change', 'submission_updated', 'course_grade_change', // grade 18
      'grade_change', 'submission_updated', 'course_grade_change', // posted
    ]);
    for (const p of payloads) {
      expect(p.metadata).toMatchObject({ producer: 'canvas', root_account_id: '21070000000000001', context_type: 'Course', context_sis_source_id: 'C1' });
    }
    const created = payloads[1];
    expect(Object.keys(created.body)).toEqual(expect.arrayContaining(exampleKeys('assignment_created', 'body').filter((k) => !/duplicated/.test(k))));
    expect(created.body).toMatchObject({ title: 'Quiz 1', points_possible: 20, submission_types: 'online_quiz', workflow_state: 'published' });
    expect(Object.keys(created.metadata)).toEqual(expect.arrayContaining(exampleKeys('assignment_created', 'metadata').filter((k) => k !== 'developer_key_id')));

    const [hidden, excused, regraded, posted] = payloads.filter((p) => p.metadata.event_name === 'grade_change');
    expect(Object.keys(hidden.body)).toEqual(expect.arrayContaining(exampleKeys('grade_change', 'body')));
    expect(hidden.body).toMatchObject({ score: 15, grade: '15', old_score: null, points_possible: 20, muted: true, student_sis_id: 'S1' });
    expect(hidden.metadata.user_sis_id).toBe('T1'); // the teacher acted
    expect(excused.body).toMatchObject({ score: null, grade: null, old_score: 15 });
    expect(regraded.body).toMatchObject({ score: 18, old_score: null, muted: true });
    expect(posted.body).toMatchObject({ score: 18, muted: false });
    expect(posted.metadata).toMatchObject({ job_tag: 'Assignment#post_submissions' });
    expect(posted.metadata.user_id).toBeUndefined();

    const courseGrades = payloads.filter((p) => p.metadata.event_name === 'course_grade_change');
    expect(Object.keys(courseGrades[0].body).sort()).toEqual(exampleKeys('course_grade_change', 'body').sort());
    expect(courseGrades[0].body).toMatchObject({ current_score: null, unposted_current_score: 75, old_unposted_current_score: null });
    expect(courseGrades[3].body).toMatchObject({ current_score: 90, old_current_score: null, unposted_current_score: 90 });
    const submission = payloads.filter((p) => p.metadata.event_name === 'submission_updated').at(-1);
    expect(submission.body.posted_at).not.toBeNull();
  });

  it('a token signed by another key fails verification against the served JWKS; rotation keeps old kids valid', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const oldKid = (await fetch(sim.jwksUrl).then((r) => r.json() as Promise<any>)).keys[0].kid;
    const forged = await new SignJWT({ metadata: {}, body: {} }).setProtectedHeader({ alg: 'RS256', kid: oldKid }).sign(privateKey);
    const jwks = createLocalJWKSet(await fetch(sim.jwksUrl).then((r) => r.json() as Promise<any>));
    await expect(jwtVerify(forged, jwks)).rejects.toThrow();

    sim.account('acme').createAssignment('sis_course_id:C1', { name: 'Before rotation' });
    await sim.admin.flushLiveEvents();
    const newKid = await sim.admin.rotateSigningKey();
    sim.account('acme').createAssignment('sis_course_id:C1', { name: 'After rotation' });
    const payloads = await verifiedPayloads();
    expect(payloads.map((p) => p.body.title ?? p.body.name)).toEqual(['Assignments', 'Before rotation', 'After rotation']);
    expect(decodeProtectedHeader(hook.bodies.at(-1)!.body).kid).toBe(newKid);
  });

  it('drops selected events on purpose and records delivery outcomes', async () => {
    sim.admin.dropLiveEvents({ eventNames: ['grade_change'], remaining: 1 });
    const teacher = sim.account('acme');
    const a = teacher.createAssignment('sis_course_id:C1', { name: 'HW', pointsPossible: 10 });
    teacher.grade('sis_course_id:C1', a.id, 'sis_user_id:S1', { score: 7 });
    teacher.grade('sis_course_id:C1', a.id, 'sis_user_id:S1', { score: 8 });
    const payloads = await verifiedPayloads();
    expect(payloads.filter((p) => p.metadata.event_name === 'grade_change').map((p) => p.body.score)).toEqual([8]);
    const records = sim.admin.liveEvents({ eventName: 'grade_change' });
    expect(records.map((r) => [r.outcome, r.payload.body.score])).toEqual([['dropped', 7], ['delivered', 8]]);
    expect(records[1].status).toBe(204);
    expect([records[0].deliveredAt, typeof records[1].deliveredAt]).toEqual([null, 'number']); // when the receiver accepted it
  });
});

describe('Canvas simulator: the signed token\'s claims', () => {
  it('sets iat and jti on every delivery, and iss/aud/exp only when configured; signLiveEvent crafts stale tokens', async () => {
    const hook = await webhookReceiver();
    const sim = await startCanvasSimulator({
      rootAccounts: [{ key: 'acme', tokens: ['tok'], shard: 2107 }], throttle: false,
      liveEvents: { webhookUrl: hook.url, claims: { issuer: 'https://acme.canvas.local', audience: 'rp', expiresInSeconds: 600 } },
    });
    try {
      await importAndWait(sim, 'acme', 'tok', zipOf({ 'courses.csv': csv('course_id,short_name,long_name,status', 'C1,ALG,Algebra,active') }));
      sim.account('acme').createAssignment('sis_course_id:C1', { name: 'Quiz', pointsPossible: 5, postToSis: true });
      await sim.admin.flushLiveEvents();
      const jwks = createLocalJWKSet(await fetch(sim.jwksUrl).then((r) => r.json() as Promise<any>));
      const { payload } = await jwtVerify(hook.bodies[0].body, jwks, { issuer: 'https://acme.canvas.local', audience: 'rp' });
      expect(payload.exp! - payload.iat!).toBe(600);
      expect(typeof payload.jti).toBe('string');

      const stale = await sim.admin.signLiveEvent({ metadata: {}, body: {} }, { issuedAt: Date.UTC(2025, 0, 1) });
      expect((await jwtVerify(stale, jwks)).payload.iat).toBe(Date.UTC(2025, 0, 1) / 1000);
      const noIat = await sim.admin.signLiveEvent({ metadata: {}, body: {} }, { issuedAt: null });
      expect((await jwtVerify(noIat, jwks)).payload.iat).toBeUndefined();

      sim.admin.setSignPayload('acme', false); // "Sign Payload" off: the body is the plain event JSON
      sim.account('acme').createAssignment('sis_course_id:C1', { name: 'Quiz 2', pointsPossible: 5, postToSis: true });
      await sim.admin.flushLiveEvents();
      const last = hook.bodies.at(-1)!;
      expect(JSON.parse(last.body)).toMatchObject({ metadata: { event_name: 'assignment_created' }, body: { title: 'Quiz 2' } });
      expect(sim.admin.liveEvents({ eventName: 'assignment_created' }).at(-1)).toMatchObject({ signed: false, jwt: null });
    } finally {
      await sim.close();
      await hook.close();
    }
  });
});
