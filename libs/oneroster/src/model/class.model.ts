import { BaseRecord, ExtValue, baseRequiredFields, fieldsOf } from './base.model';
import { GuidRef } from './guid-ref.model';

export const classTypes = ['homeroom', 'scheduled'] as const;
export type ClassType = (typeof classTypes)[number] | ExtValue;

/** OneRoster 1.2 Class (a section in Canvas terms). */
export interface Class extends BaseRecord {
  title: string;
  classCode?: string;
  classType?: ClassType;
  location?: string;
  grades?: string[];
  subjects?: string[];
  course: GuidRef<'course'>;
  school: GuidRef<'org'>;
  /** At least one term. */
  terms: GuidRef<'academicSession'>[];
  subjectCodes?: string[];
  periods?: string[];
  resources?: GuidRef<'resource'>[];
}

export const classFields = fieldsOf<Class>()({
  required: [...baseRequiredFields, 'title', 'course', 'school', 'terms'],
  optional: ['metadata', 'classCode', 'classType', 'location', 'grades', 'subjects', 'subjectCodes', 'periods', 'resources'],
});
