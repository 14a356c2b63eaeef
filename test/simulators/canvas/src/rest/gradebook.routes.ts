import type { Router } from '../http/router';
import { json, notFound, type AccountRequest } from '../http/types';
import { findAssignment, findCourse, findUser } from '../lookup';
import { paginate } from '../pagination';
import type { Submission } from '../state/model';
import { assignmentGroupJson, assignmentJson, submissionJson } from './json';

/** Assignments, assignment groups and submissions (incl. the bulk graded_since poll). */
export function registerGradebookRoutes(router: Router<AccountRequest>): void {
  const s = (req: AccountRequest) => req.account;
  const liveAssignments = (req: AccountRequest, courseId: number) =>
    [...s(req).assignments.values()].filter((a) => a.courseId === courseId && a.workflowState !== 'deleted')
      .sort((a, b) => a.position - b.position || a.id - b.id);

  router.get('/api/v1/courses/:id/assignments', (req) => {
    const c = findCourse(s(req), req.params.id);
    if (!c) return notFound();
    const ids = req.query.getAll('assignment_ids[]').map(Number);
    const postToSis = req.query.get('post_to_sis');
    const list = liveAssignments(req, c.id).filter((a) => (!ids.length || ids.includes(a.id)) &&
      (postToSis === null || a.postToSis === (postToSis === 'true')));
    return paginate(list, req, (a) => assignmentJson(s(req), a, req.baseUrl));
  });
  router.get('/api/v1/courses/:course_id/assignments/:id', (req) => {
    const c = findCourse(s(req), req.params.course_id);
    const a = c && findAssignment(s(req), c, req.params.id);
    return a ? json(assignmentJson(s(req), a, req.baseUrl)) : notFound();
  });
  router.get('/api/v1/courses/:id/assignment_groups', (req) => {
    const c = findCourse(s(req), req.params.id);
    if (!c) return notFound();
    const withAssignments = req.query.getAll('include[]').includes('assignments');
    const groups = [...s(req).assignmentGroups.values()].filter((g) => g.courseId === c.id && g.workflowState !== 'deleted')
      .sort((a, b) => a.position - b.position);
    return paginate(groups, req, (g) => assignmentGroupJson(g, withAssignments
      ? liveAssignments(req, c.id).filter((a) => a.assignmentGroupId === g.id).map((a) => assignmentJson(s(req), a, req.baseUrl))
      : undefined));
  });
  router.get('/api/v1/courses/:course_id/assignments/:id/submissions', (req) => {
    const c = findCourse(s(req), req.params.course_id);
    const a = c && findAssignment(s(req), c, req.params.id);
    if (!a) return notFound();
    const subs = [...s(req).submissions.values()].filter((x) => x.assignmentId === a.id);
    return paginate(subs, req, (x) => submissionJson(s(req), x, req.baseUrl));
  });
  router.get('/api/v1/courses/:course_id/assignments/:id/submissions/:user_id', (req) => {
    const c = findCourse(s(req), req.params.course_id);
    const a = c && findAssignment(s(req), c, req.params.id);
    const u = findUser(s(req), req.params.user_id);
    const sub = a && u && [...s(req).submissions.values()].find((x) => x.assignmentId === a.id && x.userId === u.id);
    return sub ? json(submissionJson(s(req), sub, req.baseUrl)) : notFound();
  });
  router.get('/api/v1/courses/:id/students/submissions', (req) => {
    const c = findCourse(s(req), req.params.id);
    if (!c) return notFound();
    return paginate(bulkSubmissions(req, c.id), req, (x) => submissionJson(s(req), x, req.baseUrl));
  });
}

/** The reconciliation poll: student_ids[], assignment_ids[], graded_since, submitted_since, post_to_sis, order=graded_at. */
function bulkSubmissions(req: AccountRequest, courseId: number): Submission[] {
  const st = req.account;
  const q = req.query;
  const studentRefs = q.getAll('student_ids[]');
  const studentIds = studentRefs.includes('all') || !studentRefs.length ? null : new Set(studentRefs.map((r) => findUser(st, r)?.id));
  const assignmentIds = q.getAll('assignment_ids[]').map(Number);
  const gradedSince = q.get('graded_since') ? Date.parse(q.get('graded_since')!) : null;
  const submittedSince = q.get('submitted_since') ? Date.parse(q.get('submitted_since')!) : null;
  const postToSis = q.get('post_to_sis') === 'true';
  const workflow = q.get('workflow_state');
  const enrollmentState = q.get('enrollment_state');
  const studentEnrollments = st.enrollmentsOf({ courseId }).filter((e) => e.type === 'StudentEnrollment' &&
    (enrollmentState === 'concluded' ? e.workflowState === 'completed' : enrollmentState === 'active' ? e.workflowState === 'active' : e.workflowState !== 'deleted') &&
    (!postToSis || e.sisSourceId !== null));
  const students = new Set(studentEnrollments.map((e) => e.userId));
  const list = [...st.submissions.values()].filter((x) => {
    const a = st.assignments.get(x.assignmentId)!;
    return a.courseId === courseId && a.workflowState !== 'deleted' && students.has(x.userId) &&
      (!studentIds || studentIds.has(x.userId)) && (!assignmentIds.length || assignmentIds.includes(a.id)) &&
      (gradedSince === null || (x.gradedAt !== null && x.gradedAt >= gradedSince)) &&
      (submittedSince === null || (x.submittedAt !== null && x.submittedAt >= submittedSince)) &&
      (!postToSis || a.postToSis) && (!workflow || x.workflowState === workflow);
  });
  if (q.get('order') === 'graded_at') {
    list.sort((a, b) => (a.gradedAt ?? 0) - (b.gradedAt ?? 0));
    if (q.get('order_direction') === 'descending') list.reverse();
  }
  return list;
}
