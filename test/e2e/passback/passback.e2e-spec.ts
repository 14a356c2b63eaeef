import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { canonicalJson, lineItemSourcedId, resultSourcedId } from '@rp/mapping';
import type { CanvasSimulator, LiveEventPayload } from '@rp/sim-canvas';
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
  /** Final Grade Overrides already given (a retried test gives a new one, so Canvas emits its event). */
  const courseGradeScores = new Set<number>();
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

  it('records one outcome for every event the gateway accepted: one payload per routed type, a grade_override labelled grade_change, an LTI submission_created', async () => {
    const [s1, , s3] = students;
    const state = canvas.admin.state(TENANT);
    const g = (id: number) => state.globalId(id);
    const [essay] = state.assignments.values();
    const courseId = essay.courseId;
    const canvasUser = (sis: string) => [...state.users.values()].find((u) => u.sisId === sis)!;
    const template = canvas.admin.liveEvents({ accountKey: TENANT, eventName: 'grade_change' }).at(-1)!.payload.metadata;
    const metadata = (event_name: string) => ({ ...template, event_name, event_time: new Date().toISOString(), request_id: randomUUID() });
    const payload = (event_name: string, body: Record<string, unknown>): LiveEventPayload => ({ metadata: metadata(event_name), body });
    /** Canvas's own events of one teacher action, held back, to be delivered as the test means. */
    const heldBack = (names: string[], act: () => void) => {
      canvas.admin.dropLiveEvents({ accountKey: TENANT, eventNames: names });
      const before = canvas.admin.liveEvents({ accountKey: TENANT }).length;
      act();
      canvas.admin.clearDropRules();
      return canvas.admin.liveEvents({ accountKey: TENANT }).slice(before).filter((r) => r.outcome === 'dropped');
    };

    // An LTI tool's score (AGS) for s3: Canvas's submission_created names no course, only the assignment.
    // Scores new to Canvas even when the test runs again (a retry): each change emits its events.
    const ltiScore = [...state.submissions.values()].find((x) => x.assignmentId === essay.id && x.userId === canvasUser(s3).id)?.score === 17 ? 16 : 17;
    const ltiGrading = heldBack(['grade_change', 'submission_created', 'submission_updated', 'course_grade_change'], () =>
      teacher().grade(course(), essay.id, user(s3), { score: ltiScore }));
    const lti = ltiGrading.find((r) => r.eventName === 'submission_created' || r.eventName === 'submission_updated')!.payload;
    const { context_type: _type, context_id: _id, context_sis_source_id: _sis, context_account_id: _account, ...toolMetadata } = lti.metadata;
    const courseGradeOfS3 = ltiGrading.find((r) => r.eventName === 'course_grade_change')!.payload;
    // A Final Grade Override for s1, delivered labelled grade_change in its metadata as Canvas's published example is.
    const overrideScore = courseGradeScores.has(93.5) ? 94.5 : 93.5;
    courseGradeScores.add(overrideScore);
    const [override] = heldBack(['grade_override'], () => teacher().overrideCourseGrade(course(), user(s1), overrideScore));

    const assignmentBody = {
      assignment_id: g(essay.id), context_id: g(courseId), context_type: 'Course', assignment_group_id: g(essay.assignmentGroupId), workflow_state: 'published',
      title: essay.name, due_at: essay.dueAt, points_possible: essay.pointsPossible, submission_types: 'online_upload', updated_at: new Date().toISOString(),
    };
    const overrideBody = { assignment_override_id: g(9001), assignment_id: g(essay.id), due_at: essay.dueAt, all_day: false, type: 'ADHOC', workflow_state: 'active' };
    const groupBody = { assignment_group_id: String(essay.assignmentGroupId), context_id: String(courseId), context_type: 'Course', name: category.title, position: 1, group_weight: 0, workflow_state: 'available' };
    const student = canvasUser(s1);
    const sent: [string, LiveEventPayload, Record<string, unknown>][] = [
      ['assignment_created', payload('assignment_created', assignmentBody), { outcome: 'unchanged' }],
      ['assignment_updated', payload('assignment_updated', assignmentBody), { outcome: 'unchanged' }],
      ['assignment_override_created', payload('assignment_override_created', overrideBody), { outcome: 'unchanged' }],
      ['assignment_override_updated', payload('assignment_override_updated', overrideBody), { outcome: 'unchanged' }],
      // The group also holds the two assignments refused above (60-character name, no due date): the event is refused.
      ['assignment_group_created', payload('assignment_group_created', groupBody), { outcome: 'refused', reason: expect.stringMatching(/characters|due date/) }],
      ['assignment_group_updated', payload('assignment_group_updated', groupBody), { outcome: 'refused', reason: expect.stringMatching(/characters|due date/) }],
      ['grade_change', payload('grade_change', {
        submission_id: g(1), assignment_id: g(essay.id), assignment_name: essay.name, grade: '15', score: 15, student_id: g(student.id), user_id: g(student.id), grading_complete: true, muted: false,
      }), { outcome: 'unchanged' }],
      ['submission_updated', payload('submission_updated', {
        submission_id: g(1), assignment_id: g(essay.id), user_id: g(student.id), workflow_state: 'graded', score: 15, grade: '15', submission_type: 'online_upload', attempt: 1,
      }), { outcome: 'unchanged' }],
      ['LTI submission_created', { metadata: { ...toolMetadata, event_name: 'submission_created', developer_key_id: g(77) }, body: { ...lti.body, submission_type: 'basic_lti_launch' } },
        { eventName: 'submission_created', canvasCourseId: null, outcome: 'written' }],
      ['course_grade_change', courseGradeOfS3, { outcome: 'written' }],
      ['grade_override labelled grade_change', { metadata: { ...override.payload.metadata, event_name: 'grade_change' }, body: override.payload.body },
        { eventName: 'grade_override', labelledAs: 'grade_change', outcome: 'written' }],
      ['enrollment_created', payload('enrollment_created', {
        enrollment_id: g(555), course_id: g(courseId), user_id: g(student.id), type: 'StudentEnrollment', workflow_state: 'active', course_section_id: g(1),
      }), { outcome: 'ignored', reason: expect.stringMatching(/SIS roster/) }],
      ['a type the gradebook does not read', payload('outcome_proficiency_updated', { outcome_proficiency_id: '1' }), { outcome: 'ignored', reason: expect.stringMatching(/does not read/) }],
      ['grade_change without an assignment', payload('grade_change', { user_id: g(student.id), score: 3 }), { outcome: 'refused', reason: expect.stringMatching(/assignment_id is missing/) }],
    ];
    const keyOf = (p: LiveEventPayload) => createHash('sha256').update(canonicalJson({ metadata: p.metadata, body: p.body })).digest('hex');
    for (const [, p] of sent) canvas.admin.emitLiveEvent(TENANT, p);
    await canvas.admin.flushLiveEvents();
    const delivered = canvas.admin.liveEvents({ accountKey: TENANT }).slice(-sent.length);
    expect(delivered.map((r) => r.outcome)).toEqual(sent.map(() => 'delivered'));

    type Listed = { eventKey: string; eventName: string; labelledAs: string | null; canvasCourseId: string | null; outcome: string; reason: string | null };
    const settled = await eventually('an outcome for every event', async () => {
      const listed = await pipeline.ops(['passback', 'status', '--tenant', TENANT, '--json']);
      const rows = JSON.parse(listed.stdout) as Listed[];
      const ours = sent.map(([, p]) => rows.filter((r) => r.eventKey === keyOf(p)));
      if (ours.some((r) => r.length !== 1 || r[0].outcome === 'waiting')) return undefined;
      return ours.map((r) => r[0]);
    });
    expect(sent.map(([what], i) => ({ what, ...settled[i] }))).toMatchObject(sent.map(([what, , expected]) => ({ what, ...expected })));
    const courseGrade = (sis: string) => writes('results').map((w) => body<{ lineItem: { sourcedId: string }; student: { sourcedId: string }; score?: number }>(w, 'result'))
      .filter((r) => r.student.sourcedId === sis && writes('lineItems').some((l) => l.sourcedId === r.lineItem.sourcedId && body<{ title: string }>(l, 'lineItem').title === 'Canvas course grade')).pop();
    expect(courseGrade(s1)?.score).toBe(overrideScore);
    expect(lastResult(resultSourcedId(lineItemSourcedId(TENANT, String(essay.id)), s3))).toMatchObject({ score: ltiScore });
    const refused = await pipeline.ops(['passback', 'status', '--tenant', TENANT, '--outcome', 'refused', '--json']);
    expect((JSON.parse(refused.stdout) as Listed[]).map((r) => r.eventKey)).toContain(keyOf(sent[sent.length - 1][1]));
  }, 180_000);

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
