import { resolveSchedule, serialPeakHours } from '@rp/config';
import { OneRosterConnectionSettings, oneRosterSettingsForTenant, RosteringClient } from '@rp/oneroster';
import type { TenantConnection } from '@rp/persistence';

/**
 * The tenant's IC connection as client settings (secrets from the decrypted connection; never logged). Inside the
 * schedule's peak hours the extractor's IC requests are serial (Infinite Campus's rule for district hours).
 */
export function rosteringSettings(tenant: TenantConnection): OneRosterConnectionSettings {
  const schedule = resolveSchedule(tenant.id, tenant.schedule);
  const peakHours = schedule.peakHours ? serialPeakHours(schedule.peakHours, schedule.timeZone) : undefined;
  // Provisioning reads rosters only: it asks for rostering scopes unless the tenant set its own.
  return oneRosterSettingsForTenant(tenant.id, tenant.ic, { passback: false, ...(peakHours ? { peakHours } : {}) });
}

export const rosteringClientFor = (tenant: TenantConnection): RosteringClient => new RosteringClient(rosteringSettings(tenant));
