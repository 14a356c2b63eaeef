import { CanvasHttpClient, CanvasRestClient } from '@rp/canvas';
import { type PassbackSettings, resolvePassbackSettings } from '@rp/mapping';
import {
  createOneRosterHttp, GradebookClient, type OneRosterConnectionSettings, RosteringClient, TenantConcurrencyLimiter, tokenSettingsFor,
} from '@rp/oneroster';
import type { TenantConnection } from '@rp/persistence';

/** Everything the gradebook needs to act for one tenant: its settings and its Canvas and IC clients. */
export interface TenantGradebookContext {
  tenant: string;
  settings: PassbackSettings;
  canvas: CanvasRestClient;
  rostering: RosteringClient;
  gradebook: GradebookClient;
  /** Canvas root account (reconciliation lists its SIS courses). */
  canvasAccount: string;
}

/** Looks tenants up (the production implementation reads the admin store). */
export interface TenantContexts {
  context(tenant: string): Promise<TenantGradebookContext>;
  activeTenants(): Promise<string[]>;
}

/** IC's `x-vendor-authorization` is stored as `key:secret`; the client sends the two parts joined again. */
export function parseVendorAuthorization(tenant: string, value: string | undefined): { key: string; secret: string } | undefined {
  if (!value) return undefined;
  const colon = value.indexOf(':');
  if (colon <= 0 || colon === value.length - 1) {
    throw new Error(`tenant ${tenant}: the IC vendor authorization must be "key:secret"; set it with \`ops tenants update ${tenant}\``);
  }
  return { key: value.slice(0, colon), secret: value.slice(colon + 1) };
}

/** OneRoster connection settings of a tenant (one limiter shared by its rostering and gradebook clients). */
export function oneRosterSettingsOf(connection: TenantConnection, maxConcurrentRequests: number): OneRosterConnectionSettings {
  const ic = connection.ic;
  return {
    tenant: connection.id,
    rosteringBaseUrl: ic.baseUrl,
    ...(ic.gradebookUrl ? { gradebookBaseUrl: ic.gradebookUrl } : {}),
    token: tokenSettingsFor(connection.id, ic, { passback: true }),
    vendorAuthorization: parseVendorAuthorization(connection.id, ic.vendorAuthorization),
    ...(ic.pageSize ? { pageSize: ic.pageSize } : {}),
    concurrency: { limit: Math.min(maxConcurrentRequests, ic.maxConcurrentRequests ?? maxConcurrentRequests) },
  };
}

/**
 * Builds a tenant's gradebook context from its stored connection; invalid passback settings throw naming them.
 * `limiter` carries the tenant's IC slots over from an earlier context, so a refreshed context does not add slots.
 */
export function tenantContextOf(connection: TenantConnection, maxConcurrentRequests: number, limiter?: TenantConcurrencyLimiter): TenantGradebookContext {
  const settings = resolvePassbackSettings(connection.id, connection.passback as Partial<PassbackSettings>);
  const oneRoster = oneRosterSettingsOf(connection, maxConcurrentRequests);
  const http = createOneRosterHttp(oneRoster, limiter ? { limiter } : {});
  return {
    tenant: connection.id,
    settings,
    canvas: new CanvasRestClient(new CanvasHttpClient({ baseUrl: connection.canvas.baseUrl, token: connection.canvas.token, tenant: connection.id })),
    rostering: new RosteringClient(oneRoster, {}, http),
    gradebook: new GradebookClient(oneRoster, {}, http),
    canvasAccount: connection.canvas.rootAccountId || 'self',
  };
}
