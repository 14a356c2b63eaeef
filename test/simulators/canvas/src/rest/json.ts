import { iso } from '../clock';
import { computeCourseScores } from '../grades/course-scores';
import type { Account, Assignment, AssignmentGroup, Course, Enrollment, Section, Submission, Term, User } from '../state/model';
import type { RootAccountState } from '../state/root-account-state';

const t = (ms: number | null) => (ms === null ? null : iso(ms));
const COURSE_STATE = { claimed: 'unpublished', available: 'available', completed: 'completed', deleted: 'deleted' } as const;

export const accountJson = (s: RootAccountState, a: Account) => ({
  id: a.id, name: a.name, uuid: a.parentId === null ? s.uuid : `${s.uuid.slice(0, 32)}${a.id}`, parent_account_id: a.parentId, root_account_id: a.parentId === null ? null : 1,
  workflow_state: a.workflowState, default_time_zone: 'America/Denver', sis_account_id: a.sisId, integration_id: a.integrationId,
  sis_import_id: a.sisImportId,
});

export const termJson = (t0: Term) => ({
  id: t0.id, name: t0.name, start_at: t0.startAt, end_at: t0.endAt, workflow_state: t0.workflowState,
  sis_term_id: t0.sisId, sis_import_id: t0.sisImportId, integration_id: t0.integrationId, created_at: iso(t0.createdAt),
  grading_period_group_id: null,
});

export const courseJson = (s: RootAccountState, c: Course) => {
  const term = s.terms.get(c.termId);
  return {
    id: c.id, name: c.name, course_code: c.courseCode, uuid: c.uuid, account_id: c.accountId, root_account_id: 1,
    enrollment_term_id: c.termId, workflow_state: COURSE_STATE[c.workflowState], start_at: c.startAt, end_at: c.endAt,
    created_at: iso(c.createdAt), sis_course_id: c.sisId, integration_id: c.integrationId, sis_import_id: c.sisImportId,
    default_view: 'modules', is_public: false, grading_standard_id: null, apply_assignment_group_weights: false,
    restrict_enrollments_to_course_dates: Boolean(c.startAt || c.endAt), time_zone: 'America/Denver', blueprint: false,
    grade_passback_setting: null, term: term ? { id: term.id, name: term.name, start_at: term.startAt, end_at: term.endAt } : undefined,
  };
};

export const sectionJson = (s: RootAccountState, x: Section) => ({
  id: x.id, name: x.name, course_id: x.courseId, nonxlist_course_id: x.nonxlistCourseId, sis_section_id: x.sisId,
  sis_course_id: s.courses.get(x.courseId)?.sisId ?? null, integration_id: x.integrationId, sis_import_id: x.sisImportId,
  start_at: x.startAt, end_at: x.endAt, restrict_enrollments_to_section_dates: Boolean(x.startAt || x.endAt),
  created_at: iso(x.createdAt),
});

export const userJson = (u: User) => ({
  id: u.id, name: u.name, sortable_name: u.sortableName, short_name: u.shortName, sis_user_id: u.sisId,
  integration_id: u.integrationId, sis_import_id: u.sisImportId, login_id: u.loginId, created_at: iso(u.createdAt),
  email: u.email,
});

const STATE_OUT: Record<Enrollment['workflowState'], string> = {
  active: 'active', invited: 'invited', inactive: 'inactive', completed: 'completed', deleted: 'deleted',
};

export function enrollmentJson(s: RootAccountState, e: Enrollment, baseUrl: string) {
  const user = s.users.get(e.userId)!;
  const course = s.courses.get(e.courseId)!;
  const section = s.sections.get(e.sectionId)!;
  const json: Record<string, unknown> = {
    id: e.id, user_id: e.userId, course_id: e.courseId, course_section_id: e.sectionId, associated_user_id: e.associatedUserId,
    root_account_id: 1, type: e.type, role: e.role, role_id: ROLE_IDS[e.type], enrollment_state: STATE_OUT[e.workflowState],
    limit_privileges_to_course_section: e.limitPrivileges, start_at: e.startAt, end_at: e.endAt, created_at: iso(e.createdAt),
    updated_at: iso(e.updatedAt), last_activity_at: null, last_attended_at: null, total_activity_time: 0,
    sis_course_id: course.sisId, course_integration_id: course.integrationId, sis_section_id: section.sisId,
    section_integration_id: section.integrationId, sis_account_id: s.accounts.get(course.accountId)?.sisId ?? null,
    sis_user_id: user.sisId, sis_import_id: e.sisImportId, html_url: `${baseUrl}/courses/${e.courseId}/users/${e.userId}`,
    user: { id: user.id, name: user.name, sortable_name: user.sortableName, short_name: user.shortName, sis_user_id: user.sisId, integration_id: user.integrationId, login_id: user.loginId },
  };
  if (e.type === 'StudentEnrollment') {
    const scores = computeCourseScores(s, e.courseId, e.userId);
    json.grades = {
      html_url: `${baseUrl}/courses/${e.courseId}/grades/${e.userId}`,
      current_score: scores.current_score, final_score: scores.final_score, current_grade: null, final_grade: null,
      unposted_current_score: scores.unposted_current_score, unposted_final_score: scores.unposted_final_score,
      unposted_current_grade: null, unposted_final_grade: null,
    };
    json.override_score = e.overrideScore;
    json.override_grade = null;
  }
  return json;
}

export const ROLE_IDS: Record<Enrollment['type'], number> = {
  StudentEnrollment: 3, TeacherEnrollment: 4, TaEnrollment: 5, DesignerEnrollment: 6, ObserverEnrollment: 7,
};

export const assignmentGroupJson = (g: AssignmentGroup, assignments?: unknown[]) => ({
  id: g.id, name: g.name, position: g.position, group_weight: g.groupWeight, sis_source_id: g.sisSourceId,
  integration_data: g.integrationData ?? {}, rules: {}, ...(assignments ? { assignments } : {}),
});

export const assignmentJson = (s: RootAccountState, a: Assignment, baseUrl: string) => ({
  id: a.id, name: a.name, description: a.description, course_id: a.courseId, assignment_group_id: a.assignmentGroupId,
  position: a.position, points_possible: a.pointsPossible, grading_type: a.gradingType, grading_standard_id: null,
  due_at: a.dueAt, unlock_at: a.unlockAt, lock_at: a.lockAt, created_at: iso(a.createdAt), updated_at: iso(a.updatedAt),
  has_overrides: false, all_dates: null, submission_types: a.submissionTypes, published: a.workflowState === 'published',
  workflow_state: a.workflowState, omit_from_final_grade: a.omitFromFinalGrade, hide_in_gradebook: false,
  post_to_sis: a.postToSis, integration_id: a.integrationId, integration_data: {}, sis_assignment_id: a.sisAssignmentId,
  post_manually: a.postManually || (s.courses.get(a.courseId)?.postManually ?? false), muted: a.postManually,
  anonymous_grading: false, moderated_grading: false, grades_published_at: null,
  quiz_id: a.quizId ?? undefined, is_quiz_assignment: a.kind === 'quiz',
  discussion_topic: a.kind === 'discussion' ? { id: a.discussionTopicId, title: a.name, assignment_id: a.id } : undefined,
  html_url: `${baseUrl}/courses/${a.courseId}/assignments/${a.id}`,
  graded_submissions_exist: [...s.submissions.values()].some((x) => x.assignmentId === a.id && x.score !== null),
});

export const submissionJson = (s: RootAccountState, x: Submission, baseUrl: string) => {
  const a = s.assignments.get(x.assignmentId)!;
  const late = x.latePolicyStatus === 'late' || (x.latePolicyStatus === null && lateByDate(a, x));
  return {
    id: x.id, user_id: x.userId, assignment_id: x.assignmentId, score: x.score, grade: x.grade, excused: x.excused,
    entered_score: x.score, entered_grade: x.grade, attempt: x.attempt, submission_type: x.submissionType,
    submitted_at: t(x.submittedAt), graded_at: t(x.gradedAt), grader_id: x.graderId, workflow_state: x.workflowState,
    grade_matches_current_submission: true, late_policy_status: x.latePolicyStatus, points_deducted: null,
    cached_due_date: a.dueAt, extra_attempts: null, posted_at: t(x.postedAt), redo_request: false,
    custom_grade_status_id: null, late, missing: isMissing(a, x), seconds_late: late ? x.secondsLateOverride ?? 0 : 0,
    grading_period_id: null, url: null, body: null, sticker: null,
    preview_url: `${baseUrl}/courses/${a.courseId}/assignments/${a.id}/submissions/${x.userId}?preview=1`,
  };
};

export function lateByDate(a: Assignment, x: Submission): boolean {
  return a.dueAt !== null && x.submittedAt !== null && x.submittedAt > Date.parse(a.dueAt);
}

export function isMissing(a: Assignment, x: Submission): boolean {
  if (x.latePolicyStatus === 'missing') return true;
  if (x.latePolicyStatus !== null || x.excused || x.submittedAt !== null || x.score !== null) return false;
  return false; // Canvas infers missing from a past due date only once a due-date job runs; the simulator marks it explicitly
}
