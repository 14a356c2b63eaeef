import type { SisCsvSpec } from './sis-csv-spec';

export const TERM_STATUSES = ['active', 'deleted'] as const;
export type TermStatus = (typeof TERM_STATUSES)[number];

export const TERM_DATE_OVERRIDE_ENROLLMENT_TYPES = [
  'StudentEnrollment',
  'TeacherEnrollment',
  'TaEnrollment',
  'DesignerEnrollment',
] as const;
export type TermDateOverrideEnrollmentType = (typeof TERM_DATE_OVERRIDE_ENROLLMENT_TYPES)[number];

/** One row of terms.csv. An empty start/end date clears the stored date. */
export interface TermRow {
  term_id: string;
  name: string;
  status: TermStatus;
  integration_id?: string;
  /** ISO 8601, e.g. `2025-08-20T00:00:00Z`. */
  start_date?: string;
  end_date?: string;
  /** Only for existing terms: sets (active) or removes (deleted) dates for one enrollment type. */
  date_override_enrollment_type?: TermDateOverrideEnrollmentType;
}

export const TERMS_CSV: SisCsvSpec<TermRow> = {
  kind: 'terms',
  fileName: 'terms.csv',
  columns: ['term_id', 'name', 'status', 'integration_id', 'start_date', 'end_date', 'date_override_enrollment_type'],
  required: ['term_id', 'name', 'status'],
  alwaysPresent: [],
  oneOf: [],
  enums: { status: TERM_STATUSES, date_override_enrollment_type: TERM_DATE_OVERRIDE_ENROLLMENT_TYPES },
  booleans: [],
};
