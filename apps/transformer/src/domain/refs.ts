import type { ParentRef, ProvisioningEntity, ProvisioningKind } from '@rp/mapping';

/** `<kind>:<sourcedId>`: how parked entities name what they wait for, and how entities are keyed in memory. */
export const refKey = (type: ProvisioningKind | string, sourcedId: string): string => `${type}:${sourcedId}`;

/** Key of an entity. */
export const entityKey = (entity: ProvisioningEntity): string => refKey(entity.kind, entity.record.sourcedId);

/** Key of a missing parent. */
export const parentKey = (parent: ParentRef): string => refKey(parent.type, parent.sourcedId);

/** Parked because the tenant's mapping settings are invalid (or the tenant is unknown); released once they are fixed. */
export const SETTINGS_REF = 'settings:mapping';

/** Parked because the record cannot be mapped as it is (found while re-projecting it as a dependant). */
export const MAPPING_ERROR_REF = 'mapping:error';
