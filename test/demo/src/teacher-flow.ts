import type { District } from '@rp/fixtures';
import type { CanvasSimulator } from '@rp/sim-canvas';
import type { OneRosterSimulator } from '@rp/sim-oneroster';
import { DEMO_TENANT } from './demo-stack';

export interface TeacherFlowResult {
  className: string;
  assignment: string;
  graded: number;
  /** Writes the IC simulator accepted (2xx) for this flow: the lineItem and the results. */
  lineItemsWritten: number;
  resultsWritten: number;
  /** sourcedIds of the results IC accepted (the demo links the first one's trace). */
  resultIds: string[];
  seconds: number;
}

/**
 * What a teacher does in Canvas, so the demo shows grade passback: in a class with students, an assignment due in
 * the school's current grading period, in the group named like the class's IC category, graded for three students.
 */
export async function runTeacherFlow(
  district: District,
  canvas: CanvasSimulator,
  ic: OneRosterSimulator,
  now = new Date(),
  timeoutMs = 60_000,
): Promise<TeacherFlowResult> {
  const today = now.toISOString().slice(0, 10);
  const currentPeriod = (school: string) =>
    district.academicSessions.find((s) => s.type === 'gradingPeriod' && s.schoolSourcedId === school && s.startDate <= today && today < s.endDate);
  const studentsOf = (klass: string) =>
    district.enrollments.filter((e) => e.classSourcedId === klass && e.role === 'student' && e.status === 'active').map((e) => e.userSourcedId);
  const klass = district.classes.find((c) => c.status === 'active' && currentPeriod(c.schoolSourcedId) && studentsOf(c.sourcedId).length >= 3);
  if (!klass) throw new Error('the generated district has no class with students in a current grading period');
  const category = district.categories.find((c) => c.classSourcedId === klass.sourcedId) ?? district.categories[0];
  const period = currentPeriod(klass.schoolSourcedId)!;
  const teacher = canvas.account(DEMO_TENANT);
  const course = `sis_course_id:${klass.sourcedId}`;
  const group = teacher.createAssignmentGroup(course, { name: category.title });
  const dueAt = new Date(`${period.endDate}T00:00:00Z`);
  dueAt.setUTCDate(dueAt.getUTCDate() - 2);
  const assignment = teacher.createAssignment(course, {
    name: 'Demo essay', pointsPossible: 20, dueAt: dueAt.toISOString(), postToSis: true, published: true, assignmentGroupId: group.id,
  });
  const before = ic.admin.gradebookWrites().length;
  const students = studentsOf(klass.sourcedId).slice(0, 3);
  students.forEach((s, i) => teacher.grade(course, assignment.id, `sis_user_id:${s}`, { score: 15 + i }));
  const started = Date.now();
  let writes = ic.admin.gradebookWrites().slice(before);
  const ok = (kind: string) => writes.filter((w) => w.kind === kind && w.status < 300).length;
  while (ok('results') < students.length && Date.now() - started < timeoutMs) {
    await new Promise((r) => setTimeout(r, 250));
    writes = ic.admin.gradebookWrites().slice(before);
  }
  return {
    className: klass.title,
    assignment: assignment.name,
    graded: students.length,
    lineItemsWritten: ok('lineItems'),
    resultsWritten: ok('results'),
    resultIds: writes.filter((w) => w.kind === 'results' && w.status < 300).map((w) => w.sourcedId),
    seconds: (Date.now() - started) / 1000,
  };
}
