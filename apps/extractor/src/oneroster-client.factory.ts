import { OneRosterConnectionSettings, oneRosterSettingsForTenant, RosteringClient } from '@rp/oneroster';
import type { TenantConnection } from '@rp/persistence';

/** The tenant's IC connection as client settings (secrets from the decrypted connection; never logged). */
export function rosteringSettings(tenant: TenantConnection): OneRosterConnectionSettings {
  // Provisioning reads rosters only: it asks for rostering scopes unless the tenant set its own.
  return oneRosterSettingsForTenant(tenant.id, tenant.ic, { passback: false });
}

export const rosteringClientFor = (tenant: TenantConnection): RosteringClient => new RosteringClient(rosteringSettings(tenant));
