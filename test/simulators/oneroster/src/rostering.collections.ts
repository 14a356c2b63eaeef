import type { ClassRecord, EnrollmentRecord, UserRecord } from '@rp/fixtures';
import { RosterStore } from './roster-store';
import { demographicsToWire } from './demographics';
import { servedVerbatim } from './raw-wire';
import {
  classToWire, courseToWire, enrollmentToWire, orgToWire, sessionToWire, userToWire, Wire, WireContext,
} from './serialize';

export type EntityName = 'org' | 'academicSession' | 'course' | 'class' | 'user' | 'enrollment' | 'demographics';

export interface RosterRoute {
  pattern: string;
  entity: EntityName;
  /** `core`: roster-core.readonly or roster.readonly; `full`: roster.readonly only; `demographics`: roster-demographics.readonly. */
  scope: 'core' | 'full' | 'demographics';
  /** Response body key. */
  key: string;
  /** Collection: the records, or undefined when a parent in the path is unknown (404). */
  list?: (store: RosterStore, p: Record<string, string>) => unknown[] | undefined;
  /** Single read. */
  one?: (store: RosterStore, id: string) => unknown | undefined;
}

export const TO_WIRE: Record<EntityName, (r: never, ctx: WireContext) => Wire> = {
  org: servedVerbatim(orgToWire), academicSession: servedVerbatim(sessionToWire), course: servedVerbatim(courseToWire),
  class: servedVerbatim(classToWire), user: servedVerbatim(userToWire), enrollment: servedVerbatim(enrollmentToWire),
  demographics: demographicsToWire,
};

const hasRole = (u: UserRecord, role: string) => u.roles.some((r) => r.role === role);
const isSchool = (s: RosterStore, id: string) => s.get('orgs', id)?.type === 'school';
const activeEnrollments = (s: RosterStore) =>
  s.groupBy('enrollments', 'byClass', (e) => (e.status === 'active' ? [e.classSourcedId] : []));
const enrollmentsByUser = (s: RosterStore) =>
  s.groupBy('enrollments', 'byUser', (e) => (e.status === 'active' ? [e.userSourcedId] : []));

function usersInClass(s: RosterStore, classId: string, role: 'student' | 'teacher'): UserRecord[] | undefined {
  if (!s.get('classes', classId)) return undefined;
  const ids = new Set((activeEnrollments(s).get(classId) ?? []).filter((e) => e.role === role).map((e) => e.userSourcedId));
  return [...ids].map((id) => s.get('users', id)).filter((u): u is UserRecord => !!u);
}

function classesOfUser(s: RosterStore, userId: string, role?: string): ClassRecord[] | undefined {
  const user = s.get('users', userId);
  if (!user || (role && !hasRole(user, role))) return undefined;
  const ids = new Set((enrollmentsByUser(s).get(userId) ?? []).map((e) => e.classSourcedId));
  return [...ids].map((id) => s.get('classes', id)).filter((c): c is ClassRecord => !!c);
}

function classInSchool(s: RosterStore, p: Record<string, string>): boolean {
  return s.get('classes', p.classSourcedId)?.schoolSourcedId === p.schoolSourcedId;
}

const sessionsOfType = (s: RosterStore, type: string) => s.memo(`sessions:${type}`, () => s.all('academicSessions').filter((a) => a.type === type));
const usersWithRole = (s: RosterStore, role: string) => s.memo(`users:${role}`, () => s.all('users').filter((u) => hasRole(u, role)));
const usersOfSchool = (s: RosterStore, role: string, school: string) =>
  isSchool(s, school) ? usersWithRole(s, role).filter((u) => u.roles.some((r) => r.role === role && r.orgSourcedId === school)) : undefined;

/** The 41 rostering operations of OAS-R. */
export const ROSTER_ROUTES: RosterRoute[] = [
  { pattern: '/academicSessions', entity: 'academicSession', scope: 'core', key: 'academicSessions', list: (s) => s.all('academicSessions') },
  { pattern: '/academicSessions/:id', entity: 'academicSession', scope: 'core', key: 'academicSession', one: (s, id) => s.get('academicSessions', id) },
  { pattern: '/terms', entity: 'academicSession', scope: 'core', key: 'academicSessions', list: (s) => sessionsOfType(s, 'term') },
  { pattern: '/terms/:id', entity: 'academicSession', scope: 'core', key: 'academicSession', one: (s, id) => sessionsOfType(s, 'term').find((t) => t.sourcedId === id) },
  { pattern: '/gradingPeriods', entity: 'academicSession', scope: 'core', key: 'academicSessions', list: (s) => sessionsOfType(s, 'gradingPeriod') },
  { pattern: '/gradingPeriods/:id', entity: 'academicSession', scope: 'core', key: 'academicSession', one: (s, id) => sessionsOfType(s, 'gradingPeriod').find((t) => t.sourcedId === id) },
  { pattern: '/orgs', entity: 'org', scope: 'core', key: 'orgs', list: (s) => s.all('orgs') },
  { pattern: '/orgs/:id', entity: 'org', scope: 'core', key: 'org', one: (s, id) => s.get('orgs', id) },
  { pattern: '/schools', entity: 'org', scope: 'core', key: 'orgs', list: (s) => s.memo('schools', () => s.all('orgs').filter((o) => o.type === 'school')) },
  { pattern: '/schools/:id', entity: 'org', scope: 'core', key: 'org', one: (s, id) => (isSchool(s, id) ? s.get('orgs', id) : undefined) },
  { pattern: '/courses', entity: 'course', scope: 'core', key: 'courses', list: (s) => s.all('courses') },
  { pattern: '/courses/:id', entity: 'course', scope: 'core', key: 'course', one: (s, id) => s.get('courses', id) },
  { pattern: '/classes', entity: 'class', scope: 'core', key: 'classes', list: (s) => s.all('classes') },
  { pattern: '/classes/:id', entity: 'class', scope: 'core', key: 'class', one: (s, id) => s.get('classes', id) },
  { pattern: '/users', entity: 'user', scope: 'core', key: 'users', list: (s) => s.all('users') },
  { pattern: '/users/:id', entity: 'user', scope: 'core', key: 'user', one: (s, id) => s.get('users', id) },
  { pattern: '/students', entity: 'user', scope: 'core', key: 'users', list: (s) => usersWithRole(s, 'student') },
  { pattern: '/students/:id', entity: 'user', scope: 'core', key: 'user', one: (s, id) => { const u = s.get('users', id); return u && hasRole(u, 'student') ? u : undefined; } },
  { pattern: '/teachers', entity: 'user', scope: 'core', key: 'users', list: (s) => usersWithRole(s, 'teacher') },
  { pattern: '/teachers/:id', entity: 'user', scope: 'core', key: 'user', one: (s, id) => { const u = s.get('users', id); return u && hasRole(u, 'teacher') ? u : undefined; } },
  { pattern: '/enrollments', entity: 'enrollment', scope: 'core', key: 'enrollments', list: (s) => s.all('enrollments') },
  { pattern: '/enrollments/:id', entity: 'enrollment', scope: 'core', key: 'enrollment', one: (s, id) => s.get('enrollments', id) },
  { pattern: '/demographics', entity: 'demographics', scope: 'demographics', key: 'demographics', list: (s) => usersWithRole(s, 'student') },
  { pattern: '/demographics/:id', entity: 'demographics', scope: 'demographics', key: 'demographics', one: (s, id) => usersWithRole(s, 'student').find((u) => u.sourcedId === id) },
  { pattern: '/classes/:classSourcedId/students', entity: 'user', scope: 'full', key: 'users', list: (s, p) => usersInClass(s, p.classSourcedId, 'student') },
  { pattern: '/classes/:classSourcedId/teachers', entity: 'user', scope: 'full', key: 'users', list: (s, p) => usersInClass(s, p.classSourcedId, 'teacher') },
  { pattern: '/courses/:courseSourcedId/classes', entity: 'class', scope: 'full', key: 'classes', list: (s, p) => (s.get('courses', p.courseSourcedId) ? s.groupBy('classes', 'byCourse', (c) => [c.courseSourcedId]).get(p.courseSourcedId) ?? [] : undefined) },
  { pattern: '/schools/:schoolSourcedId/classes', entity: 'class', scope: 'full', key: 'classes', list: (s, p) => (isSchool(s, p.schoolSourcedId) ? s.groupBy('classes', 'bySchool', (c) => [c.schoolSourcedId]).get(p.schoolSourcedId) ?? [] : undefined) },
  { pattern: '/schools/:schoolSourcedId/courses', entity: 'course', scope: 'full', key: 'courses', list: (s, p) => (isSchool(s, p.schoolSourcedId) ? s.groupBy('courses', 'byOrg', (c) => [c.orgSourcedId]).get(p.schoolSourcedId) ?? [] : undefined) },
  { pattern: '/schools/:schoolSourcedId/enrollments', entity: 'enrollment', scope: 'full', key: 'enrollments', list: (s, p) => (isSchool(s, p.schoolSourcedId) ? s.groupBy('enrollments', 'bySchool', (e) => [e.schoolSourcedId]).get(p.schoolSourcedId) ?? [] : undefined) },
  { pattern: '/schools/:schoolSourcedId/students', entity: 'user', scope: 'full', key: 'users', list: (s, p) => usersOfSchool(s, 'student', p.schoolSourcedId) },
  { pattern: '/schools/:schoolSourcedId/teachers', entity: 'user', scope: 'full', key: 'users', list: (s, p) => usersOfSchool(s, 'teacher', p.schoolSourcedId) },
  { pattern: '/schools/:schoolSourcedId/terms', entity: 'academicSession', scope: 'full', key: 'academicSessions', list: (s, p) => (isSchool(s, p.schoolSourcedId) ? sessionsOfType(s, 'term').filter((t) => t.schoolSourcedId === p.schoolSourcedId) : undefined) },
  { pattern: '/schools/:schoolSourcedId/classes/:classSourcedId/enrollments', entity: 'enrollment', scope: 'full', key: 'enrollments', list: (s, p) => (classInSchool(s, p) ? s.groupBy('enrollments', 'allByClass', (e: EnrollmentRecord) => [e.classSourcedId]).get(p.classSourcedId) ?? [] : undefined) },
  { pattern: '/schools/:schoolSourcedId/classes/:classSourcedId/students', entity: 'user', scope: 'full', key: 'users', list: (s, p) => (classInSchool(s, p) ? usersInClass(s, p.classSourcedId, 'student') : undefined) },
  { pattern: '/schools/:schoolSourcedId/classes/:classSourcedId/teachers', entity: 'user', scope: 'full', key: 'users', list: (s, p) => (classInSchool(s, p) ? usersInClass(s, p.classSourcedId, 'teacher') : undefined) },
  { pattern: '/students/:studentSourcedId/classes', entity: 'class', scope: 'full', key: 'classes', list: (s, p) => classesOfUser(s, p.studentSourcedId, 'student') },
  { pattern: '/teachers/:teacherSourcedId/classes', entity: 'class', scope: 'full', key: 'classes', list: (s, p) => classesOfUser(s, p.teacherSourcedId, 'teacher') },
  { pattern: '/users/:userSourcedId/classes', entity: 'class', scope: 'full', key: 'classes', list: (s, p) => classesOfUser(s, p.userSourcedId) },
  { pattern: '/terms/:termSourcedId/classes', entity: 'class', scope: 'full', key: 'classes', list: (s, p) => (sessionsOfType(s, 'term').some((t) => t.sourcedId === p.termSourcedId) ? s.groupBy('classes', 'byTerm', (c) => c.termSourcedIds).get(p.termSourcedId) ?? [] : undefined) },
  { pattern: '/terms/:termSourcedId/gradingPeriods', entity: 'academicSession', scope: 'full', key: 'academicSessions', list: (s, p) => (sessionsOfType(s, 'term').some((t) => t.sourcedId === p.termSourcedId) ? sessionsOfType(s, 'gradingPeriod').filter((g) => g.parentSourcedId === p.termSourcedId) : undefined) },
];
