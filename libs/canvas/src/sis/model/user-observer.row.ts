import type { SisCsvSpec } from './sis-csv-spec';

export const USER_OBSERVER_STATUSES = ['active', 'deleted'] as const;
export type UserObserverStatus = (typeof USER_OBSERVER_STATUSES)[number];

/** One row of user_observers.csv: the observer follows all of the student's enrollments. */
export interface UserObserverRow {
  observer_id: string;
  student_id: string;
  status: UserObserverStatus;
}

export const USER_OBSERVERS_CSV: SisCsvSpec<UserObserverRow> = {
  kind: 'user_observers',
  fileName: 'user_observers.csv',
  columns: ['observer_id', 'student_id', 'status'],
  required: ['observer_id', 'student_id', 'status'],
  alwaysPresent: [],
  oneOf: [],
  enums: { status: USER_OBSERVER_STATUSES },
  booleans: [],
};
