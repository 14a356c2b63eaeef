import { CanvasHttpClient, CanvasRestClient } from '@rp/canvas';
import { type PassbackSettings, resolvePassbackSettings } from '@rp/mapping';
import {
  createOneRosterHttp, GradebookClient, type OneRosterConnectionSettings, oneRosterSettingsForTenant, RosteringClient, TenantConcurrencyLimiter,
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

export { parseVendorAuthorization } from '@rp/oneroster';

/** OneRoster connection settings of a tenant (one limiter shared by its rostering and gradebook clients). */
export function oneRosterSettingsOf(connection: TenantConnection, maxConcurrentRequests: number): OneRosterConnectionSettings {
  return oneRosterSettingsForTenant(connection.id, connection.ic, { passback: true, maxConcurrentRequests });
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
