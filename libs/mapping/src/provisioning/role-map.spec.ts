import type { Enrollment } from '@rp/oneroster';
import { canvasEnrollmentRole } from './role-map';
import { settingsWith } from './testing/records';

const decide = (role: string, input: unknown = {}, primary?: boolean) =>
  canvasEnrollmentRole({ role: role as Enrollment['role'], primary }, settingsWith(input));

describe('canvasEnrollmentRole (role map)', () => {
  it.each([
    ['student → student', 'student', {}, undefined, { role: 'student' }],
    ['teacher → teacher', 'teacher', {}, undefined, { role: 'teacher' }],
    ['primary teacher → teacher', 'teacher', { enrollments: { secondaryTeacherRole: 'ta' } }, true, { role: 'teacher' }],
    ['secondary teacher, default → teacher', 'teacher', {}, false, { role: 'teacher' }],
    ['secondary teacher, secondaryTeacherRole=ta → ta', 'teacher', { enrollments: { secondaryTeacherRole: 'ta' } }, false, { role: 'ta' }],
    ['aide → ta', 'aide', {}, undefined, { role: 'ta' }],
    ['proctor → ta', 'proctor', {}, undefined, { role: 'ta' }],
    ['administrator → teacher', 'administrator', { enrollments: { administratorRole: 'teacher' } }, undefined, { role: 'teacher' }],
    ['administrator → ta', 'administrator', { enrollments: { administratorRole: 'ta' } }, undefined, { role: 'ta' }],
    ['administrator → designer', 'administrator', { enrollments: { administratorRole: 'designer' } }, undefined, { role: 'designer' }],
    ['administrator → skip (default)', 'administrator', {}, undefined, { skip: 'administrator enrollments are skipped (enrollments.administratorRole = skip)' }],
    ['guardian, observers off → skip', 'guardian', {}, undefined, { skip: 'guardian enrollments become observers only when observers are enabled for guardian' }],
    ['guardian, observers on → observer', 'guardian', { observers: { enabled: true } }, undefined, { role: 'observer' }],
    ['parent, observers on → observer', 'parent', { observers: { enabled: true } }, undefined, { role: 'observer' }],
    ['relative, observers on for parents only → skip', 'relative', { observers: { enabled: true, roles: ['parent'] } }, undefined, { skip: 'relative enrollments become observers only when observers are enabled for relative' }],
    ['mapped ext: role', 'ext:IC.coTeacher', { enrollments: { extensionRoles: { 'ext:IC.coTeacher': 'ta' } } }, undefined, { role: 'ta' }],
    ["IC's ext:aide → ta by default", 'ext:aide', {}, undefined, { role: 'ta' }],
    ['ext:aide turned off by the tenant', 'ext:aide', { enrollments: { extensionRoles: { 'ext:aide': 'skip' } } }, undefined, { skip: 'role ext:aide has no Canvas role; map it in enrollments.extensionRoles' }],
    ['ext:aide kept when the tenant maps another ext role', 'ext:aide', { enrollments: { extensionRoles: { 'ext:IC.coTeacher': 'teacher' } } }, undefined, { role: 'ta' }],
    ['unmapped ext: role → skip with the fix', 'ext:IC.visitor', {}, undefined, { skip: 'role ext:IC.visitor has no Canvas role; map it in enrollments.extensionRoles' }],
  ])('%s', (_rule, role, input, primary, expected) => {
    expect(decide(role, input, primary)).toEqual(expected);
  });
});
