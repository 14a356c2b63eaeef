import { BaseRecord, DateString, ExtValue, baseRequiredFields, fieldsOf } from './base.model';
import { GuidRef } from './guid-ref.model';

export const enrollmentRoles = ['administrator', 'proctor', 'student', 'teacher'] as const;
export type EnrollmentRole = (typeof enrollmentRoles)[number] | ExtValue;

/** OneRoster 1.2 Enrollment of a user in a class. beginDate inclusive, endDate exclusive. */
export interface Enrollment extends BaseRecord {
  user: GuidRef<'user'>;
  class: GuidRef<'class'>;
  school: GuidRef<'org'>;
  role: EnrollmentRole;
  /** Teachers only: the class's primary teacher within the date window. */
  primary?: boolean;
  beginDate?: DateString;
  endDate?: DateString;
}

export const enrollmentFields = fieldsOf<Enrollment>()({
  required: [...baseRequiredFields, 'user', 'class', 'school', 'role'],
  optional: ['metadata', 'primary', 'beginDate', 'endDate'],
});
