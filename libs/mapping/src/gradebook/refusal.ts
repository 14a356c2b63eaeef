/** Why an assignment does not become a lineItem; every code has a message a teacher can act on. */
export type LineItemRefusalCode =
  | 'class-not-sis-bound'
  | 'class-unknown'
  | 'not-published'
  | 'not-selected-for-sis'
  | 'not-graded'
  | 'no-points'
  | 'title-empty'
  | 'title-too-long'
  | 'no-due-date'
  | 'no-category'
  | 'outside-grading-periods'
  | 'grading-period-closed';

export interface LineItemRefusal {
  code: LineItemRefusalCode;
  /** Teacher-readable: what is wrong and what to change in Canvas (or ask the district to change). */
  message: string;
}
