import type { AcademicSession, Class, Course, Enrollment, Org, User } from '@rp/oneroster';
import type { ProjectionContext } from '@rp/mapping';

/** Normalised OneRoster records of a whole district, by kind. */
export interface DistrictRecords {
  orgs: Org[];
  academicSessions: AcademicSession[];
  courses: Course[];
  classes: Class[];
  users: User[];
  enrollments: Enrollment[];
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/**
 * A ProjectionContext with every lookup indexed, as a transformer backs it with database indexes.
 * (@rp/mapping's `createProjectionContext` scans lists per lookup, which is quadratic over a whole district.)
 */
export function indexedProjectionContext(tenant: string, now: Date, records: DistrictRecords): ProjectionContext {
  const byId = <T extends { sourcedId: string }>(list: readonly T[]) => new Map(list.map((r) => [r.sourcedId, r]));
  const orgs = byId(records.orgs);
  const sessions = byId(records.academicSessions);
  const courses = byId(records.courses);
  const classes = byId(records.classes);
  const users = byId(records.users);
  const sessionsByYear = groupBy(records.academicSessions, (s) => s.schoolYear);
  const classesByCourse = groupBy(records.classes, (c) => c.course.sourcedId);
  const enrollmentsByPair = groupBy(records.enrollments, (e) => `${e.user.sourcedId}|${e.class.sourcedId}`);
  return {
    tenant,
    now,
    org: (id) => orgs.get(id),
    academicSession: (id) => sessions.get(id),
    academicSessionsInSchoolYear: (year) => sessionsByYear.get(year) ?? [],
    course: (id) => courses.get(id),
    class: (id) => classes.get(id),
    classesOfCourse: (courseId) => classesByCourse.get(courseId) ?? [],
    user: (id) => users.get(id),
    enrollmentsOf: (userId, classId) => enrollmentsByPair.get(`${userId}|${classId}`) ?? [],
  };
}
