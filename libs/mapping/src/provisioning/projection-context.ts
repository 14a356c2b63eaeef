import type { AcademicSession, Class, Course, Enrollment, Org, User } from '@rp/oneroster';
import type { ProjectionContext } from './ports/projection-context';
import type { ProvisioningEntity } from './ports/provisioning-entity';

/** Records to build an in-memory context from; later records with the same sourcedId replace earlier ones. */
export interface ProjectionContextRecords {
  orgs?: readonly Org[];
  academicSessions?: readonly AcademicSession[];
  courses?: readonly Course[];
  classes?: readonly Class[];
  users?: readonly User[];
  enrollments?: readonly Enrollment[];
}

const index = <T extends { sourcedId: string }>(records: readonly T[] = []) => new Map(records.map((r) => [r.sourcedId, r]));

/** An in-memory `ProjectionContext` (tests, and a transformer that loads a batch's related records up front). */
export function createProjectionContext(tenant: string, now: Date, records: ProjectionContextRecords = {}): ProjectionContext {
  const orgs = index(records.orgs);
  const sessions = index(records.academicSessions);
  const courses = index(records.courses);
  const classes = index(records.classes);
  const users = index(records.users);
  const enrollments = index(records.enrollments);
  return {
    tenant,
    now,
    org: (id) => orgs.get(id),
    academicSession: (id) => sessions.get(id),
    academicSessionsInSchoolYear: (year) => [...sessions.values()].filter((s) => s.schoolYear === year),
    course: (id) => courses.get(id),
    class: (id) => classes.get(id),
    classesOfCourse: (courseId) => [...classes.values()].filter((c) => c.course.sourcedId === courseId),
    user: (id) => users.get(id),
    enrollmentsOf: (userId, classId) =>
      [...enrollments.values()].filter((e) => e.user.sourcedId === userId && e.class.sourcedId === classId),
  };
}

function replaceIn<T extends { sourcedId: string }>(list: readonly T[], record: T, belongs: boolean): T[] {
  const others = list.filter((item) => item.sourcedId !== record.sourcedId);
  return belongs ? [...others, record] : others;
}

/** The context as seen with `entity` already applied, so a projection never reads a stale copy of itself. */
export function contextWith(ctx: ProjectionContext, entity: ProvisioningEntity): ProjectionContext {
  const view: ProjectionContext = {
    tenant: ctx.tenant,
    now: ctx.now,
    org: (id) => ctx.org(id),
    academicSession: (id) => ctx.academicSession(id),
    academicSessionsInSchoolYear: (year) => ctx.academicSessionsInSchoolYear(year),
    course: (id) => ctx.course(id),
    class: (id) => ctx.class(id),
    classesOfCourse: (courseId) => ctx.classesOfCourse(courseId),
    user: (id) => ctx.user(id),
    enrollmentsOf: (userId, classId) => ctx.enrollmentsOf(userId, classId),
  };
  const same = (id: string) => id === entity.record.sourcedId;
  switch (entity.kind) {
    case 'org':
      return { ...view, org: (id) => (same(id) ? entity.record : ctx.org(id)) };
    case 'academicSession':
      return {
        ...view,
        academicSession: (id) => (same(id) ? entity.record : ctx.academicSession(id)),
        academicSessionsInSchoolYear: (year) =>
          replaceIn(ctx.academicSessionsInSchoolYear(year), entity.record, entity.record.schoolYear === year),
      };
    case 'course':
      return { ...view, course: (id) => (same(id) ? entity.record : ctx.course(id)) };
    case 'class':
      return {
        ...view,
        class: (id) => (same(id) ? entity.record : ctx.class(id)),
        classesOfCourse: (courseId) =>
          replaceIn(ctx.classesOfCourse(courseId), entity.record, entity.record.course.sourcedId === courseId),
      };
    case 'user':
      return { ...view, user: (id) => (same(id) ? entity.record : ctx.user(id)) };
    case 'enrollment':
      return {
        ...view,
        enrollmentsOf: (userId, classId) =>
          replaceIn(
            ctx.enrollmentsOf(userId, classId),
            entity.record,
            entity.record.user.sourcedId === userId && entity.record.class.sourcedId === classId,
          ),
      };
  }
}
