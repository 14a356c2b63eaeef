import { OneRosterConnectionSettings, RosteringClient, tokenSettingsFor } from '@rp/oneroster';
import type { TenantConnection } from '@rp/persistence';

/** The tenant's IC connection as client settings (secrets from the decrypted connection; never logged). */
export function rosteringSettings(tenant: TenantConnection): OneRosterConnectionSettings {
  const ic = tenant.ic;
  return {
    tenant: tenant.id,
    rosteringBaseUrl: ic.baseUrl,
    gradebookBaseUrl: ic.gradebookUrl,
    // Provisioning reads rosters only: it asks for rostering scopes unless the tenant set its own.
    token: tokenSettingsFor(tenant.id, ic, { passback: false }),
    pageSize: ic.pageSize,
    concurrency: {
      limit: ic.maxConcurrentRequests ?? 5,
      peakHours: ic.peakHours
        ? {
            timeZone: ic.peakHours.timeZone,
            windows: [{ start: ic.peakHours.from, end: ic.peakHours.to }],
            limit: ic.peakHours.maxConcurrentRequests,
          }
        : undefined,
    },
  };
}

export const rosteringClientFor = (tenant: TenantConnection): RosteringClient => new RosteringClient(rosteringSettings(tenant));
