import { BaseRecord, DateString, ExtValue, baseRequiredFields, fieldsOf } from './base.model';
import { GuidRef } from './guid-ref.model';

export const academicSessionTypes = ['gradingPeriod', 'semester', 'schoolYear', 'term'] as const;
export type AcademicSessionType = (typeof academicSessionTypes)[number] | ExtValue;

/** OneRoster 1.2 AcademicSession (terms and grading periods are subsets). endDate is exclusive. */
export interface AcademicSession extends BaseRecord {
  title: string;
  startDate: DateString;
  endDate: DateString;
  type: AcademicSessionType;
  parent?: GuidRef<'academicSession'>;
  children?: GuidRef<'academicSession'>[];
  /** The ending year of the school year, e.g. `2025`. */
  schoolYear: string;
}

export const academicSessionFields = fieldsOf<AcademicSession>()({
  required: [...baseRequiredFields, 'title', 'startDate', 'endDate', 'type', 'schoolYear'],
  optional: ['metadata', 'parent', 'children'],
});
