import type { OneRosterEntities } from '@rp/oneroster';

/** The OneRoster record kinds that provisioning projects into Canvas. */
export type ProvisioningRecords = Pick<OneRosterEntities, 'org' | 'academicSession' | 'course' | 'class' | 'user' | 'enrollment'>;
export type ProvisioningKind = keyof ProvisioningRecords;

/** One OneRoster record tagged with its kind, as the transformer materialises it. */
export type ProvisioningEntity = {
  [K in ProvisioningKind]: { kind: K; record: ProvisioningRecords[K] };
}[ProvisioningKind];

/** A reference to a OneRoster record by kind and sourcedId. */
export interface SourceRef {
  type: ProvisioningKind;
  sourcedId: string;
}
