import type { SisCsvSpec } from './sis-csv-spec';

export const SECTION_STATUSES = ['active', 'deleted'] as const;
export type SectionStatus = (typeof SECTION_STATUSES)[number];

/** One row of sections.csv. Dates override course and term dates; empty clears. */
export interface SectionRow {
  section_id: string;
  course_id: string;
  name: string;
  status: SectionStatus;
  integration_id?: string;
  start_date?: string;
  end_date?: string;
}

export const SECTIONS_CSV: SisCsvSpec<SectionRow> = {
  kind: 'sections',
  fileName: 'sections.csv',
  columns: ['section_id', 'course_id', 'name', 'status', 'integration_id', 'start_date', 'end_date'],
  required: ['section_id', 'course_id', 'name', 'status'],
  alwaysPresent: [],
  oneOf: [],
  enums: { status: SECTION_STATUSES },
  booleans: [],
};
