import { iso } from '../clock';
import type { CourseScores } from '../grades/course-scores';
import { isMissing, lateByDate } from '../rest/json';
import type { Assignment, AssignmentGroup, Submission, User } from '../state/model';
import type { RootAccountState } from '../state/root-account-state';

const t = (ms: number | null) => (ms === null ? null : iso(ms));

/** Event bodies in Canvas format (S-LE field lists; which ids are global vs local follows the examples). */
export const assignmentBody = (s: RootAccountState, a: Assignment) => {
  const course = s.courses.get(a.courseId)!;
  return {
    assignment_id: s.globalId(a.id), context_id: s.globalId(a.courseId), context_uuid: course.uuid, context_type: 'Course',
    assignment_group_id: s.globalId(a.assignmentGroupId), workflow_state: a.workflowState, title: a.name,
    description: a.description?.slice(0, 8192) ?? null, due_at: a.dueAt, unlock_at: a.unlockAt, lock_at: a.lockAt,
    updated_at: iso(a.updatedAt), points_possible: a.pointsPossible, submission_types: a.submissionTypes.join(','),
    lti_assignment_id: `${course.uuid.slice(0, 8)}-${a.id}`, lti_resource_link_id: null, domain: s.hostname,
    created_on_blueprint_sync: false,
  };
};

export const assignmentGroupBody = (g: AssignmentGroup) => ({
  assignment_group_id: String(g.id), context_id: String(g.courseId), context_type: 'Course', name: g.name,
  position: g.position, group_weight: g.groupWeight, sis_source_id: g.sisSourceId, integration_data: g.integrationData,
  rules: g.rules, workflow_state: g.workflowState,
});

export interface GradeSnapshot {
  grade: string | null;
  score: number | null;
  pointsPossible: number;
}

export const gradeChangeBody = (
  s: RootAccountState, a: Assignment, sub: Submission, student: User, before: GradeSnapshot, graderId: number | null,
) => ({
  submission_id: s.globalId(sub.id), assignment_id: s.globalId(a.id), assignment_name: a.name,
  grade: sub.grade, old_grade: before.grade, score: sub.score, old_score: before.score,
  points_possible: a.pointsPossible, old_points_possible: before.pointsPossible,
  grader_id: graderId === null ? null : s.globalId(graderId), student_id: s.globalId(student.id), student_sis_id: student.sisId,
  user_id: s.globalId(student.id), grading_complete: sub.workflowState === 'graded' || sub.excused, muted: sub.postedAt === null,
});

export const submissionBody = (s: RootAccountState, a: Assignment, sub: Submission) => ({
  submission_id: s.globalId(sub.id), assignment_id: s.globalId(a.id), user_id: s.globalId(sub.userId),
  submitted_at: t(sub.submittedAt), graded_at: t(sub.gradedAt), updated_at: iso(sub.updatedAt), score: sub.score,
  grade: sub.grade, submission_type: sub.submissionType, body: null, url: null, attempt: sub.attempt,
  late: sub.latePolicyStatus === 'late' || (sub.latePolicyStatus === null && lateByDate(a, sub)), missing: isMissing(a, sub),
  lti_user_id: null, lti_assignment_id: `${s.courses.get(a.courseId)!.uuid.slice(0, 8)}-${a.id}`, group_id: null,
  posted_at: t(sub.postedAt), workflow_state: sub.workflowState,
});

export const courseGradeChangeBody = (
  userId: number, courseId: number, createdAt: number, at: number, before: CourseScores, after: CourseScores,
) => ({
  user_id: String(userId), course_id: String(courseId), workflow_state: 'active', created_at: iso(createdAt), updated_at: iso(at),
  current_score: after.current_score, old_current_score: before.current_score,
  final_score: after.final_score, old_final_score: before.final_score,
  unposted_current_score: after.unposted_current_score, old_unposted_current_score: before.unposted_current_score,
  unposted_final_score: after.unposted_final_score, old_unposted_final_score: before.unposted_final_score,
});
