import { BaseRecord, baseRequiredFields, fieldsOf } from './base.model';
import { GuidRef } from './guid-ref.model';

export interface ScoreScaleValue {
  itemValueLHS: string;
  itemValueRHS: string;
}

/** OneRoster 1.2 ScoreScale (e.g. letter grades to points). */
export interface ScoreScale extends BaseRecord {
  title: string;
  type: string;
  course?: GuidRef<'course'>;
  class: GuidRef<'class'>;
  scoreScaleValue: ScoreScaleValue[];
}

export const scoreScaleValueFields = fieldsOf<ScoreScaleValue>()({
  required: ['itemValueLHS', 'itemValueRHS'],
  optional: [],
});
export const scoreScaleFields = fieldsOf<ScoreScale>()({
  required: [...baseRequiredFields, 'title', 'type', 'class', 'scoreScaleValue'],
  optional: ['metadata', 'course'],
});
