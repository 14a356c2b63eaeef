import type { AcademicSession, Class, Course, Enrollment, Org, Role, User } from '@rp/oneroster';
import type { ProjectionContext } from '../ports/projection-context';
import { createProjectionContext, ProjectionContextRecords } from '../projection-context';
import { resolveTenantMappingSettings } from '../resolve-mapping-settings';
import type { TenantMappingSettings } from '../tenant-mapping-settings';

/** Test builders for normalised OneRoster records (only what the mapping reads, plus required fields). */
const base = { status: 'active' as const, dateLastModified: '2024-08-01T00:00:00.000Z' };

export const org = (sourcedId: string, type: Org['type'], extra: Partial<Org> = {}): Org => ({
  ...base, sourcedId, name: `Org ${sourcedId}`, type, identifier: `id-${sourcedId}`, ...extra,
});

export const session = (
  sourcedId: string,
  type: AcademicSession['type'],
  startDate: string,
  endDate: string,
  extra: Partial<AcademicSession> = {},
): AcademicSession => ({
  ...base, sourcedId, title: `Session ${sourcedId}`, type, startDate, endDate, schoolYear: '2025', ...extra,
});

export const course = (sourcedId: string, extra: Partial<Course> = {}): Course => ({
  ...base, sourcedId, title: `Course ${sourcedId}`, courseCode: `CODE-${sourcedId}`, ...extra,
});

export const klass = (
  sourcedId: string,
  refs: { course: string; school: string; terms: string[] },
  extra: Partial<Class> = {},
): Class => ({
  ...base,
  sourcedId,
  title: `Class ${sourcedId}`,
  classCode: `CC-${sourcedId}`,
  course: { sourcedId: refs.course, type: 'course' },
  school: { sourcedId: refs.school, type: 'org' },
  terms: refs.terms.map((t) => ({ sourcedId: t, type: 'academicSession' as const })),
  ...extra,
});

export const role = (value: Role['role'], orgId = 'sch-1', roleType: Role['roleType'] = 'primary'): Role => ({
  roleType, role: value, org: { sourcedId: orgId, type: 'org' },
});

export const user = (sourcedId: string, roles: Role[] = [role('student')], extra: Partial<User> = {}): User => ({
  ...base,
  sourcedId,
  enabledUser: true,
  givenName: `Given-${sourcedId}`,
  familyName: `Family-${sourcedId}`,
  username: `user.${sourcedId}`,
  roles,
  ...extra,
});

export const agents = (...ids: string[]) => ids.map((id) => ({ sourcedId: id, type: 'user' as const }));

export const enrollment = (
  sourcedId: string,
  refs: { user: string; class: string; school?: string },
  extra: Partial<Enrollment> = {},
): Enrollment => ({
  ...base,
  sourcedId,
  user: { sourcedId: refs.user, type: 'user' },
  class: { sourcedId: refs.class, type: 'class' },
  school: { sourcedId: refs.school ?? 'sch-1', type: 'org' },
  role: 'student',
  ...extra,
});

/** Settings for tenant `acme` from partial JSON, validated like production settings. */
export const settingsWith = (input: unknown = {}): TenantMappingSettings => resolveTenantMappingSettings('acme', input);

/** A small district: dist-1 with school sch-1, school year sy (2024-08-15 → 2025-06-14 exclusive) with two semesters. */
export interface DistrictRecords extends ProjectionContextRecords {
  orgs: Org[];
  academicSessions: AcademicSession[];
  courses: Course[];
  classes: Class[];
  users: User[];
  enrollments: Enrollment[];
}

export function district(): DistrictRecords {
  return {
    orgs: [org('dist-1', 'district'), org('sch-1', 'school', { parent: { sourcedId: 'dist-1', type: 'org' } })],
    academicSessions: [
      session('sy', 'schoolYear', '2024-08-15', '2025-06-14'),
      session('s1', 'semester', '2024-08-15', '2025-01-10', { parent: { sourcedId: 'sy', type: 'academicSession' } }),
      session('s2', 'semester', '2025-01-10', '2025-06-14', { parent: { sourcedId: 'sy', type: 'academicSession' } }),
      session('gp1', 'gradingPeriod', '2024-08-15', '2024-10-20', { parent: { sourcedId: 's1', type: 'academicSession' } }),
    ],
    courses: [course('crs-1', { title: 'Algebra I', courseCode: 'ALG1' })],
    classes: [klass('cls-1', { course: 'crs-1', school: 'sch-1', terms: ['s1'] }, { title: 'Algebra I - P1', classCode: 'ALG1-P1' })],
    users: [user('stu-1'), user('tch-1', [role('teacher')])],
    enrollments: [],
  };
}

export const NOW = new Date('2024-10-01T15:00:00Z');

/** Context over `district()` (optionally changed) at NOW. */
export function districtContext(change: (records: DistrictRecords) => void = () => undefined, now = NOW): ProjectionContext {
  const records = district();
  change(records);
  return createProjectionContext('acme', now, records);
}
