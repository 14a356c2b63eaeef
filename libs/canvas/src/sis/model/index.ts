import type { AccountRow } from './account.row';
import { ACCOUNTS_CSV } from './account.row';
import type { ChangeSisIdRow } from './change-sis-id.row';
import { CHANGE_SIS_ID_CSV } from './change-sis-id.row';
import type { CourseRow } from './course.row';
import { COURSES_CSV } from './course.row';
import type { EnrollmentRow } from './enrollment.row';
import { ENROLLMENTS_CSV } from './enrollment.row';
import type { SectionRow } from './section.row';
import { SECTIONS_CSV } from './section.row';
import type { SisCsvKind, SisCsvSpec } from './sis-csv-spec';
import type { TermRow } from './term.row';
import { TERMS_CSV } from './term.row';
import type { UserObserverRow } from './user-observer.row';
import { USER_OBSERVERS_CSV } from './user-observer.row';
import type { UserRow } from './user.row';
import { USERS_CSV } from './user.row';
import type { XlistRow } from './xlist.row';
import { XLISTS_CSV } from './xlist.row';

export * from './sis-csv-spec';
export * from './account.row';
export * from './term.row';
export * from './course.row';
export * from './section.row';
export * from './xlist.row';
export * from './user.row';
export * from './enrollment.row';
export * from './user-observer.row';
export * from './change-sis-id.row';
export * from './canvas-entity-catalogue';

/** Row type per SIS CSV kind. */
export interface SisRowByKind {
  change_sis_id: ChangeSisIdRow;
  accounts: AccountRow;
  terms: TermRow;
  courses: CourseRow;
  sections: SectionRow;
  xlists: XlistRow;
  users: UserRow;
  enrollments: EnrollmentRow;
  user_observers: UserObserverRow;
}

/** Any SIS CSV row, tagged with its kind. */
export type SisRecord = { [K in SisCsvKind]: { kind: K; row: SisRowByKind[K] } }[SisCsvKind];

/** File spec per kind (columns, required, statuses). */
export const SIS_CSV_SPECS: { readonly [K in SisCsvKind]: SisCsvSpec<SisRowByKind[K]> } = {
  change_sis_id: CHANGE_SIS_ID_CSV,
  accounts: ACCOUNTS_CSV,
  terms: TERMS_CSV,
  courses: COURSES_CSV,
  sections: SECTIONS_CSV,
  xlists: XLISTS_CSV,
  users: USERS_CSV,
  enrollments: ENROLLMENTS_CSV,
  user_observers: USER_OBSERVERS_CSV,
};
