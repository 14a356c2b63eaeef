import type { CanvasAssignment, CanvasEnrollment, CanvasSubmission } from '@rp/canvas';
import { lateAndMissing, type AssignmentSnapshot, type CanvasEnrollmentState, type CanvasSectionRef, type ClassBinding, type SubmissionSnapshot } from '@rp/mapping';

/** A Canvas course as the gradebook needs it: SIS id and sections with theirs. */
export interface CourseFacts {
  id: string;
  sisCourseId: string | null;
  sections: CanvasSectionRef[];
}

/** A student's enrollment in a course (one row per section). */
export interface StudentEnrollmentFact {
  canvasUserId: string;
  userSisId: string | null;
  sectionId: string;
  state: CanvasEnrollmentState;
}

/** Joins the REST assignment with its course and group name into the mapping's snapshot. */
export function toAssignmentSnapshot(a: CanvasAssignment, course: CourseFacts, groupName: string | null): AssignmentSnapshot {
  const types = a.submission_types ?? [];
  return {
    id: String(a.id),
    name: a.name,
    workflowState: a.workflow_state ?? (a.published ? 'published' : 'unpublished'),
    pointsPossible: a.points_possible,
    gradingType: a.grading_type,
    submissionTypes: types,
    dueAt: a.due_at,
    unlockAt: a.unlock_at ?? null,
    createdAt: (a as { created_at?: string }).created_at ?? null,
    assignmentGroupName: groupName,
    isGradedDiscussion: types.includes('discussion_topic') || !!a.discussion_topic,
    isQuiz: types.includes('online_quiz') || a.is_quiz_assignment === true,
    postToSis: typeof a.post_to_sis === 'boolean' ? a.post_to_sis : null,
    omitFromFinalGrade: a.omit_from_final_grade,
    courseId: course.id,
    sisCourseId: course.sisCourseId,
    sections: course.sections,
  };
}

/** The REST submission as the mapping's snapshot; `eventTime` is Canvas's time of the change being handled. */
export function toSubmissionSnapshot(s: CanvasSubmission, userSisId: string | null, eventTime: string): SubmissionSnapshot {
  return {
    assignmentId: String(s.assignment_id),
    canvasUserId: String(s.user_id),
    userSisId,
    score: s.score,
    grade: s.grade,
    excused: s.excused === true,
    ...lateAndMissing(s),
    workflowState: (s.workflow_state as SubmissionSnapshot['workflowState']) ?? 'unsubmitted',
    gradedAt: s.graded_at,
    submittedAt: s.submitted_at,
    postedAt: s.posted_at,
    canvasEventTime: eventTime,
  };
}

/** Canvas time of the latest change visible on a submission (reconciliation has no event time). */
export function submissionChangeTime(s: CanvasSubmission, fallback: string): string {
  const times = [s.graded_at, s.posted_at, s.submitted_at].filter((t): t is string => !!t).map((t) => Date.parse(t));
  return times.length > 0 ? new Date(Math.max(...times)).toISOString() : fallback;
}

/** Student enrollment rows of a course listing. */
export function toStudentEnrollments(rows: CanvasEnrollment[]): StudentEnrollmentFact[] {
  return rows
    .filter((e) => e.type === 'StudentEnrollment')
    .map((e) => ({ canvasUserId: String(e.user_id), userSisId: e.sis_user_id ?? null, sectionId: String(e.course_section_id), state: e.enrollment_state }));
}

/** A student's course totals and Final Grade Override as the enrollments API reports them. */
export interface CourseGradeFacts {
  currentScore: number | null;
  finalScore: number | null;
  overrideScore: number | null;
  overrideGrade: string | null;
}

/**
 * The student's course totals from their enrollment rows (several sections share one score row, so any row with
 * grades will do; the most active is taken); null when the student has no student enrollment in the course.
 */
export function toCourseGradeFacts(rows: CanvasEnrollment[], canvasUserId: string): CourseGradeFacts | null {
  const own = rows
    .filter((e) => e.type === 'StudentEnrollment' && String(e.user_id) === canvasUserId)
    .sort((a, b) => STATE_RANK.indexOf(a.enrollment_state) - STATE_RANK.indexOf(b.enrollment_state));
  const row = own[0];
  if (!row) return null;
  const score = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return {
    currentScore: score(row.grades?.current_score), finalScore: score(row.grades?.final_score),
    overrideScore: score(row.override_score), overrideGrade: row.override_grade?.trim() || null,
  };
}

const STATE_RANK: CanvasEnrollmentState[] = ['active', 'invited', 'creation_pending', 'completed', 'inactive', 'rejected', 'deleted'];

/**
 * The student's enrollment state in the class: in the whole course (course binding) or in the section carrying the
 * class SIS id (section binding). With several rows the most active one counts; null when not enrolled at all.
 */
export function enrollmentStateIn(
  enrollments: StudentEnrollmentFact[],
  canvasUserId: string,
  binding: ClassBinding | null,
  course: CourseFacts,
): { state: CanvasEnrollmentState | null; userSisId: string | null } {
  const sectionIds = binding?.via === 'section' ? new Set(course.sections.filter((s) => s.sisSectionId === binding.classSourcedId).map((s) => s.id)) : null;
  const rows = enrollments.filter((e) => e.canvasUserId === canvasUserId && (!sectionIds || sectionIds.has(e.sectionId)));
  const userSisId = enrollments.find((e) => e.canvasUserId === canvasUserId)?.userSisId ?? null;
  if (rows.length === 0) return { state: null, userSisId };
  const best = rows.map((r) => r.state).sort((a, b) => STATE_RANK.indexOf(a) - STATE_RANK.indexOf(b))[0];
  return { state: best, userSisId };
}
