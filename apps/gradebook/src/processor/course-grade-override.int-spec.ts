import { resultSourcedId } from '@rp/mapping';
import { eventually, gradebookIntKit, TENANT } from '../testing/gradebook-int-kit';

jest.setTimeout(120_000);

describe('gradebook: Final Grade Override reaches IC as the course grade (Live Events → processor → Kafka → writer)', () => {
  const kit = gradebookIntKit({ name: 'gbo', passback: { courseGradeCategoryTitle: 'Assessments' } });
  const { teacher, course, user, puts } = kit;
  const body = <T>(w: { body?: unknown }, key: string) => (w.body as Record<string, T>)[key];
  const lastScore = (resultId: string) => kit.lastResult(resultId).score;

  it('sends the override instead of the computed grade, keeps it through later grading, and goes back to the computed grade when it is removed', async () => {
    const [s1] = kit.klass.students;
    const group = teacher().createAssignmentGroup(course(), { name: 'Assessments' });
    const quiz = teacher().createAssignment(course(), { name: 'Quiz 1', pointsPossible: 10, dueAt: '2026-11-20T18:00:00Z', postToSis: true, assignmentGroupId: group.id });
    teacher().grade(course(), quiz.id, user(s1), { score: 6 });

    // The computed course grade (60 %) arrives first, on the class's course-grade lineItem.
    const courseGradeItem = await eventually(() => {
      const found = puts('lineItems').find((w) => body<{ title: string; class: { sourcedId: string } }>(w, 'lineItem').title === 'Canvas course grade'
        && body<{ class: { sourcedId: string } }>(w, 'lineItem').class.sourcedId === kit.klass.klass.sourcedId);
      if (!found) throw new Error('course-grade lineItem not in IC yet');
      return found;
    });
    const resultId = resultSourcedId(courseGradeItem.sourcedId, s1);
    await eventually(() => expect(lastScore(resultId)).toBe(60));

    teacher().overrideCourseGrade(course(), user(s1), 95);
    await eventually(() => expect(lastScore(resultId)).toBe(95));
    const overriddenAt = (await kit.processor.repo.outcome(TENANT, resultId))!.canvasEventTime!.getTime();

    // More grading recomputes the total (course_grade_change), but the override still decides the grade.
    teacher().grade(course(), quiz.id, user(s1), { score: 7 });
    await eventually(async () => {
      const outcome = await kit.processor.repo.outcome(TENANT, resultId);
      expect(outcome?.canvasEventTime?.getTime() ?? 0).toBeGreaterThan(overriddenAt);
      expect(outcome?.status).toBe('sent');
    });
    expect(lastScore(resultId)).toBe(95);

    teacher().overrideCourseGrade(course(), user(s1), null);
    await eventually(() => expect(lastScore(resultId)).toBe(70));
  });
});
