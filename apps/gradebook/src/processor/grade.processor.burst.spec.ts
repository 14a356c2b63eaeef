import { CanvasRetriableError, type CanvasAssignment, type CanvasEnrollment, type CanvasSubmission } from '@rp/canvas';
import { lineItemSourcedId, resolvePassbackSettings, resultSourcedId } from '@rp/mapping';
import { type GradebookWrite, RetriableError } from '@rp/messaging';
import type { TenantGradebookContext } from '../tenant/tenant-context';
import { CanvasCourseReader } from './canvas-course.reader';
import type { ClassContextReader } from './class-context.reader';
import { GradeProcessor } from './grade.processor';

/** A Canvas with courses 5 and 6 (30 students each, one assignment each) that counts every REST call. */
function fakeCanvas(options: { failCourse?: number } = {}) {
  const calls: Record<string, number> = {};
  const count = (name: string, course: number) => {
    calls[name] = (calls[name] ?? 0) + 1;
    if (course === options.failCourse) throw new CanvasRetriableError('503 from Canvas', 'retry', { tenant: 'acme' });
  };
  const students = Array.from({ length: 30 }, (_, i) => 100 + i);
  const assignment = (course: number): CanvasAssignment => ({
    id: course * 10, name: `Essay ${course}`, course_id: course, assignment_group_id: 3, points_possible: 20, grading_type: 'points',
    due_at: '2026-11-20T18:00:00Z', published: true, workflow_state: 'published', submission_types: ['online_upload'], post_to_sis: true,
  });
  const submission = (course: number, user: number): CanvasSubmission => ({
    id: user, user_id: user, assignment_id: course * 10, score: user % 20, grade: String(user % 20), excused: false, attempt: 1,
    submitted_at: null, graded_at: '2026-11-21T10:00:00Z', workflow_state: 'graded', posted_at: '2026-11-21T10:00:00Z', late: false, missing: false,
  });
  const enrollment = (course: number, user: number) => ({
    user_id: user, sis_user_id: `stu-${user}`, course_section_id: course * 100, type: 'StudentEnrollment', enrollment_state: 'active',
    grades: { current_score: 80 + (user % 10), final_score: 70 }, override_score: null,
  }) as unknown as CanvasEnrollment;
  async function* list<T>(items: T[]) {
    yield* items;
  }
  const canvas = {
    getCourse: async (c: number) => (count('course', c), { id: c, sis_course_id: `class-${c}` }),
    listSections: (c: number) => (count('sections', c), list([{ id: c * 100, sis_section_id: `class-${c}` }])),
    listAssignmentGroups: (c: number) => (count('groups', c), list([{ id: 3, name: 'Homework' }])),
    getAssignment: async (c: number) => (count('assignment', c), assignment(c)),
    getSubmission: async (c: number, _a: number, u: number) => (count('submission', c), submission(c, u)),
    listAssignmentSubmissions: (c: number) => (count('submissions', c), list(students.map((u) => submission(c, u)))),
    listEnrollments: (scope: { course: number }, q: { user_id?: string }) => (count(q.user_id ? 'enrollment' : 'enrollments', scope.course),
      list(students.filter((u) => !q.user_id || String(u) === q.user_id).map((u) => enrollment(scope.course, u)))),
  };
  return { canvas, calls, students };
}

function setup(options: { failCourse?: number } = {}) {
  const { canvas, calls, students } = fakeCanvas(options);
  const ctx = { tenant: 'acme', settings: resolvePassbackSettings('acme', { courseGradeCategoryTitle: 'homework' }), canvas } as unknown as TenantGradebookContext;
  const ic = {
    classContext: async (_: unknown, classSourcedId: string) => ({
      classSourcedId, schoolSourcedId: 'school-1',
      categories: [{ sourcedId: 'cat-hw', status: 'active', dateLastModified: '2026-08-01T00:00:00Z', title: 'homework' }],
      gradingPeriods: [{ sourcedId: 'q2', title: 'Quarter 2', startDate: '2026-10-24', endDate: '2027-01-09' }],
    }),
  } as unknown as ClassContextReader;
  const publishes: GradebookWrite[][] = [];
  const processor = new GradeProcessor({
    tenants: { context: async () => ctx, activeTenants: async () => ['acme'] },
    repo: { recordOutcomes: async () => undefined, lineItemWritten: async () => true },
    publish: async (writes) => void publishes.push(writes),
    canvas: new CanvasCourseReader(60_000), ic, clock: () => new Date('2026-11-21T12:00:00Z'), concurrency: 4,
  });
  return { processor, calls, students, publishes };
}

const gradeEvent = (name: string, course: number, user: number, body: Record<string, unknown> = {}) => ({
  tenant: 'acme', eventName: name, eventTime: '2026-11-21T10:00:01Z',
  metadata: JSON.stringify({ event_name: name, event_time: '2026-11-21T10:00:01Z', context_type: 'Course', context_id: String(course) }),
  body: JSON.stringify({ assignment_id: String(course * 10), user_id: String(user), course_id: String(course), ...body }),
});
const burst = (courses: number[], students: number[]) => courses.flatMap((c) => students.flatMap((u) => [
  gradeEvent('grade_change', c, u), gradeEvent('submission_updated', c, u), gradeEvent('course_grade_change', c, u, { current_score: 81, final_score: 70 }),
]));

describe('GradeProcessor under a burst of grades', () => {
  it('reads each course, assignment, submission listing and enrollment listing once, not per grade, and sends every student\'s own score', async () => {
    const { processor, calls, students, publishes } = setup();
    await processor.handleEvents(burst([5, 6], students));
    // per course: course, sections, groups, assignment, submissions listing, one enrollments listing (students and totals)
    expect(calls).toEqual({ course: 2, sections: 2, groups: 2, assignment: 2, submissions: 2, enrollments: 2 });
    const results = publishes.flat().filter((w) => w.kind === 'result' && w.lineItemSourcedId === lineItemSourcedId('acme', '50'));
    expect(results).toHaveLength(30);
    const s7 = results.find((w) => w.sourcedId === resultSourcedId(lineItemSourcedId('acme', '50'), 'stu-107'))!;
    expect(JSON.parse(s7.record!)).toMatchObject({ score: 107 % 20 });
  });

  it('across batches keeps course facts, the assignment and the course overrides; each batch lists the submissions once', async () => {
    const { processor, calls, students, publishes } = setup();
    const events = (half: number[]) => half.flatMap((u) => [
      gradeEvent('grade_change', 5, u), gradeEvent('submission_updated', 5, u), gradeEvent('course_grade_change', 5, u, { current_score: 81, final_score: 70 }),
    ]);
    await processor.handleEvents(events(students.slice(0, 15)));
    await processor.handleEvents(events(students.slice(15)));
    expect(calls).toEqual({ course: 1, sections: 1, groups: 1, assignment: 1, submissions: 2, enrollments: 1 });
    const s3 = publishes.flat().find((w) => w.sourcedId === resultSourcedId(lineItemSourcedId('acme', '50'), 'stu-103'))!;
    expect(JSON.parse(s3.record!)).toMatchObject({ score: 103 % 20 });
  });

  it('reads one student\'s submission once for the two events of one grade', async () => {
    const { processor, calls, students } = setup();
    await processor.handleEvents([gradeEvent('grade_change', 5, students[0]), gradeEvent('submission_updated', 5, students[0])]);
    expect(calls.submission).toBe(1);
    expect(calls.submissions).toBeUndefined();
  });

  it('keeps an assignment read once across batches until an event says it changed', async () => {
    const { processor, calls, students } = setup();
    await processor.handleEvents([gradeEvent('grade_change', 5, students[0])]);
    await processor.handleEvents([gradeEvent('grade_change', 5, students[1])]);
    expect(calls.assignment).toBe(1);
    await processor.handleEvents([gradeEvent('assignment_updated', 5, 0, { context_type: 'Course', context_id: '5' })]);
    expect(calls.assignment).toBe(2);
  });

  it('publishes each course\'s decisions on their own, so a course Canvas fails on does not hold another\'s (and the batch is retried)', async () => {
    const { processor, students, publishes } = setup({ failCourse: 6 });
    await expect(processor.handleEvents(burst([6, 5], students.slice(0, 3)))).rejects.toBeInstanceOf(RetriableError);
    const courses = publishes.map((p) => new Set(p.map((w) => w.canvasCourseId)));
    expect(courses).toEqual([new Set(['5'])]);
    expect(publishes[0].filter((w) => w.kind === 'result' && w.lineItemSourcedId === lineItemSourcedId('acme', '50'))).toHaveLength(3);
  });
});
