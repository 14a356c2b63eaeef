import type { OneRosterEntityChange, OneRosterEntityType } from '@rp/messaging';
import { course, enrollment, klass, org, role, session, user } from '@rp/mapping/testing';

/** Normalised OneRoster records for the transformer's tests: the mapping's builders, plus change records around them. */
export { course, enrollment, klass, org, role, session, user };

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
