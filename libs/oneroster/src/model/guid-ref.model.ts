import { fieldsOf } from './base.model';

export type GuidRefType =
  | 'academicSession'
  | 'class'
  | 'course'
  | 'org'
  | 'user'
  | 'resource'
  | 'category'
  | 'lineItem'
  | 'scoreScale'
  | 'assessmentLineItem';

/**
 * Reference to another object. The 1.2 schema requires href and type; providers often send only sourcedId,
 * so the normaliser fills `type` from the field it sits in and `href` stays optional.
 */
export interface GuidRef<T extends GuidRefType = GuidRefType> {
  sourcedId: string;
  type: T;
  href?: string;
}

export const guidRefFields = fieldsOf<GuidRef>()({ required: ['sourcedId', 'type'], optional: ['href'] });
