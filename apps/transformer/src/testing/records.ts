import type { AcademicSession, Class, Course, Enrollment, Org, Role, User } from '@rp/oneroster';
import type { OneRosterEntityChange, OneRosterEntityType } from '@rp/messaging';

/** Builders of normalised OneRoster records for the transformer's tests (required fields plus what mapping reads). */
const base = { status: 'active' as const, dateLastModified: '2024-08-01T00:00:00.000Z' };

export const org = (sourcedId: string, type: Org['type'], extra: Partial<Org> = {}): Org => ({
  ...base, sourcedId, name: `Org ${sourcedId}`, type, identifier: `id-${sourcedId}`, ...extra,
});

export const session = (sourcedId: string, type: AcademicSession['type'], startDate: string, endDate: string, extra: Partial<AcademicSession> = {}): AcademicSession => ({
  ...base, sourcedId, title: `Session ${sourcedId}`, type, startDate, endDate, schoolYear: '2025', ...extra,
});

export const course = (sourcedId: string, extra: Partial<Course> = {}): Course => ({
  ...base, sourcedId, title: `Course ${sourcedId}`, courseCode: `CODE-${sourcedId}`, ...extra,
});

export const klass = (sourcedId: string, refs: { course: string; school: string; terms: string[] }, extra: Partial<Class> = {}): Class => ({
  ...base,
  sourcedId,
  title: `Class ${sourcedId}`,
  classCode: `CC-${sourcedId}`,
  course: { sourcedId: refs.course, type: 'course' },
  school: { sourcedId: refs.school, type: 'org' },
  terms: refs.terms.map((t) => ({ sourcedId: t, type: 'academicSession' as const })),
  ...extra,
});

export const role = (value: Role['role'], orgId = 'sch-1'): Role => ({ roleType: 'primary', role: value, org: { sourcedId: orgId, type: 'org' } });

export const user = (sourcedId: string, roles: Role[] = [role('student')], extra: Partial<User> = {}): User => ({
  ...base, sourcedId, enabledUser: true, givenName: `Given-${sourcedId}`, familyName: `Family-${sourcedId}`, username: `user.${sourcedId}`, roles, ...extra,
});

export const enrollment = (sourcedId: string, refs: { user: string; class: string; school?: string }, extra: Partial<Enrollment> = {}): Enrollment => ({
  ...base,
  sourcedId,
  user: { sourcedId: refs.user, type: 'user' },
  class: { sourcedId: refs.class, type: 'class' },
  school: { sourcedId: refs.school ?? 'sch-1', type: 'org' },
  role: 'student',
  ...extra,
});

/** The change record the extractor would publish for `record`. */
export function change<R extends { sourcedId: string }>(
  tenant: string,
  entityType: OneRosterEntityType,
  record: R | null,
  options: { op?: 'upsert' | 'delete'; sourcedId?: string; syncRun?: string } = {},
): OneRosterEntityChange {
  const sourcedId = options.sourcedId ?? record?.sourcedId ?? '';
  return {
    tenant, entityType, sourcedId, op: options.op ?? 'upsert', syncRun: options.syncRun ?? 'run-1',
    contentHash: `h-${sourcedId}`, dateLastModified: '2024-08-01T00:00:00.000Z', record: record === null ? null : JSON.stringify(record),
  };
}

/** A small district: school sch-1 (district dist-1), school year sy with semester s1, course crs-1, class cls-1. */
export function smallDistrict() {
  return {
    orgs: [org('dist-1', 'district'), org('sch-1', 'school', { parent: { sourcedId: 'dist-1', type: 'org' } })],
    academicSessions: [
      session('sy', 'schoolYear', '2024-08-15', '2025-06-14'),
      session('s1', 'semester', '2024-08-15', '2025-01-10', { parent: { sourcedId: 'sy', type: 'academicSession' } }),
    ],
    courses: [course('crs-1', { title: 'Algebra I', courseCode: 'ALG1' })],
    classes: [klass('cls-1', { course: 'crs-1', school: 'sch-1', terms: ['s1'] }, { title: 'Algebra I - P1', classCode: 'ALG1-P1' })],
    users: [user('stu-1'), user('tch-1', [role('teacher')])],
    enrollments: [
      enrollment('e-stu', { user: 'stu-1', class: 'cls-1' }),
      enrollment('e-tch', { user: 'tch-1', class: 'cls-1' }, { role: 'teacher' }),
    ],
  };
}
