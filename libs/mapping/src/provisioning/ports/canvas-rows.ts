import type {
  AccountRow,
  CourseRow,
  EnrollmentRow,
  SectionRow,
  TermRow,
  UserObserverRow,
  UserRow,
} from '@rp/canvas';

/** Canvas SIS entity types the provisioning pipeline produces (one `canvas.<type>` topic each). */
export const CANVAS_ENTITY_TYPES = [
  'account',
  'term',
  'course',
  'section',
  'user',
  'enrollment',
  'user_observer',
] as const;
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
