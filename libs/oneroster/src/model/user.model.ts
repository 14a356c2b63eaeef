import { BaseRecord, DateString, ExtValue, baseRequiredFields, fieldsOf } from './base.model';
import { GuidRef } from './guid-ref.model';

export const userRoles = [
  'aide',
  'counselor',
  'districtAdministrator',
  'guardian',
  'parent',
  'principal',
  'proctor',
  'relative',
  'siteAdministrator',
  'student',
  'systemAdministrator',
  'teacher',
] as const;
export type UserRoleValue = (typeof userRoles)[number] | ExtValue;
export type RoleType = 'primary' | 'secondary';

/** One role of a user in one org (exactly one primary per org). beginDate inclusive, endDate exclusive. */
export interface Role {
  roleType: RoleType;
  role: UserRoleValue;
  org: GuidRef<'org'>;
  userProfile?: string;
  beginDate?: DateString;
  endDate?: DateString;
}

/** An external identifier of a user, e.g. `{ type: 'LDAP', identifier: 'jdoe' }`. */
export interface UserId {
  type: string;
  identifier: string;
}

export interface Credential {
  type: string;
  username: string;
  password?: string;
}

export interface UserProfile {
  profileId: string;
  profileType: string;
  vendorId: string;
  applicationId?: string;
  description?: string;
  credentials?: Credential[];
}

/** OneRoster 1.2 User: one record per person, with many roles. */
export interface User extends BaseRecord {
  userMasterIdentifier?: string;
  username?: string;
  userIds?: UserId[];
  enabledUser: boolean;
  givenName: string;
  familyName: string;
  middleName?: string;
  preferredFirstName?: string;
  preferredMiddleName?: string;
  preferredLastName?: string;
  pronouns?: string;
  /** At least one role. */
  roles: Role[];
  userProfiles?: UserProfile[];
  primaryOrg?: GuidRef<'org'>;
  identifier?: string;
  email?: string;
  sms?: string;
  phone?: string;
  /** Parents/guardians of a student, or students of a guardian. */
  agents?: GuidRef<'user'>[];
  grades?: string[];
  password?: string;
  resources?: GuidRef<'resource'>[];
}

export const roleFields = fieldsOf<Role>()({
  required: ['roleType', 'role', 'org'],
  optional: ['userProfile', 'beginDate', 'endDate'],
});
export const userIdFields = fieldsOf<UserId>()({ required: ['type', 'identifier'], optional: [] });
export const credentialFields = fieldsOf<Credential>()({ required: ['type', 'username'], optional: ['password'] });
export const userProfileFields = fieldsOf<UserProfile>()({
  required: ['profileId', 'profileType', 'vendorId'],
  optional: ['applicationId', 'description', 'credentials'],
});
export const userFields = fieldsOf<User>()({
  required: [...baseRequiredFields, 'enabledUser', 'givenName', 'familyName', 'roles'],
  optional: [
    'metadata',
    'userMasterIdentifier',
    'username',
    'userIds',
    'middleName',
    'preferredFirstName',
    'preferredMiddleName',
    'preferredLastName',
    'pronouns',
    'userProfiles',
    'primaryOrg',
    'identifier',
    'email',
    'sms',
    'phone',
    'agents',
    'grades',
    'password',
    'resources',
  ],
});
