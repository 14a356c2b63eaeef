import type { SisCsvSpec } from './sis-csv-spec';

export const ACCOUNT_STATUSES = ['active', 'deleted'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/** One row of accounts.csv. `parent_account_id` blank = the root account (the column must still exist). */
export interface AccountRow {
  account_id: string;
  parent_account_id: string;
  name: string;
  status: AccountStatus;
  integration_id?: string;
}

export const ACCOUNTS_CSV: SisCsvSpec<AccountRow> = {
  kind: 'accounts',
  fileName: 'accounts.csv',
  columns: ['account_id', 'parent_account_id', 'name', 'status', 'integration_id'],
  required: ['account_id', 'name', 'status'],
  alwaysPresent: ['parent_account_id'],
  oneOf: [],
  enums: { status: ACCOUNT_STATUSES },
  booleans: [],
};
