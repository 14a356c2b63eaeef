import { BaseRecord, DateTimeString, baseRequiredFields, fieldsOf } from './base.model';
import { GuidRef } from './guid-ref.model';

/** `case`, `unknown`, or a `/lowercase` extension source. */
export type LearningObjectiveSource = 'case' | 'unknown' | `/${string}`;

export interface LearningObjectiveSet {
  source: LearningObjectiveSource;
  learningObjectiveIds: string[];
}

/** OneRoster 1.2 LineItem (a Canvas assignment in the SIS gradebook). Dates are date-times. */
export interface LineItem extends BaseRecord {
  title: string;
  description?: string;
  assignDate: DateTimeString;
  dueDate: DateTimeString;
  class: GuidRef<'class'>;
  school: GuidRef<'org'>;
  category: GuidRef<'category'>;
  gradingPeriod?: GuidRef<'academicSession'>;
  academicSession?: GuidRef<'academicSession'>;
  scoreScale?: GuidRef<'scoreScale'>;
  resultValueMin?: number;
  resultValueMax?: number;
  learningObjectiveSet?: LearningObjectiveSet[];
}

export const learningObjectiveSetFields = fieldsOf<LearningObjectiveSet>()({
  required: ['source', 'learningObjectiveIds'],
  optional: [],
});
export const lineItemFields = fieldsOf<LineItem>()({
  required: [...baseRequiredFields, 'title', 'assignDate', 'dueDate', 'class', 'school', 'category'],
  optional: [
    'metadata',
    'description',
    'gradingPeriod',
    'academicSession',
    'scoreScale',
    'resultValueMin',
    'resultValueMax',
    'learningObjectiveSet',
  ],
});
