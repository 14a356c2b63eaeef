import type { Org } from '@rp/oneroster';
import { CanvasProjection, canvasProjection } from './canvas-projection';
import type { TenantMappingSettings } from './tenant-mapping-settings';

/** Canvas account id the district maps to: `''` is the root account (blank parent_account_id in accounts.csv). */
export function districtAccountId(settings: TenantMappingSettings): string {
  return settings.districtAccount.mode === 'root' ? '' : settings.districtAccount.accountId;
}

/**
 * Canvas account holding the courses of an org: a school is its own sub-account (`account_id = sourcedId`);
 * a district or any other org type falls back to the district account (undefined = root, leave the column empty).
 */
export function canvasAccountIdForOrg(org: Pick<Org, 'sourcedId' | 'type'> | undefined, settings: TenantMappingSettings): string | undefined {
  if (org?.type === 'school') return org.sourcedId;
  return districtAccountId(settings) || undefined;
}

/**
 * Projects an org. School → sub-account under the district account; district → the configured sub-account
 * (nothing in root mode: the root account exists already). Other org types (state, local, department…) have no
 * Canvas account. The district sub-account is configured by the tenant, not owned by the SIS, so a
 * `tobedeleted` district never deletes it.
 */
export function projectOrg(org: Org, settings: TenantMappingSettings): CanvasProjection[] {
  const sources = [{ type: 'org' as const, sourcedId: org.sourcedId }];
  if (org.type === 'district') {
    const district = settings.districtAccount;
    if (district.mode === 'root' || org.status === 'tobedeleted') return [];
    const row = { account_id: district.accountId, parent_account_id: '', name: district.name ?? org.name, status: 'active' as const };
    return [canvasProjection('account', district.accountId, row, 'upsert', sources)];
  }
  if (org.type !== 'school') return [];
  const deleted = org.status === 'tobedeleted';
  const row = {
    account_id: org.sourcedId,
    parent_account_id: districtAccountId(settings),
    name: org.name,
    status: deleted ? ('deleted' as const) : ('active' as const),
  };
  return [canvasProjection('account', org.sourcedId, row, deleted ? 'delete' : 'upsert', sources, org.sourcedId)];
}
