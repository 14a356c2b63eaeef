import type { District } from '@rp/fixtures';
import type { AcademicSession, Class, Course, Enrollment, Org, User } from '@rp/oneroster';

type Ref<T extends string> = { sourcedId: string; type: T };
const ref = <T extends string>(type: T, sourcedId: string): Ref<T> => ({ sourcedId, type });
const base = (r: { sourcedId: string; status: 'active' | 'tobedeleted'; dateLastModified: string }) => ({
  sourcedId: r.sourcedId, status: r.status, dateLastModified: r.dateLastModified,
});

/** A generated district (`@rp/fixtures`) as the normalised OneRoster records the extractor publishes. */
export function oneRosterRecords(d: District) {
  const orgs: Org[] = d.orgs.map((o) => ({
    ...base(o), name: o.name, type: o.type, identifier: o.identifier,
    ...(o.parentSourcedId ? { parent: ref('org', o.parentSourcedId) } : {}),
  }));
  const academicSessions: AcademicSession[] = d.academicSessions.map((s) => ({
    ...base(s), title: s.title, type: s.type, startDate: s.startDate, endDate: s.endDate, schoolYear: s.schoolYear,
    ...(s.parentSourcedId ? { parent: ref('academicSession', s.parentSourcedId) } : {}),
  }));
  const courses: Course[] = d.courses.map((c) => ({
    ...base(c), title: c.title, courseCode: c.courseCode, org: ref('org', c.orgSourcedId), schoolYear: ref('academicSession', c.schoolYearSourcedId),
  }));
  const classes: Class[] = d.classes.map((c) => ({
    ...base(c), title: c.title, classCode: c.classCode, classType: c.classType, location: c.location,
    course: ref('course', c.courseSourcedId), school: ref('org', c.schoolSourcedId),
    terms: c.termSourcedIds.map((t) => ref('academicSession', t)),
  }));
  const users: User[] = d.users.map((u) => ({
    ...base(u), username: u.username, userIds: u.userIds, enabledUser: u.enabledUser, givenName: u.givenName, familyName: u.familyName,
    roles: u.roles.map((r) => ({ roleType: r.roleType, role: r.role, org: ref('org', r.orgSourcedId) })),
    primaryOrg: ref('org', u.primaryOrgSourcedId), identifier: u.identifier, email: u.email,
    agents: u.agentSourcedIds.map((a) => ref('user', a)),
  }));
  const enrollments: Enrollment[] = d.enrollments.map((e) => ({
    ...base(e), user: ref('user', e.userSourcedId), class: ref('class', e.classSourcedId), school: ref('org', e.schoolSourcedId),
    role: e.role, beginDate: e.beginDate, endDate: e.endDate, ...(e.primary === undefined ? {} : { primary: e.primary }),
  }));
  return { orgs, academicSessions, courses, classes, users, enrollments };
}
