import { join } from 'node:path';
import { lineItemSourcedId, resultSourcedId } from '@rp/mapping';
import type { CanvasSimulator } from '@rp/sim-canvas';
import { SpecValidator } from '@rp/sim-oneroster';
import {
  addDistrict, AppProcess, DistrictSetup, E2eEnv, freePort, Pipeline, startCanvas, waitFor,
} from '../support';

/**
 * Acceptance (grade passback, end to end): a district provisioned by the pipeline; a teacher's work in the Canvas
 * simulator reaches the events-gateway as signed Live Events, goes through the gradebook processor and writer as
 * processes, and lands in the OneRoster simulator's gradebook with the right categories, periods, statuses and flags.
 */
describe('grade passback end to end', () => {
  const env = new E2eEnv('passback');
  const TENANT = 'acme';
  let canvas: CanvasSimulator;
  let acme: DistrictSetup;
  let pipeline: Pipeline;
  const passbackApps: AppProcess[] = [];
  let klass: { sourcedId: string; schoolSourcedId: string };
  let students: string[];
  let category: { sourcedId: string; title: string };
  let period: { sourcedId: string; startDate: string };
  let dueAt: string;

  const teacher = () => canvas.admin.account(TENANT);
  const course = () => `sis_course_id:${klass.sourcedId}`;
  const user = (id: string) => `sis_user_id:${id}`;
  const writes = (kind: 'lineItems' | 'results') =>
    acme.ic.admin.gradebookWrites().filter((w) => w.kind === kind && w.method === 'PUT' && w.status < 300);
  const body = <T>(w: { body?: unknown }, key: 'lineItem' | 'result') => (w.body as Record<string, T>)[key];
  const lastResult = (id: string) => {
    const puts = writes('results').filter((w) => w.sourcedId === id);
    if (puts.length === 0) throw new Error(`result ${id} not in IC yet`);
    return body<Record<string, unknown>>(puts[puts.length - 1], 'result');
  };
  const outcome = async (key: string) =>
    (await env.query<{ status: string; reason: string | null }>('gradebook', 'SELECT status, reason FROM gradebook_outcomes WHERE tenant = $1 AND outcome_key = $2', [TENANT, key]))?.[0];
  /** Retries `check` until it neither throws nor returns undefined; returns its value (assertions: return true). */
  const eventually = async <T>(what: string, check: () => T | undefined | Promise<T | undefined>): Promise<T> => {
    let value: T | undefined;
    await waitFor(what, async () => {
      try {
        value = await check();
        return value !== undefined;
      } catch {
        return false;
      }
    }, { timeoutMs: 60_000, describe: () => passbackApps.map((a) => a.tail(15)).join('\n') });
    return value as T;
  };
  const found = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('not there yet');
    return value;
  };

  beforeAll(async () => {
    canvas = await startCanvas(env, [TENANT]);
    acme = await addDistrict(env, canvas, { tenant: TENANT, seed: 3, size: 'tiny' });
    const repo = await env.tenants();
    await repo.update(TENANT, {
      canvas: { liveEventsJwksUrl: canvas.jwksUrl },
      passback: { courseGradeCategoryTitle: 'Assessments', postToSisOnly: true },
    });
    const d = acme.district;
    const studentsOf = (c: string) =>
      d.enrollments.filter((e) => e.classSourcedId === c && e.role === 'student' && e.status === 'active').map((e) => e.userSourcedId);
    klass = d.classes.filter((c) => c.status === 'active').sort((a, b) => studentsOf(b.sourcedId).length - studentsOf(a.sourcedId).length)[0];
    students = studentsOf(klass.sourcedId);
    category = d.categories.find((c) => c.classSourcedId === klass.sourcedId && c.title === 'Assessments')
      ?? d.categories.find((c) => c.classSourcedId === klass.sourcedId)!;
    period = d.academicSessions
      .filter((s) => s.type === 'gradingPeriod' && s.schoolSourcedId === klass.schoolSourcedId)
      .sort((a, b) => a.startDate.localeCompare(b.startDate))[0];
    dueAt = `${period.startDate.slice(0, 8)}${String(Number(period.startDate.slice(8, 10)) + 5).padStart(2, '0')}T18:00:00Z`;

    pipeline = await Pipeline.start(env);
    expect((await pipeline.sync(TENANT, 'full')).phase).toBe('finished');
    await pipeline.waitQuiet(TENANT, canvas, TENANT);

    const gatewayPort = await freePort();
    const fast = { GRADEBOOK_CACHE_TTL_MS: '0', GRADEBOOK_RECONCILE_INTERVAL_MS: '0' };
    passbackApps.push(
      new AppProcess('events-gateway', gatewayPort, env.appEnv(), env.logDir),
      new AppProcess('gradebook', await freePort(), env.appEnv({ ...fast, GRADEBOOK_ROLE: 'processor' }), env.logDir),
      new AppProcess('gradebook', await freePort(), env.appEnv({ ...fast, GRADEBOOK_ROLE: 'writer', SERVICE_NAME: 'gradebook-writer' }), join(env.logDir, 'writer')),
    );
    for (const app of passbackApps) await app.start();
    canvas.admin.setWebhook(TENANT, `http://127.0.0.1:${gatewayPort}/live-events`);
  }, 400_000);

  afterAll(async () => {
    for (const app of passbackApps) await app.kill('SIGTERM');
    await pipeline?.stop();
    await env.cleanup();
  }, 120_000);

  it('sends an assignment, a graded discussion and a graded quiz as lineItems with category and grading period', async () => {
    const group = teacher().createAssignmentGroup(course(), { name: category.title });
    const made = [
      teacher().createAssignment(course(), { name: 'Essay 1', pointsPossible: 20, dueAt, postToSis: true, assignmentGroupId: group.id }),
      teacher().createAssignment(course(), { name: 'Debate 1', kind: 'discussion', pointsPossible: 10, dueAt, postToSis: true, assignmentGroupId: group.id }),
      teacher().createAssignment(course(), { name: 'Quiz 1', kind: 'quiz', pointsPossible: 10, dueAt, postToSis: true, postManually: true, assignmentGroupId: group.id }),
    ];
    for (const a of made) {
      const id = lineItemSourcedId(TENANT, String(a.id));
      const put = await eventually(`lineItem ${a.name} in IC`, () => found(writes('lineItems').find((w) => w.sourcedId === id)));
      expect(body(put, 'lineItem')).toMatchObject({
        title: a.name, class: { sourcedId: klass.sourcedId }, category: { sourcedId: category.sourcedId },
        gradingPeriod: { sourcedId: period.sourcedId },
      });
    }
  }, 120_000);

  it('sends scores, excused as exempt, late and missing flags; holds a hidden quiz grade until it is posted', async () => {
    const [s1, s2, s3] = students;
    const [essay, debate, quiz] = canvas.admin.state(TENANT).assignments.values();
    const id = (a: { id: number }, s: string) => resultSourcedId(lineItemSourcedId(TENANT, String(a.id)), s);
    teacher().grade(course(), essay.id, user(s1), { score: 18 });
    teacher().excuse(course(), essay.id, user(s2));
    teacher().markLate(course(), debate.id, user(s3));
    teacher().grade(course(), debate.id, user(s3), { score: 7.5 });
    teacher().markMissing(course(), debate.id, user(s1));
    teacher().grade(course(), quiz.id, user(s1), { score: 9 });
    await eventually('essay and discussion results in IC', () => {
      expect(lastResult(id(essay, s1))).toMatchObject({ score: 18, scoreStatus: 'fully graded', late: 'false' });
      expect(lastResult(id(essay, s2))).toMatchObject({ scoreStatus: 'exempt' });
      expect(lastResult(id(debate, s3))).toMatchObject({ score: 7.5, late: 'true' });
      expect(lastResult(id(debate, s1))).toMatchObject({ missing: 'true' });
      return true;
    });
    expect(lastResult(id(essay, s2)).score).toBeUndefined();
    await eventually('the hidden quiz grade to be held', async () => (expect(await outcome(id(quiz, s1))).toMatchObject({ status: 'held' }), true));
    expect(writes('results').filter((w) => w.sourcedId === id(quiz, s1))).toEqual([]);
    teacher().postGrades(course(), quiz.id);
    await eventually('the posted quiz grade in IC', () => (expect(lastResult(id(quiz, s1))).toMatchObject({ score: 9 }), true));
  }, 120_000);

  it('refuses a 60-character name and a missing due date, with reasons, and sends neither', async () => {
    const long = teacher().createAssignment(course(), { name: 'N'.repeat(60), pointsPossible: 5, dueAt, postToSis: true });
    const undated = teacher().createAssignment(course(), { name: 'No date', pointsPossible: 5, dueAt: null, postToSis: true });
    for (const [a, reason] of [[long, /60 characters/], [undated, /due date/i]] as const) {
      const li = lineItemSourcedId(TENANT, String(a.id));
      await eventually(`refusal of ${a.name.slice(0, 10)}`, async () => (expect(await outcome(li)).toMatchObject({ status: 'refused', reason: expect.stringMatching(reason) }), true));
      expect(writes('lineItems').filter((w) => w.sourcedId === li)).toEqual([]);
    }
  }, 120_000);

  it("does not send a grade for a student dropped in the SIS, and lands the last of five quick changes", async () => {
    const [s1, , , dropped] = students;
    const enrollment = acme.district.enrollments.find((e) => e.userSourcedId === dropped && e.classSourcedId === klass.sourcedId)!;
    acme.ic.admin.clock.advance(60_000);
    acme.ic.admin.sis.dropEnrollment(enrollment.sourcedId);
    expect((await pipeline.sync(TENANT, 'delta')).phase).toBe('finished');
    await pipeline.waitQuiet(TENANT, canvas, TENANT);
    const [essay] = canvas.admin.state(TENANT).assignments.values();
    const droppedId = resultSourcedId(lineItemSourcedId(TENANT, String(essay.id)), dropped);
    teacher().grade(course(), essay.id, user(dropped), { score: 12 });
    await eventually('the dropped student to be skipped', async () => (expect(await outcome(droppedId)).toMatchObject({ status: 'skipped' }), true));
    expect(writes('results').filter((w) => w.sourcedId === droppedId)).toEqual([]);

    const s1Id = resultSourcedId(lineItemSourcedId(TENANT, String(essay.id)), s1);
    const before = writes('results').filter((w) => w.sourcedId === s1Id).length;
    for (const score of [11, 12, 13, 14, 15]) teacher().grade(course(), essay.id, user(s1), { score });
    await eventually('the final score', () => (expect(lastResult(s1Id).score).toBe(15), true));
    expect(writes('results').filter((w) => w.sourcedId === s1Id).length - before).toBeLessThanOrEqual(5);
  }, 180_000);

  it("sends the course grade Canvas computes after grading as a result on the class's course-grade lineItem", async () => {
    // Canvas emits course_grade_change whenever a grade changes the course score (the tests above graded s1).
    const [s1] = students;
    const li = await eventually('the course-grade lineItem', () =>
      found(writes('lineItems').find((w) => body<{ title: string; class: { sourcedId: string } }>(w, 'lineItem').title === 'Canvas course grade'
        && body<{ class: { sourcedId: string } }>(w, 'lineItem').class.sourcedId === klass.sourcedId)));
    expect(body(li, 'lineItem')).toMatchObject({ category: { sourcedId: category.sourcedId } });
    const result = await eventually("s1's course grade", () =>
      found(writes('results').map((w) => body<{ lineItem: { sourcedId: string }; student: { sourcedId: string }; score?: number }>(w, 'result'))
        .filter((r) => r.lineItem.sourcedId === li.sourcedId && r.student.sourcedId === s1).pop()));
    expect(typeof result.score).toBe('number');
  }, 120_000);

  it('wrote only lineItems and results that the official OneRoster 1.2 schemas accept as published (every reference with its href)', () => {
    // Read from the official OpenAPI (REFERENCE_SPECS_DIR, default ../shared/specs) with no relaxation: what IC received.
    const spec = new SpecValidator();
    const lineItems = writes('lineItems').map((w) => body<Record<string, unknown>>(w, 'lineItem'));
    const results = writes('results').map((w) => body<Record<string, unknown>>(w, 'result'));
    expect(lineItems.length).toBeGreaterThan(0);
    expect(results.length).toBeGreaterThan(0);
    const problems = [
      ...lineItems.map((li) => ({ id: li.sourcedId, errors: spec.errors('gradebook', 'LineItemDType', li) })),
      ...results.map((r) => ({ id: r.sourcedId, errors: spec.errors('gradebook', 'ResultDType', r) })),
    ].filter((p) => p.errors.length > 0);
    expect(problems).toEqual([]);
    expect(lineItems[0]).toMatchObject({ class: { href: expect.stringMatching(new RegExp(`/classes/${klass.sourcedId}$`)) } });
  });
});
