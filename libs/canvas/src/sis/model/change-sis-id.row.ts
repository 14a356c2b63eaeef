import type { SisCsvSpec } from './sis-csv-spec';

export const CHANGE_SIS_ID_TYPES = ['account', 'term', 'course', 'section', 'group', 'group_category', 'user'] as const;
export type ChangeSisIdType = (typeof CHANGE_SIS_ID_TYPES)[number];

/**
 * One row of change_sis_id.csv (processed first; other files in the zip must use the new ids).
 * Needs old_id or old_integration_id, and new_id or new_integration_id (`<delete>` allowed).
 */
export interface ChangeSisIdRow {
  old_id?: string;
  new_id?: string;
  old_integration_id?: string;
  new_integration_id?: string;
  type: ChangeSisIdType;
}

export const CHANGE_SIS_ID_CSV: SisCsvSpec<ChangeSisIdRow> = {
  kind: 'change_sis_id',
  fileName: 'change_sis_id.csv',
  columns: ['old_id', 'new_id', 'old_integration_id', 'new_integration_id', 'type'],
  required: ['type'],
  alwaysPresent: [],
  oneOf: [['old_id', 'old_integration_id'], ['new_id', 'new_integration_id']],
  enums: { type: CHANGE_SIS_ID_TYPES },
  booleans: [],
};
