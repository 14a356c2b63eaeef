import { lineItemSourcedId, resultSourcedId } from '@rp/mapping';
import { eventually, gradebookIntKit, TENANT } from './testing/gradebook-int-kit';

jest.setTimeout(120_000);

const DUE_IN_Q2 = '2026-11-20T18:00:00Z';

describe('gradebook: Canvas Live Events → processor → Kafka → writer → IC gradebook', () => {
  // The class with the most students: four stay enrolled in Canvas, one is dropped there.
  const kit = gradebookIntKit({ name: 'gb' });
  const { district, teacher, course, user, resultPuts, lastResult, outcome } = kit;
  const icWrites = kit.puts;

  // Shared across the steps below (they build on each other like a teacher's week).
  let essay: { id: number };
  let essayLineItem: string;

  it('sends a published SIS assignment as a lineItem with the category of its group and the grading period of its due date', async () => {
    const category = district.categories.find((c) => c.classSourcedId === kit.klass.klass.sourcedId && c.title === 'Assessments')!;
    const q2 = district.academicSessions.find((s) => s.schoolSourcedId === kit.klass.klass.schoolSourcedId && s.title === 'Quarter 2')!;
    const group = teacher().createAssignmentGroup(course(), { name: 'assessments ' });
    essay = teacher().createAssignment(course(), { name: 'Essay 1', pointsPossible: 20, dueAt: DUE_IN_Q2, postToSis: true, assignmentGroupId: group.id });
    essayLineItem = lineItemSourcedId(TENANT, String(essay.id));
    const put = await eventually(() => {
      const found = icWrites('lineItems').find((w) => w.sourcedId === essayLineItem);
      if (!found) throw new Error('lineItem not in IC yet');
      return found;
    });
    expect((put.body as { lineItem: Record<string, { sourcedId: string }> }).lineItem).toMatchObject({
      title: 'Essay 1', class: { sourcedId: kit.klass.klass.sourcedId }, category: { sourcedId: category.sourcedId }, gradingPeriod: { sourcedId: q2.sourcedId },
      resultValueMax: 20,
    });
    expect(put.headers['x-vendor-authorization']).toBe(kit.ic.vendorAuthorization);
  });

  it('sends scores, excused as exempt, and the late and missing flags', async () => {
    const [s1, s2, s3, s4] = kit.klass.students;
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
    const [s1] = kit.klass.students;
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
    const [dropped] = kit.klass.dropped;
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
    const [s1] = kit.klass.students;
    const resultId = resultSourcedId(essayLineItem, s1);
    const before = resultPuts(resultId).length;
    for (const score of [11, 12, 13, 14, 15]) teacher().grade(course(), essay.id, user(s1), { score });
    await eventually(() => expect(lastResult(resultId).score).toBe(15));
    const scores = resultPuts(resultId).slice(before).map((r) => r.score);
    expect(scores.length).toBeLessThanOrEqual(5);
    scores.forEach((score, i) => expect(score).not.toBe(i === 0 ? 18 : scores[i - 1]));
  });

  it('reconciliation repairs grades whose Live Events were lost, without rewriting the rest', async () => {
    const [s1, s2] = kit.klass.students;
    const lost = resultSourcedId(essayLineItem, s2);
    kit.canvas.admin.dropLiveEvents({ accountKey: TENANT });
    teacher().grade(course(), essay.id, user(s2), { score: 9 });
    await kit.canvas.admin.flushLiveEvents();
    kit.canvas.admin.clearDropRules();
    expect(lastResult(lost).scoreStatus).toBe('exempt');
    const s1Puts = resultPuts(resultSourcedId(essayLineItem, s1)).length;

    const report = await kit.processor.reconciler!.reconcileTenant(TENANT);
    expect(report.courses).toBe(1);
    await eventually(() => expect(lastResult(lost)).toMatchObject({ score: 9, scoreStatus: 'fully graded' }));
    await eventually(async () => expect((await outcome(lost))?.status).toBe('sent'));
    expect(resultPuts(resultSourcedId(essayLineItem, s1))).toHaveLength(s1Puts);
  });

  it('reconciles a tenant whose Canvas root account is configured by its uuid (Canvas answers 404 to /accounts/<uuid>/courses)', async () => {
    const [, , s3] = kit.klass.students;
    const uuid = kit.canvas.admin.state(TENANT).uuid;
    await kit.tenants().update(TENANT, { canvas: { rootAccountId: uuid } });
    const lost = resultSourcedId(essayLineItem, s3);
    kit.canvas.admin.dropLiveEvents({ accountKey: TENANT });
    teacher().grade(course(), essay.id, user(s3), { score: 11 });
    await kit.canvas.admin.flushLiveEvents();
    kit.canvas.admin.clearDropRules();

    const report = await kit.processor.reconciler!.reconcileTenant(TENANT);
    expect(report.courses).toBe(1);
    await eventually(() => expect(lastResult(lost)).toMatchObject({ score: 11 }));
  });
});
