import { BaseRecord, baseRequiredFields, fieldsOf } from './base.model';
import { GuidRef } from './guid-ref.model';

/** OneRoster 1.2 Course. */
export interface Course extends BaseRecord {
  title: string;
  schoolYear?: GuidRef<'academicSession'>;
  courseCode: string;
  grades?: string[];
  subjects?: string[];
  org?: GuidRef<'org'>;
  subjectCodes?: string[];
  resources?: GuidRef<'resource'>[];
}

export const courseFields = fieldsOf<Course>()({
  required: [...baseRequiredFields, 'title', 'courseCode'],
  optional: ['metadata', 'schoolYear', 'grades', 'subjects', 'org', 'subjectCodes', 'resources'],
});
