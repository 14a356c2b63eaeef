import { InvalidMappingSettingsError, resolveTenantMappingSettings } from '@rp/mapping';
import { TenantNotFoundError, TenantRepository } from '@rp/persistence';
import type { SettingsOutcome } from './domain/evaluate-batch';

/**
 * A tenant's mapping settings from the tenant directory. An unknown tenant or invalid settings are not the
 * records' fault: they are parked with a message telling the admin what to fix (dead-lettering would lose them).
 */
export async function tenantMappingSettings(tenants: Pick<TenantRepository, 'get'>, tenant: string): Promise<SettingsOutcome> {
  try {
    const summary = await tenants.get(tenant);
    return { ok: true, settings: resolveTenantMappingSettings(tenant, summary.mapping) };
  } catch (error) {
    if (error instanceof TenantNotFoundError) {
      return { ok: false, message: `tenant ${tenant} is not in the tenant directory; add it with \`ops tenants add\`. Its records wait (parked) until its next change after that` };
    }
    if (error instanceof InvalidMappingSettingsError) {
      return { ok: false, message: `${error.message}\nFix them with \`ops tenants update ${tenant}\`; parked records are projected with the tenant's next change` };
    }
    throw error; // database trouble: retriable
  }
}
