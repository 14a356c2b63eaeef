import { InvalidMappingSettingsError, resolveTenantMappingSettings } from './resolve-mapping-settings';
import { DEFAULT_TENANT_MAPPING_SETTINGS, TenantMappingSettings as S } from './tenant-mapping-settings';

describe('resolveTenantMappingSettings', () => {
  it('fills every default when nothing is configured', () => {
    expect(resolveTenantMappingSettings('acme')).toEqual(DEFAULT_TENANT_MAPPING_SETTINGS);
    expect(resolveTenantMappingSettings('acme', {})).toEqual(DEFAULT_TENANT_MAPPING_SETTINGS);
  });

  it.each([
    ['district as root', { districtAccount: { mode: 'root' } }, (s: S) => s.districtAccount, { mode: 'root' }],
    ['district as named sub-account', { districtAccount: { mode: 'sub-account', accountId: 'acc-d', name: 'Acme SD' } }, (s: S) => s.districtAccount, { mode: 'sub-account', accountId: 'acc-d', name: 'Acme SD' }],
    ['term strategy school-year', { terms: { strategy: 'school-year' } }, (s: S) => s.terms.strategy, 'school-year'],
    ['term session types', { terms: { sessionTypes: ['term', 'ext:IC.quarter'] } }, (s: S) => s.terms.sessionTypes, ['term', 'ext:IC.quarter']],
    ['login from email', { users: { loginId: { from: 'email' } } }, (s: S) => s.users.loginId, [{ from: 'email' }]],
    ['login from userIds type with fallback', { users: { loginId: [{ from: 'userId', type: 'LDAP' }, { from: 'username' }] } }, (s: S) => s.users.loginId, [{ from: 'userId', type: 'LDAP' }, { from: 'username' }]],
    ['integration id from userMasterIdentifier', { users: { integrationId: { from: 'userMasterIdentifier' } } }, (s: S) => s.users.integrationId, { from: 'userMasterIdentifier' }],
    ['observers on', { observers: { enabled: true, roles: ['guardian'] } }, (s: S) => s.observers, { enabled: true, roles: ['guardian'] }],
    ['administrator → designer', { enrollments: { administratorRole: 'designer' } }, (s: S) => s.enrollments.administratorRole, 'designer'],
    ['secondary teacher → ta', { enrollments: { secondaryTeacherRole: 'ta' } }, (s: S) => s.enrollments.secondaryTeacherRole, 'ta'],
    ['drop policy completed', { enrollments: { dropPolicy: 'completed' } }, (s: S) => s.enrollments.dropPolicy, 'completed'],
    ['extension role', { enrollments: { extensionRoles: { 'ext:IC.coTeacher': 'teacher' } } }, (s: S) => s.enrollments.extensionRoles, { 'ext:aide': 'ta', 'ext:IC.coTeacher': 'teacher' }],
    ['extension roles default: aide → ta', {}, (s: S) => s.enrollments.extensionRoles, { 'ext:aide': 'ta' }],
    ['parked records flagged after 6 h', { parking: { flagAfterHours: 6 } }, (s: S) => s.parking.flagAfterHours, 6],
    ['parked records flagged after a day by default', {}, (s: S) => s.parking.flagAfterHours, 24],
    ['time zone', { timeZone: 'America/Chicago' }, (s: S) => s.timeZone, 'America/Chicago'],
    ['consolidated courses take course-level names', { courses: { strategy: 'sections-under-course' } }, (s: S) => [s.courses.shortName, s.courses.longName, s.courses.sectionName], [['courseCode', 'courseTitle'], ['courseTitle'], ['classTitle']]],
  ])('accepts %s', (_rule, input, pick, expected) => {
    expect(pick(resolveTenantMappingSettings('acme', input))).toEqual(expected);
  });

  it.each([
    ['unknown term strategy', { terms: { strategy: 'per-school' } }, 'terms.strategy is "per-school"; use one of per-session, school-year'],
    ['unknown course strategy', { courses: { strategy: 'xlist' } }, 'courses.strategy is "xlist"; use one of course-per-class, sections-under-course'],
    ['sub-account without id', { districtAccount: { mode: 'sub-account' } }, 'districtAccount.accountId is required with mode "sub-account"'],
    ['userId login without type', { users: { loginId: [{ from: 'userId' }] } }, 'users.loginId[0] with from "userId" needs a non-empty "type"'],
    ['unknown login source', { users: { loginId: [{ from: 'sms' }] } }, 'users.loginId[0] is {"from":"sms"}'],
    ['empty login list', { users: { loginId: [] } }, 'users.loginId is empty'],
    ['bad administrator role', { enrollments: { administratorRole: 'admin' } }, 'enrollments.administratorRole is "admin"; use one of teacher, ta, designer, skip'],
    ['parking hours not above 0', { parking: { flagAfterHours: 0 } }, 'parking.flagAfterHours must be a number of hours above 0, got 0'],
    ['parking hours as text', { parking: { flagAfterHours: '2h' } }, 'parking.flagAfterHours must be a number of hours above 0, got "2h"'],
    ['bad drop policy', { enrollments: { dropPolicy: 'concluded' } }, 'enrollments.dropPolicy is "concluded"; use one of inactive, completed, deleted, deleted_last_completed'],
    ['bad observer role', { observers: { roles: ['aunt'] } }, 'observers.roles contains ["aunt"]'],
    ['observers on with no roles', { observers: { enabled: true, roles: [] } }, 'observers.roles is empty while observers.enabled is true'],
    ['non-boolean flag', { observers: { enabled: 'yes' } }, 'observers.enabled must be true or false'],
    ['bad time zone', { timeZone: 'Mars/Olympus' }, 'timeZone "Mars/Olympus" is not an IANA time zone'],
    ['unknown session type', { terms: { sessionTypes: ['quarter'] } }, 'terms.sessionTypes must be a non-empty list'],
    ['class-level name on a consolidated course', { courses: { strategy: 'sections-under-course', shortName: ['classCode'] } }, 'courses.shortName uses classCode, which differs between the classes grouped into one Canvas course'],
    ['extension role key without ext:', { enrollments: { extensionRoles: { coTeacher: 'teacher' } } }, 'enrollments.extensionRoles key "coTeacher" must start with "ext:"'],
    ['section not an object', { users: 'email' }, 'users must be an object'],
  ])('rejects %s with a clear message', (_rule, input, message) => {
    expect(() => resolveTenantMappingSettings('acme', input)).toThrow(InvalidMappingSettingsError);
    expect(() => resolveTenantMappingSettings('acme', input)).toThrow(message);
  });

  it('reports every problem at once and names the tenant', () => {
    try {
      resolveTenantMappingSettings('acme', { terms: { strategy: 'x' }, enrollments: { dropPolicy: 'y' } });
      throw new Error('expected a failure');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidMappingSettingsError);
      const e = error as InvalidMappingSettingsError;
      expect(e.problems).toHaveLength(2);
      expect(e.message).toMatch(/^tenant acme: invalid mapping settings/);
      expect(e.retriable).toBe(false);
    }
  });
});
