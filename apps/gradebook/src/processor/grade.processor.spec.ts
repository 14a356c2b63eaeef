import { CanvasPermanentError, CanvasRetriableError, type CanvasAssignment, type CanvasSubmission } from '@rp/canvas';
import { lineItemSourcedId, resolvePassbackSettings, resultSourcedId } from '@rp/mapping';
import { type GradebookWrite, RetriableError } from '@rp/messaging';
import type { GradebookOutcome } from '@rp/persistence';
import type { TenantGradebookContext } from '../tenant/tenant-context';
import type { CanvasCourseReader } from './canvas-course.reader';
import type { CourseGradeFacts } from './canvas-snapshot.mapper';
import type { ClassContextReader } from './class-context.reader';
import { GradeProcessor } from './grade.processor';

const NOW = new Date('2026-11-21T12:00:00Z');
const assignment = (o: Partial<CanvasAssignment> = {}): CanvasAssignment => ({
  id: 7, name: 'Essay', course_id: 5, assignment_group_id: 3, points_possible: 20, grading_type: 'points', due_at: '2026-11-20T18:00:00Z',
  published: true, workflow_state: 'published', submission_types: ['online_upload'], post_to_sis: true, ...o,
});
const submission = (o: Partial<CanvasSubmission> = {}): CanvasSubmission => ({
  id: 1, user_id: 9, assignment_id: 7, score: 18, grade: '18', excused: false, attempt: 1, submitted_at: null, graded_at: '2026-11-21T10:00:00Z',
  workflow_state: 'graded', posted_at: '2026-11-21T10:00:00Z', late: false, missing: false, ...o,
});

/** The processor over plain fakes for Canvas, IC, the repository and Kafka. */
function setup(canvas: {
  assignment?: () => Promise<CanvasAssignment>; sisCourseId?: string | null; courseGrades?: CourseGradeFacts | null; passback?: Record<string, unknown>;
} = {}) {
  const published: GradebookWrite[] = [];
  const outcomes: GradebookOutcome[] = [];
  const ctx = { tenant: 'acme', settings: resolvePassbackSettings('acme', canvas.passback ?? {}) } as TenantGradebookContext;
  const reader = {
    course: async () => ({ id: '5', sisCourseId: canvas.sisCourseId === undefined ? 'class-1' : canvas.sisCourseId, sections: [{ id: '50', sisSectionId: 'class-1' }] }),
    groupName: async () => 'Homework',
    forgetGroups: () => undefined,
    assignment: canvas.assignment ?? (async () => assignment()),
    submission: async () => submission(),
    submissionsOf: async () => [submission()],
    studentEnrollments: async () => [{ canvasUserId: '9', userSisId: 'stu-9', sectionId: '50', state: 'active' as const }],
    courseGrades: async () => (canvas.courseGrades === undefined ? null : canvas.courseGrades),
  } as unknown as CanvasCourseReader;
  const ic = {
    classContext: async () => ({
      classSourcedId: 'class-1', schoolSourcedId: 'school-1',
      categories: [{ sourcedId: 'cat-hw', status: 'active', dateLastModified: '2026-08-01T00:00:00Z', title: 'homework' }],
      gradingPeriods: [{ sourcedId: 'q2', title: 'Quarter 2', startDate: '2026-10-24', endDate: '2027-01-09' }],
    }),
  } as unknown as ClassContextReader;
  const processor = new GradeProcessor({
    tenants: { context: async () => ctx, activeTenants: async () => ['acme'] },
    repo: { recordOutcomes: async (list) => void outcomes.push(...list), lineItemWritten: async () => true },
    publish: async (writes) => void published.push(...writes),
    canvas: reader, ic, clock: () => NOW,
  });
  return { processor, published, outcomes };
}

const event = (name: string, body: Record<string, unknown>, time = '2026-11-21T10:00:01Z') => ({
  tenant: 'acme', eventName: name, eventTime: time,
  metadata: JSON.stringify({ event_name: name, event_time: time, context_type: 'Course', context_id: '21070000000000005' }),
  body: JSON.stringify(body),
});

describe('GradeProcessor', () => {
  const lineItemId = lineItemSourcedId('acme', '7');
  const resultId = resultSourcedId(lineItemId, 'stu-9');

  it('turns a grade_change into the lineItem then the result, keyed by their deterministic ids, and marks them waiting for the writer', async () => {
    const { processor, published, outcomes } = setup();
    await processor.handleEvents([event('grade_change', { assignment_id: '21070000000000007', student_id: '21070000000000009', user_id: '21070000000000009' })]);
    expect(published.map((w) => [w.kind, w.sourcedId])).toEqual([['lineItem', lineItemId], ['result', resultId]]);
    expect(JSON.parse(published[1].record!)).toMatchObject({ score: 18, student: { sourcedId: 'stu-9' }, lineItem: { sourcedId: lineItemId } });
    expect(JSON.parse(published[0].record!)).toMatchObject({ category: { sourcedId: 'cat-hw' }, gradingPeriod: { sourcedId: 'q2' } });
    expect(outcomes.find((o) => o.outcomeKey === resultId)).toMatchObject({ status: 'waiting', canvasUserId: '9', classSourcedId: 'class-1' });
  });

  it('publishes one write per result for a burst of events (the latest Canvas time wins)', async () => {
    const { processor, published } = setup();
    const body = { assignment_id: '7', user_id: '9' };
    await processor.handleEvents([event('submission_updated', body, '2026-11-21T10:00:03Z'), event('grade_change', body, '2026-11-21T10:00:01Z')]);
    expect(published.filter((w) => w.kind === 'result')).toEqual([expect.objectContaining({ canvasEventTime: '2026-11-21T10:00:03Z' })]);
  });

  it('records why an assignment of a course without SIS id is not sent, and writes nothing', async () => {
    const { processor, published, outcomes } = setup({ sisCourseId: null });
    await processor.handleEvents([event('assignment_updated', { assignment_id: '7', context_type: 'Course', context_id: '5' })]);
    expect(published).toEqual([]);
    expect(outcomes).toEqual([expect.objectContaining({ kind: 'lineItem', status: 'refused', reason: expect.stringMatching(/no SIS id/) })]);
  });

  it('ignores events that carry nothing for grades', async () => {
    const { processor, published, outcomes } = setup();
    await processor.handleEvents([event('logged_in', {}), event('enrollment_updated', {})]);
    expect([published, outcomes]).toEqual([[], []]);
  });

  it('records a permanent Canvas failure as failed and goes on; retries a retriable one', async () => {
    const gone = setup({ assignment: () => Promise.reject(new CanvasPermanentError('404 not found', 'check the id', { tenant: 'acme' })) });
    await gone.processor.handleEvents([event('assignment_created', { assignment_id: '7', context_type: 'Course', context_id: '5' })]);
    expect(gone.outcomes).toEqual([expect.objectContaining({ status: 'failed', reason: expect.stringMatching(/404 not found/), canvasAssignmentId: '7' })]);

    const down = setup({ assignment: () => Promise.reject(new CanvasRetriableError('503', 'retry', { tenant: 'acme' })) });
    await expect(down.processor.handleEvents([event('assignment_created', { assignment_id: '7', context_type: 'Course', context_id: '5' })])).rejects.toBeInstanceOf(RetriableError);
    expect(down.published).toEqual([]);
  });

  describe('course grades and Final Grade Override', () => {
    const passback = { courseGradeCategoryTitle: 'homework' };
    const facts = (over: Partial<CourseGradeFacts> = {}): CourseGradeFacts => ({ currentScore: 72.5, finalScore: 60, overrideScore: null, overrideGrade: null, ...over });
    const courseScore = async (options: Parameters<typeof setup>[0], name: string, body: Record<string, unknown>) => {
      const { processor, published } = setup({ passback, ...options });
      await processor.handleEvents([event(name, { course_id: '21070000000000005', user_id: '21070000000000009', ...body })]);
      const results = published.filter((w) => w.kind === 'result');
      expect(results).toHaveLength(1);
      return JSON.parse(results[0].record!) as { score: number; textScore?: string; student: { sourcedId: string } };
    };

    it.each<[string, CourseGradeFacts | null, string, Record<string, unknown>, number, string | undefined]>([
      ['course_grade_change without an override sends the computed score of the event', facts(), 'course_grade_change', { current_score: 74, final_score: 61 }, 74, undefined],
      ['course_grade_change keeps the override a teacher set in Canvas', facts({ overrideScore: 95, overrideGrade: 'A' }), 'course_grade_change', { current_score: 74 }, 95, 'A'],
      ['grade_override sends the new override', facts({ overrideScore: 88 }), 'grade_override', { grading_period_id: null, override_score: 88 }, 88, undefined],
      ['grade_override trusts the event over an older read', facts({ overrideScore: 70 }), 'grade_override', { grading_period_id: null, override_score: 91 }, 91, undefined],
      ['a removed override gives the computed score back', facts({ overrideScore: null }), 'grade_override', { grading_period_id: null, override_score: null, old_override_score: 88 }, 72.5, undefined],
    ])('%s', async (_, grades, name, body, score, textScore) => {
      const result = await courseScore({ courseGrades: grades }, name, body);
      expect(result.score).toBe(score);
      expect(result.textScore).toBe(textScore);
      expect(result.student.sourcedId).toBe('stu-9');
    });
  });
});
