import type { SisCsvSpec } from './sis-csv-spec';

export const USER_STATUSES = ['active', 'suspended', 'deleted'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];
export const DECLARED_USER_TYPES = [
  'administrative', 'observer', 'staff', 'student', 'student_other', 'teacher',
] as const;
export type DeclaredUserType = (typeof DECLARED_USER_TYPES)[number];

/** One row of users.csv. Give first+last or full_name; with SSO omit the password. */
export interface UserRow {
  user_id: string;
  integration_id?: string;
  login_id: string;
  password?: string;
  ssha_password?: string;
  authentication_provider_id?: string;
  first_name?: string;
  last_name?: string;
  full_name?: string;
  sortable_name?: string;
  short_name?: string;
  email?: string;
  pronouns?: string;
  declared_user_type?: DeclaredUserType;
  canvas_password_notification?: boolean;
  home_account?: boolean;
  status: UserStatus;
}

export const USERS_CSV: SisCsvSpec<UserRow> = {
  kind: 'users',
  fileName: 'users.csv',
  columns: [
    'user_id', 'integration_id', 'login_id', 'password', 'ssha_password', 'authentication_provider_id',
    'first_name', 'last_name', 'full_name', 'sortable_name', 'short_name', 'email', 'pronouns',
    'declared_user_type', 'canvas_password_notification', 'home_account', 'status',
  ],
  required: ['user_id', 'login_id', 'status'],
  alwaysPresent: [],
  oneOf: [],
  enums: { status: USER_STATUSES, declared_user_type: DECLARED_USER_TYPES },
  booleans: ['canvas_password_notification', 'home_account'],
};
