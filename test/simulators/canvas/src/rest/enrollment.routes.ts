import type { Router } from '../http/router';
import { notFound, type AccountRequest } from '../http/types';
import { findCourse, findSection, findUser } from '../lookup';
import { paginate } from '../pagination';
import type { Enrollment } from '../state/model';
import { enrollmentJson } from './json';

function filterEnrollments(req: AccountRequest, scope: (e: Enrollment) => boolean) {
  const q = req.query;
  const types = q.getAll('type[]');
  const roles = q.getAll('role[]');
  const states = q.getAll('state[]');
  const sisUsers = q.getAll('sis_user_id[]');
  const sisSections = q.getAll('sis_section_id[]');
  const userRef = q.get('user_id');
  const userId = userRef ? findUser(req.account, userRef)?.id ?? -1 : undefined;
  const s = req.account;
  const list = [...s.enrollments.values()].filter((e) => scope(e) &&
    (types.length ? types.includes(e.type) : true) &&
    (roles.length ? roles.includes(e.role) : true) &&
    // default: active and invited only, like Canvas
    (states.length ? states.includes(e.workflowState) : e.workflowState === 'active' || e.workflowState === 'invited') &&
    (userId === undefined || e.userId === userId) &&
    (!sisUsers.length || sisUsers.includes(s.users.get(e.userId)?.sisId ?? '')) &&
    (!sisSections.length || sisSections.includes(s.sections.get(e.sectionId)?.sisId ?? '')));
  return paginate(list, req, (e) => enrollmentJson(s, e, req.baseUrl));
}

/** Enrollment listings (with grades for students) by course, section or user. */
export function registerEnrollmentRoutes(router: Router<AccountRequest>): void {
  router.get('/api/v1/courses/:id/enrollments', (req) => {
    const c = findCourse(req.account, req.params.id);
    return c ? filterEnrollments(req, (e) => e.courseId === c.id) : notFound();
  });
  router.get('/api/v1/sections/:id/enrollments', (req) => {
    const sec = findSection(req.account, req.params.id);
    return sec ? filterEnrollments(req, (e) => e.sectionId === sec.id) : notFound();
  });
  router.get('/api/v1/users/:id/enrollments', (req) => {
    const u = findUser(req.account, req.params.id);
    return u ? filterEnrollments(req, (e) => e.userId === u.id) : notFound();
  });
}
