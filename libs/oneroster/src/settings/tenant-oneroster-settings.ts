import type { PeakHoursSettings } from '../client/concurrency.limiter';
import type { OneRosterConnectionSettings } from '../client/oneroster-connection';
import { type TenantTokenFields, tokenSettingsFor } from './provider-settings';

/** A tenant's stored (decrypted) IC connection, as far as the OneRoster clients need it. */
export interface TenantIcConnection extends TenantTokenFields {
  baseUrl: string;
  gradebookUrl?: string;
  vendorAuthorization?: string;
  pageSize?: number;
  maxConcurrentRequests?: number;
  peakHours?: { from: string; to: string; timeZone: string; maxConcurrentRequests: number };
}

/** IC's default off-peak concurrency per tenant (doc: at most 5). */
const DEFAULT_MAX_CONCURRENT_REQUESTS = 5;

/** IC's `x-vendor-authorization` is stored as `key:secret`; the client sends the two parts joined again. */
export function parseVendorAuthorization(tenant: string, value: string | undefined): { key: string; secret: string } | undefined {
  if (!value) return undefined;
  const colon = value.indexOf(':');
  if (colon <= 0 || colon === value.length - 1) {
    throw new Error(`tenant ${tenant}: the IC vendor authorization must be "key:secret"; set it with \`ops tenants update ${tenant}\``);
  }
  return { key: value.slice(0, colon), secret: value.slice(colon + 1) };
}

/**
 * The OneRoster client settings of a tenant's connection — the one builder the extractor, the gradebook and `ops` share.
 * `passback` adds the gradebook scopes and the vendor key; `maxConcurrentRequests` caps the tenant's own limit (a
 * service-wide ceiling); `peakHours` (the tenant schedule's serial hours) replaces the connection's own peak hours.
 */
export function oneRosterSettingsForTenant(
  tenant: string,
  ic: TenantIcConnection,
  options: { passback: boolean; maxConcurrentRequests?: number; peakHours?: PeakHoursSettings },
): OneRosterConnectionSettings {
  const ceiling = options.maxConcurrentRequests ?? Number.POSITIVE_INFINITY;
  const own = ic.maxConcurrentRequests ?? options.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT_REQUESTS;
  const vendorAuthorization = options.passback ? parseVendorAuthorization(tenant, ic.vendorAuthorization) : undefined;
  return {
    tenant,
    rosteringBaseUrl: ic.baseUrl,
    ...(ic.gradebookUrl ? { gradebookBaseUrl: ic.gradebookUrl } : {}),
    token: tokenSettingsFor(tenant, ic, { passback: options.passback }),
    ...(vendorAuthorization ? { vendorAuthorization } : {}),
    ...(ic.pageSize ? { pageSize: ic.pageSize } : {}),
    concurrency: {
      limit: Math.min(ceiling, own),
      ...(options.peakHours ? { peakHours: options.peakHours } : ic.peakHours
        ? { peakHours: { timeZone: ic.peakHours.timeZone, windows: [{ start: ic.peakHours.from, end: ic.peakHours.to }], limit: ic.peakHours.maxConcurrentRequests } }
        : {}),
    },
  };
}
