import { BaseRecord, DateString, ExtValue, baseRequiredFields, fieldsOf } from './base.model';
import { GuidRef } from './guid-ref.model';
import { LearningObjectiveSource } from './line-item.model';

export const scoreStatuses = ['exempt', 'fully graded', 'not submitted', 'partially graded', 'submitted'] as const;
export type ScoreStatus = (typeof scoreStatuses)[number] | ExtValue;

export interface LearningObjectiveResult {
  learningObjectiveId: string;
  score?: number;
  textScore?: string;
}

export interface LearningObjectiveScoreSet {
  source: LearningObjectiveSource;
  learningObjectiveResults: LearningObjectiveResult[];
}

/** OneRoster 1.2 Result: one student's score on one line item. `late`/`missing` are flags, not statuses. */
export interface Result extends BaseRecord {
  lineItem: GuidRef<'lineItem'>;
  student: GuidRef<'user'>;
  class?: GuidRef<'class'>;
  scoreScale?: GuidRef<'scoreScale'>;
  scoreStatus: ScoreStatus;
  score?: number;
  textScore?: string;
  scoreDate: DateString;
  comment?: string;
  learningObjectiveSet?: LearningObjectiveScoreSet[];
  inProgress?: boolean;
  incomplete?: boolean;
  late?: boolean;
  missing?: boolean;
}

export const learningObjectiveResultFields = fieldsOf<LearningObjectiveResult>()({
  required: ['learningObjectiveId'],
  optional: ['score', 'textScore'],
});
export const learningObjectiveScoreSetFields = fieldsOf<LearningObjectiveScoreSet>()({
  required: ['source', 'learningObjectiveResults'],
  optional: [],
});
export const resultFields = fieldsOf<Result>()({
  required: [...baseRequiredFields, 'lineItem', 'student', 'scoreStatus', 'scoreDate'],
  optional: [
    'metadata',
    'class',
    'scoreScale',
    'score',
    'textScore',
    'comment',
    'learningObjectiveSet',
    'inProgress',
    'incomplete',
    'late',
    'missing',
  ],
});
