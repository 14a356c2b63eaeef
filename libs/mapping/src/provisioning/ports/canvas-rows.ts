import type {
  AccountRow,
  CourseRow,
  EnrollmentRow,
  SectionRow,
  TermRow,
  UserObserverRow,
  UserRow,
} from '@rp/canvas';

// The list lives with the Canvas SIS model (libs/canvas); the pipeline's contracts derive from the same one.
export { CANVAS_ENTITY_TYPES } from '@rp/canvas';
export type { CanvasEntityType } from '@rp/canvas';

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
