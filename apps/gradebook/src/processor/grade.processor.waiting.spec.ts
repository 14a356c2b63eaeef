import type { CanvasAssignment, CanvasSubmission } from '@rp/canvas';
import { lineItemSourcedId, resolvePassbackSettings, resultSourcedId } from '@rp/mapping';
import type { CanvasEntityChange, GradebookWrite } from '@rp/messaging';
import type { GradebookOutcome } from '@rp/persistence';
import type { TenantGradebookContext } from '../tenant/tenant-context';
import type { CanvasCourseReader } from './canvas-course.reader';
import type { StudentEnrollmentFact } from './canvas-snapshot.mapper';
import type { ClassContextReader } from './class-context.reader';
import { GradeProcessor } from './grade.processor';

const NOW = new Date('2026-11-21T12:00:00Z');
const assignment: CanvasAssignment = {
  id: 7, name: 'Essay', course_id: 5, assignment_group_id: 3, points_possible: 20, grading_type: 'points', due_at: '2026-11-20T18:00:00Z',
  published: true, workflow_state: 'published', submission_types: ['online_upload'], post_to_sis: true,
} as CanvasAssignment;
const submission: CanvasSubmission = {
  id: 1, user_id: 9, assignment_id: 7, score: 18, grade: '18', excused: false, attempt: 1, submitted_at: null, graded_at: '2026-11-21T10:00:00Z',
  workflow_state: 'graded', posted_at: '2026-11-21T10:00:00Z', late: false, missing: false,
} as CanvasSubmission;

/** The processor over fakes where Canvas lists the given student rows of course 5 (SIS id class-1). */
function setup(canvasStudents: StudentEnrollmentFact[] = []) {
  const published: GradebookWrite[] = [];
  const outcomes = new Map<string, GradebookOutcome>();
  const calls = { studentEnrollments: 0, forgotten: [] as string[][] };
  const ctx = { tenant: 'acme', settings: resolvePassbackSettings('acme', {}) } as TenantGradebookContext;
  const reader = {
    course: async () => ({ id: '5', sisCourseId: 'class-1', sections: [{ id: '50', sisSectionId: 'class-1' }] }),
    groupName: async () => 'Homework',
    assignment: async () => assignment,
    submission: async () => submission,
    submissionsOf: async () => [submission],
    studentEnrollments: async () => (calls.studentEnrollments++, canvasStudents),
    forgetClasses: (_tenant: string, keys: string[]) => void calls.forgotten.push(keys),
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
    repo: { recordOutcomes: async (list) => list.forEach((o) => outcomes.set(o.outcomeKey, o)), lineItemWritten: async () => true },
    publish: async (writes) => void published.push(...writes),
    canvas: reader, ic, clock: () => NOW,
  });
  return { processor, published, outcomes, calls };
}

const gradeChange = (body: Record<string, unknown>) => ({
  tenant: 'acme', eventName: 'grade_change', eventTime: '2026-11-21T10:00:01Z',
  metadata: JSON.stringify({ event_name: 'grade_change', event_time: '2026-11-21T10:00:01Z', context_type: 'Course', context_id: '5' }),
  body: JSON.stringify({ assignment_id: '7', user_id: '9', ...body }),
});
const enrollment = (row: Record<string, string>): CanvasEntityChange => ({
  tenant: 'acme', canvasType: 'enrollment', sisId: `${row.section_id}|${row.user_id}`, op: 'upsert', syncRun: 'run-1', contentHash: 'h', school: null,
  row: { role: 'student', ...row }, sources: [],
});

describe('GradeProcessor: deciding from the kept roster, waiting for what it lacks', () => {
  const resultId = resultSourcedId(lineItemSourcedId('acme', '7'), 'stu-9');
  const results = (published: GradebookWrite[]) => published.filter((w) => w.kind === 'result').map((w) => [w.sourcedId, JSON.parse(w.record!).score]);

  it('a grade of a student neither the roster nor Canvas has in the class waits (recorded with the reason), and is written once the enrollment arrives', async () => {
    const { processor, published, outcomes } = setup();
    await processor.handleConsumed([], [gradeChange({ student_sis_id: 'stu-9' })]);
    expect(results(published)).toEqual([]);
    expect(outcomes.get(resultId)).toMatchObject({
      status: 'waiting', kind: 'result', classSourcedId: 'class-1', studentSourcedId: 'stu-9', canvasUserId: '9',
      reason: expect.stringMatching(/^waiting for the enrollment of student stu-9 in class class-1: .*canvas\.enrollments.*sent when it arrives/),
    });
    expect(processor.waiting.count('acme')).toBe(1);

    await processor.handleConsumed([enrollment({ course_id: 'other-class', section_id: 'other-class', user_id: 'stu-9', status: 'active' })], []);
    expect(results(published)).toEqual([]);

    await processor.handleConsumed([enrollment({ course_id: 'class-1', section_id: 'class-1', user_id: 'stu-9', status: 'active' })], []);
    expect(results(published)).toEqual([[resultId, 18]]);
    expect(outcomes.get(resultId)).toMatchObject({ status: 'waiting', reason: 'queued for the IC writer' });
    expect(processor.waiting.count('acme')).toBe(0);
  });

  it('a drop arriving for a waiting grade decides it as a drop (skipped), not as written', async () => {
    const { processor, published, outcomes } = setup();
    await processor.handleConsumed([], [gradeChange({ student_sis_id: 'stu-9' })]);
    await processor.handleConsumed([enrollment({ course_id: 'class-1', section_id: 'class-1', user_id: 'stu-9', status: 'deleted' })], []);
    expect(results(published)).toEqual([]);
    expect(outcomes.get(resultId)).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/not actively enrolled \(enrollment is deleted\)/) });
  });

  it('decides from the roster the topics gave, without listing Canvas enrollments, and forgets the Canvas facts of the classes a record names', async () => {
    const { processor, published, calls } = setup();
    await processor.handleConsumed([enrollment({ course_id: 'class-1', section_id: 'class-1', user_id: 'stu-9', status: 'active' })], [gradeChange({ student_sis_id: 'stu-9' })]);
    expect(results(published)).toEqual([[resultId, 18]]);
    expect(calls.studentEnrollments).toBe(0);
    expect(calls.forgotten).toEqual([['c:class-1', 's:class-1']]);
  });

  it('without a roster record, Canvas\'s enrollments decide (read once, then the link is kept)', async () => {
    const { processor, published } = setup([{ canvasUserId: '9', userSisId: 'stu-9', sectionId: '50', state: 'active' }]);
    await processor.handleConsumed([], [gradeChange({})]);
    expect(results(published)).toEqual([[resultId, 18]]);
    expect(processor.roster.userSisOf('acme', '9')).toBe('stu-9');
  });

  it('a waiting grade whose batch fails waits again for the same records', async () => {
    const { processor } = setup();
    await processor.handleConsumed([], [gradeChange({ student_sis_id: 'stu-9' })]);
    const failing = Object.assign(processor, { handleEvents: async () => Promise.reject(new Error('Kafka unavailable')) });
    await expect(failing.handleConsumed([enrollment({ course_id: 'class-1', section_id: 'class-1', user_id: 'stu-9', status: 'active' })], [])).rejects.toThrow('Kafka unavailable');
    expect(processor.waiting.count('acme')).toBe(1);
  });
});
