import { ACCOUNTS_CSV, type AccountRow } from './account.row';
import { COURSES_CSV, type CourseRow } from './course.row';
import { ENROLLMENTS_CSV, type EnrollmentRow } from './enrollment.row';
import { SECTIONS_CSV, type SectionRow } from './section.row';
import type { SisCsvSpec } from './sis-csv-spec';
import { TERMS_CSV, type TermRow } from './term.row';
import { USER_OBSERVERS_CSV, type UserObserverRow } from './user-observer.row';
import { USERS_CSV, type UserRow } from './user.row';

/**
 * Canvas SIS entity types the platform provisions, in Canvas's import processing order: one `canvas.<type>` topic
 * each (libs/messaging) and one projection kind each (libs/mapping).
 */
export const CANVAS_ENTITY_TYPES = ['account', 'term', 'course', 'section', 'user', 'enrollment', 'user_observer'] as const;
export type CanvasEntityType = (typeof CANVAS_ENTITY_TYPES)[number];

/** The SIS CSV row type of each Canvas entity type. */
export interface CanvasRowByType {
  account: AccountRow;
  term: TermRow;
  course: CourseRow;
  section: SectionRow;
  user: UserRow;
  enrollment: EnrollmentRow;
  user_observer: UserObserverRow;
}

/** What the platform knows of one Canvas entity type: its SIS CSV file (kind, columns, checks) and its destructive statuses. */
export interface CanvasEntityEntry<T extends CanvasEntityType> {
  readonly csv: SisCsvSpec<CanvasRowByType[T]>;
  /** Statuses that remove or drop the entity in Canvas: what the safety gate counts, and what a dropped enrollment may become. */
  readonly destructiveStatuses: readonly CanvasRowByType[T]['status'][];
}

/**
 * The one catalogue of Canvas SIS entities: the messaging contract's types, the mapping's drop policy and the
 * loader's CSV rows derive from it.
 */
export const CANVAS_ENTITY_CATALOGUE = {
  account: { csv: ACCOUNTS_CSV, destructiveStatuses: ['deleted'] },
  term: { csv: TERMS_CSV, destructiveStatuses: ['deleted'] },
  course: { csv: COURSES_CSV, destructiveStatuses: ['deleted'] },
  section: { csv: SECTIONS_CSV, destructiveStatuses: ['deleted'] },
  user: { csv: USERS_CSV, destructiveStatuses: ['deleted'] },
  enrollment: { csv: ENROLLMENTS_CSV, destructiveStatuses: ['inactive', 'completed', 'deleted', 'deleted_last_completed'] as const },
  user_observer: { csv: USER_OBSERVERS_CSV, destructiveStatuses: ['deleted'] },
} satisfies { readonly [T in CanvasEntityType]: CanvasEntityEntry<T> };

/** The statuses a dropped enrollment may be given (a tenant's drop policy): the enrollment's destructive statuses. */
export type EnrollmentDropStatus = (typeof CANVAS_ENTITY_CATALOGUE.enrollment.destructiveStatuses)[number];
export const ENROLLMENT_DROP_STATUSES: readonly EnrollmentDropStatus[] = CANVAS_ENTITY_CATALOGUE.enrollment.destructiveStatuses;

/** A typed SIS row with its entity type: the shape from the mapping's projection to the zip writer. */
export type CanvasEntityRow = { [T in CanvasEntityType]: { readonly canvasType: T; readonly row: CanvasRowByType[T] } }[CanvasEntityType];

/**
 * The wire form of a row's cells (Avro `map<string>` on `canvas.*` records, jsonb in the loader's pending rows):
 * each set column of the entity's CSV as its cell text. `decodeCanvasRow` reads it back through the catalogue.
 */
export type CanvasRowCells = Record<string, string>;

/** True for a Canvas entity type the catalogue holds (a record's `canvasType` read from the wire). */
export function isCanvasEntityType(value: string): value is CanvasEntityType {
  return Object.hasOwn(CANVAS_ENTITY_CATALOGUE, value);
}

/** True when a row of this type with this status removes or drops the entity in Canvas. */
export function isDestructiveStatus(canvasType: CanvasEntityType, status: string | undefined): boolean {
  const statuses: readonly string[] = CANVAS_ENTITY_CATALOGUE[canvasType].destructiveStatuses;
  return status !== undefined && statuses.includes(status);
}
