import { BaseRecord, ExtValue, baseRequiredFields, fieldsOf } from './base.model';
import { GuidRef } from './guid-ref.model';

export const orgTypes = ['department', 'district', 'local', 'national', 'school', 'state'] as const;
export type OrgType = (typeof orgTypes)[number] | ExtValue;

/** OneRoster 1.2 Org (district, school, …). */
export interface Org extends BaseRecord {
  name: string;
  type: OrgType;
  identifier: string;
  parent?: GuidRef<'org'>;
  children?: GuidRef<'org'>[];
}

export const orgFields = fieldsOf<Org>()({
  required: [...baseRequiredFields, 'name', 'type', 'identifier'],
  optional: ['metadata', 'parent', 'children'],
});
