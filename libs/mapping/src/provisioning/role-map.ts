import type { Enrollment, User } from '@rp/oneroster';
import { OBSERVER_ROLES, ObserverRole, TenantMappingSettings } from './tenant-mapping-settings';

/** Canvas built-in enrollment roles this mapping produces. */
export type CanvasEnrollmentRole = 'student' | 'teacher' | 'ta' | 'designer' | 'observer';

/** The Canvas role of an enrollment, or why it is not provisioned. */
export type EnrollmentRoleDecision = { role: CanvasEnrollmentRole } | { skip: string };

/**
 * Role map: student→student; teacher→teacher (a secondary teacher → `secondaryTeacherRole`); aide/proctor→ta;
 * administrator→`administratorRole`; guardian/parent/relative (1.1-style enrollments)→observer only when
 * observers are enabled for that role; `ext:` roles per `extensionRoles`, otherwise skipped.
 */
export function canvasEnrollmentRole(enrollment: Pick<Enrollment, 'role' | 'primary'>, settings: TenantMappingSettings): EnrollmentRoleDecision {
  const role: string = enrollment.role;
  const { enrollments, observers } = settings;
  switch (role) {
    case 'student':
      return { role: 'student' };
    case 'teacher':
      return { role: enrollment.primary === false ? enrollments.secondaryTeacherRole : 'teacher' };
    case 'aide':
    case 'proctor':
      return { role: 'ta' };
    case 'administrator':
      return enrollments.administratorRole === 'skip'
        ? { skip: 'administrator enrollments are skipped (enrollments.administratorRole = skip)' }
        : { role: enrollments.administratorRole };
  }
  if ((OBSERVER_ROLES as readonly string[]).includes(role)) {
    if (observers.enabled && observers.roles.includes(role as ObserverRole)) return { role: 'observer' };
    return { skip: `${role} enrollments become observers only when observers are enabled for ${role}` };
  }
  const mapped = enrollments.extensionRoles[role];
  if (mapped && mapped !== 'skip') return { role: mapped };
  return { skip: `role ${role} has no Canvas role; map it in enrollments.extensionRoles` };
}

/** Roles that make a user a Canvas observer candidate (guardian, parent, relative). */
export function isObserverRole(role: string): role is ObserverRole {
  return (OBSERVER_ROLES as readonly string[]).includes(role);
}

/** True when the user holds an observer role the tenant provisions as a Canvas observer. */
export function actsAsObserver(user: Pick<User, 'roles'>, settings: TenantMappingSettings): boolean {
  return settings.observers.enabled && user.roles.some((r) => (settings.observers.roles as readonly string[]).includes(r.role));
}

/** True when every role of the user is guardian/parent/relative (no student or staff role). */
export function isObserverOnly(user: Pick<User, 'roles'>): boolean {
  return user.roles.length > 0 && user.roles.every((r) => isObserverRole(r.role));
}

/** True when the user is a student somewhere. */
export function isStudent(user: Pick<User, 'roles'>): boolean {
  return user.roles.some((r) => r.role === 'student');
}
