import { lineItemSourcedId, resultSourcedId } from '@rp/mapping';
import type { CanvasSimulator } from '@rp/sim-canvas';
import type { DistrictSetup } from '../support';

/** One tenant's district with its own Canvas instance (one root account each, as in production). */
export interface TenantSetup {
  setup: DistrictSetup;
  canvas: CanvasSimulator;
}

/** A graded cell: the IC result it must end as, with its score. */
export interface ExpectedResult {
  tenant: string;
  resultId: string;
  score: number;
}

const studentsOf = (setup: DistrictSetup, classId: string) => setup.district.enrollments
  .filter((e) => e.classSourcedId === classId && e.role === 'student' && e.status === 'active').map((e) => e.userSourcedId);

/**
 * Prepares a passback burst in one tenant: in its largest active class (already provisioned into Canvas by the full
 * sync) a "Sync to SIS" assignment in a group named after one of the class's IC categories, due in the school's first
 * grading period. Returns the assignment's IC lineItem id and a `grade()` that scores up to `maxStudents` students
 * (distinct, deterministic scores) and says what IC must end with.
 */
export function prepareGrading(t: TenantSetup, maxStudents: number): { lineItem: string; grade: () => ExpectedResult[] } {
  const { setup, canvas } = t;
  const d = setup.district;
  const graded = (id: string) => d.categories.some((c) => c.classSourcedId === id);
  const klass = d.classes.filter((c) => c.status === 'active' && graded(c.sourcedId))
    .sort((a, b) => studentsOf(setup, b.sourcedId).length - studentsOf(setup, a.sourcedId).length)[0];
  const category = d.categories.find((c) => c.classSourcedId === klass.sourcedId)!;
  const period = d.academicSessions
    .filter((s) => s.type === 'gradingPeriod' && s.schoolSourcedId === klass.schoolSourcedId)
    .sort((a, b) => a.startDate.localeCompare(b.startDate))[0];
  const dueAt = new Date(Date.parse(period.startDate) + 5 * 86_400_000 + 18 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const teacher = canvas.admin.account(setup.tenant);
  const course = `sis_course_id:${klass.sourcedId}`;
  const group = teacher.createAssignmentGroup(course, { name: category.title });
  const assignment = teacher.createAssignment(course, { name: `Unit test ${klass.classCode}`.slice(0, 40), pointsPossible: 20, dueAt, postToSis: true, assignmentGroupId: group.id });
  const lineItem = lineItemSourcedId(setup.tenant, String(assignment.id));
  const students = studentsOf(setup, klass.sourcedId).slice(0, maxStudents);
  return {
    lineItem,
    grade: () => students.map((student, i) => {
      const score = (i % 20) + 1;
      teacher.grade(course, assignment.id, `sis_user_id:${student}`, { score });
      return { tenant: setup.tenant, resultId: resultSourcedId(lineItem, student), score };
    }),
  };
}

/** Successful result PUTs IC received for a tenant, in order. */
export function resultPuts(setup: DistrictSetup): { sourcedId: string; score: number | undefined; seq: number }[] {
  return setup.ic.admin.gradebookWrites()
    .filter((w) => w.kind === 'results' && w.method === 'PUT' && w.status < 300)
    .map((w) => ({ sourcedId: w.sourcedId, score: (w.body as { result: { score?: number } }).result.score, seq: w.seq }));
}

/** True once the lineItem PUT reached IC. */
export function hasLineItem(setup: DistrictSetup, lineItem: string): boolean {
  return setup.ic.admin.gradebookWrites().some((w) => w.kind === 'lineItems' && w.method === 'PUT' && w.status < 300 && w.sourcedId === lineItem);
}
