import { generateDistrict, type District, type DistrictSizeName } from '@rp/fixtures';
import type { NewTenant } from '@rp/persistence';
import { startCanvasSimulator, type CanvasSimulator } from '@rp/sim-canvas';
import { startOneRosterSimulator, type OneRosterSimulator, type OneRosterSimulatorOptions } from '@rp/sim-oneroster';
import type { E2eEnv } from './e2e-env';

/** One district: its IC (OneRoster simulator) and the Canvas root account it provisions. */
export interface DistrictSetup {
  tenant: string;
  district: District;
  ic: OneRosterSimulator;
  accountKey: string;
}

/** A Canvas simulator with one root account per tenant (token `token-<tenant>`), throttle off for speed. */
export async function startCanvas(env: E2eEnv, tenants: string[]): Promise<CanvasSimulator> {
  const canvas = await startCanvasSimulator({
    rootAccounts: tenants.map((t, i) => ({ key: t, tokens: [`token-${t}`], name: `Canvas ${t}`, shard: 2107 + i })),
    throttle: false,
    importSpeed: { rowsPerStep: 200, stepDelayMs: 0 },
  });
  env.onCleanup(() => canvas.close());
  return canvas;
}

/**
 * Generates a district, serves it from its own OneRoster simulator and registers the tenant (IC + Canvas root
 * account of the same name) in the environment's admin store.
 */
export async function addDistrict(
  env: E2eEnv,
  canvas: CanvasSimulator,
  options: {
    tenant: string; seed: number; size?: DistrictSizeName; mapping?: Record<string, unknown>; thresholds?: Record<string, unknown>;
    /** Every simulated root account is local id 1; a second tenant on the same simulator uses 'self' (tenants must differ). */
    rootAccountId?: string;
    /** OneRoster simulator options, e.g. `{ profile: 'minimal', pageSizeCap: 50 }`. */
    simulator?: Omit<OneRosterSimulatorOptions, 'district'>;
    /** Tenant IC settings over the defaults, from the started simulator (e.g. its issuer token URL, a page size). */
    ic?: (sim: OneRosterSimulator) => Partial<NewTenant['ic']>;
  },
): Promise<DistrictSetup> {
  const district = generateDistrict({ seed: options.seed, size: options.size ?? 'tiny' });
  const ic = await startOneRosterSimulator({ ...options.simulator, district });
  env.onCleanup(() => ic.close());
  const tenant: NewTenant = {
    id: options.tenant,
    name: `District ${options.tenant}`,
    ic: {
      baseUrl: ic.rosteringUrl, tokenUrl: ic.tokenUrl, clientId: 'rp-client', clientSecret: 'rp-secret', vendorAuthorization: ic.vendorAuthorization,
      ...options.ic?.(ic),
    },
    canvas: {
      baseUrl: canvas.baseUrl, rootAccountId: options.rootAccountId ?? '1', token: `token-${options.tenant}`,
      // What identifies this Canvas instance for Live Events (a local id alone never does; docs/security.md).
      rootAccountUuid: canvas.admin.state(options.tenant).uuid,
    },
    mapping: options.mapping,
    thresholds: options.thresholds,
  };
  await env.createTenant(tenant);
  return { tenant: options.tenant, district, ic, accountKey: options.tenant };
}
