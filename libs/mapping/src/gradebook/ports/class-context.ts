import type { Category } from '@rp/oneroster';

/** How a Canvas assignment reaches a OneRoster class: the course SIS id (one course per class) or a section SIS id. */
export interface ClassBinding {
  classSourcedId: string;
  via: 'course' | 'section';
}

/** A OneRoster grading period (academicSession) with IC's grading window state. Dates are YYYY-MM-DD, end exclusive. */
export interface GradingPeriodWindow {
  sourcedId: string;
  title: string;
  startDate: string;
  endDate: string;
  /** IC accepts scores only while the grading window is open; unknown = open. */
  open?: boolean;
}

/** What the gradebook knows about one OneRoster class from IC (materialised from the oneroster.* topics). */
export interface ClassContext {
  classSourcedId: string;
  schoolSourcedId: string;
  /** IC categories visible to the class: class-scoped ones carry `metadata.classId`, the rest are global. */
  categories: Category[];
  /** The school's grading periods (any order). */
  gradingPeriods: GradingPeriodWindow[];
}
