import { BaseRecord, baseRequiredFields, fieldsOf } from './base.model';

/** OneRoster 1.2 gradebook Category (IC: must be a real IC category for line items). */
export interface Category extends BaseRecord {
  title: string;
  weight?: number;
}

export const categoryFields = fieldsOf<Category>()({
  required: [...baseRequiredFields, 'title'],
  optional: ['metadata', 'weight'],
});
