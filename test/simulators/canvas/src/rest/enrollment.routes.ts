import type { Router } from '../http/router';
import { notFound, type AccountRequest } from '../http/types';
import { findCourse, findSection, findUser } from '../lookup';
import { paginate } from '../pagination';
import type { Enrollment, EnrollmentState } from '../state/model';
import { enrollmentJson } from './json';

/**
 * `state[]` as Canvas documents it: `active`, `invited`, `creation_pending`, `deleted`, `rejected`, `completed`,
 * `inactive`; on user queries also `current_and_invited`, `current_and_future`, `current_and_concluded`; none →
 * active and invited. (The simulator has no creation_pending or rejected enrollments: those match nothing.)
 */
export function enrollmentStatesOf(requested: readonly string[], userQuery: boolean): Set<EnrollmentState> {
  if (requested.length === 0) return new Set<EnrollmentState>(['active', 'invited']);
  const states = new Set<EnrollmentState>();
  const groups: Record<string, EnrollmentState[]> = userQuery
    ? { current_and_invited: ['active', 'invited'], current_and_future: ['active', 'invited'], current_and_concluded: ['active', 'completed'] }
    : {};
  for (const state of requested) {
    for (const s of groups[state] ?? []) states.add(s);
    if (state === 'active' || state === 'invited' || state === 'inactive' || state === 'completed' || state === 'deleted') states.add(state);
  }
  return states;
}

function filterEnrollments(req: AccountRequest, scope: (e: Enrollment) => boolean, userQuery = false) {
  const q = req.query;
  const types = q.getAll('type[]');
  const roles = q.getAll('role[]');
  const states = enrollmentStatesOf(q.getAll('state[]'), userQuery);
  const sisUsers = q.getAll('sis_user_id[]');
  const sisSections = q.getAll('sis_section_id[]');
  const userRef = q.get('user_id');
  const userId = userRef ? findUser(req.account, userRef)?.id ?? -1 : undefined;
  const s = req.account;
  const list = [...s.enrollments.values()].filter((e) => scope(e) &&
    (types.length ? types.includes(e.type) : true) &&
    (roles.length ? roles.includes(e.role) : true) &&
    states.has(e.workflowState) &&
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
    return u ? filterEnrollments(req, (e) => e.userId === u.id, true) : notFound();
  });
}
