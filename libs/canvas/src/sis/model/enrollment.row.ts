import type { SisCsvSpec } from './sis-csv-spec';

export const ENROLLMENT_STATUSES = ['active', 'deleted', 'completed', 'inactive', 'deleted_last_completed'] as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];
/** Built-in roles; a custom role name (case-sensitive) is also accepted, hence `string`. */
export const BUILT_IN_ENROLLMENT_ROLES = ['student', 'teacher', 'ta', 'observer', 'designer'] as const;
export type BuiltInEnrollmentRole = (typeof BUILT_IN_ENROLLMENT_ROLES)[number];

/**
 * One row of enrollments.csv. Needs course_id or section_id, user_id or user_integration_id,
 * role or role_id. Start/end dates apply only when both are set.
 */
export interface EnrollmentRow {
  course_id?: string;
  section_id?: string;
  user_id?: string;
  user_integration_id?: string;
  role?: BuiltInEnrollmentRole | (string & {});
  role_id?: string;
  status: EnrollmentStatus;
  root_account?: string;
  start_date?: string;
  end_date?: string;
  /** For observers: the student's SIS user id. */
  associated_user_id?: string;
  limit_section_privileges?: boolean;
  notify?: boolean;
  temporary_enrollment_source_user_id?: string;
}

export const ENROLLMENTS_CSV: SisCsvSpec<EnrollmentRow> = {
  kind: 'enrollments',
  fileName: 'enrollments.csv',
  columns: [
    'course_id', 'section_id', 'user_id', 'user_integration_id', 'role', 'role_id', 'status', 'root_account',
    'start_date', 'end_date', 'associated_user_id', 'limit_section_privileges', 'notify',
    'temporary_enrollment_source_user_id',
  ],
  required: ['status'],
  alwaysPresent: [],
  oneOf: [['course_id', 'section_id'], ['user_id', 'user_integration_id'], ['role', 'role_id']],
  enums: { status: ENROLLMENT_STATUSES },
  booleans: ['limit_section_privileges', 'notify'],
};
