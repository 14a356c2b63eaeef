import type { SisCsvSpec } from './sis-csv-spec';

export const XLIST_STATUSES = ['active', 'deleted'] as const;
export type XlistStatus = (typeof XLIST_STATUSES)[number];

/** One row of xlists.csv: moves a section into another course; `deleted` moves it back. */
export interface XlistRow {
  xlist_course_id: string;
  section_id: string;
  status: XlistStatus;
}

export const XLISTS_CSV: SisCsvSpec<XlistRow> = {
  kind: 'xlists',
  fileName: 'xlists.csv',
  columns: ['xlist_course_id', 'section_id', 'status'],
  required: ['xlist_course_id', 'section_id', 'status'],
  alwaysPresent: [],
  oneOf: [],
  enums: { status: XLIST_STATUSES },
  booleans: [],
};
