import type { ProvisioningKind } from './provisioning-entity';

/** A parent record an entity needs before it can be projected; `via` says why, e.g. "term of class c-1". */
export interface ParentRef {
  type: ProvisioningKind;
  sourcedId: string;
  via?: string;
}
