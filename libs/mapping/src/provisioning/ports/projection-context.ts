import type { AcademicSession, Class, Course, Enrollment, Org, User } from '@rp/oneroster';

/**
 * Read-only view of the OneRoster records already known for one tenant, plus the evaluation instant.
 * The transformer backs it with its materialised entities; tests use `createProjectionContext`.
 * Lookups return the latest version, including `tobedeleted` ones, or undefined when never received.
 */
export interface ProjectionContext {
  readonly tenant: string;
  /** The instant projections are evaluated at (e.g. to decide whether an enrollment has ended). */
  readonly now: Date;
  org(sourcedId: string): Org | undefined;
  academicSession(sourcedId: string): AcademicSession | undefined;
  /** Every known session whose `schoolYear` equals the given ending year. */
  academicSessionsInSchoolYear(schoolYear: string): readonly AcademicSession[];
  course(sourcedId: string): Course | undefined;
  class(sourcedId: string): Class | undefined;
  /** Every known class whose `course` references the given course. */
  classesOfCourse(courseSourcedId: string): readonly Class[];
  user(sourcedId: string): User | undefined;
  /**
   * Every known enrollment of the user in the class. Canvas knows one enrollment per section, user and role, so
   * a dropped OneRoster enrollment must not override an active sibling (IC drop + re-add).
   */
  enrollmentsOf(userSourcedId: string, classSourcedId: string): readonly Enrollment[];
}
