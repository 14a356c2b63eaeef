import { randomBytes } from 'node:crypto';
import { generateDistrict, type District, type DistrictSize } from '@rp/fixtures';
import { adminStore, createDataSource, runMigrations, TenantRepository } from '@rp/persistence';
import { startCanvasSimulator, type CanvasSimulator } from '@rp/sim-canvas';
import { DEFAULT_CLIENT, startOneRosterSimulator, type OneRosterSimulator } from '@rp/sim-oneroster';
import { benchAppEnv, type BenchServices } from '../common/services';

/** A small district per tenant: one school, classes of ~25 students (enough cells for a few hundred grades each). */
export const PASSBACK_DISTRICT: DistrictSize = { schools: 1, students: 160, staff: 12, classes: 16, studentEnrollments: 400 };

/** The IC category every benchmark assignment group is named after; course grades go to it too. */
export const PASSBACK_CATEGORY = 'Tests';

/** One tenant of a run: its generated district served by its own OneRoster simulator (its IC). */
export interface PassbackTenant {
  id: string;
  district: District;
  ic: OneRosterSimulator;
  canvasToken: string;
}

/** Isolated names, the Canvas simulator (one root account per tenant) and one IC per tenant, tenants stored. */
export interface PassbackEnvironment {
  tenants: PassbackTenant[];
  canvas: CanvasSimulator;
  topicPrefix: string;
  schemaPrefix: string;
  /** Env every app process gets (HTTP_PORT is added per app). */
  appEnv: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

/**
 * Creates `tenantCount` tenants in the run's prefixed admin schema. Each Canvas root account has its own shard, and
 * the tenant names it by global id: all accounts share the simulator's host, so a local id `1` would be ambiguous
 * to the gateway.
 */
export async function createPassbackEnvironment(
  services: BenchServices, tenantCount: number, runTag: string, deliveryConcurrency: number,
  districtOf: (seed: number) => District = (seed) => generateDistrict({ seed, size: PASSBACK_DISTRICT }),
): Promise<PassbackEnvironment> {
  const topicPrefix = `bench-${runTag}.`;
  const schemaPrefix = `bench_${runTag.replace(/[^a-z0-9]/g, '')}_`;
  const secretsKey = randomBytes(32).toString('base64');
  const ids = Array.from({ length: tenantCount }, (_, i) => `pb${i + 1}-${runTag}`);
  const canvas = await startCanvasSimulator({
    rootAccounts: ids.map((id, i) => ({ key: id, tokens: [`token-${id}`], name: `Canvas ${id}`, shard: 3001 + i })),
    // Canvas's own throttle (leaky bucket, default costs): a processor that floods Canvas is refused, and counted.
    importSpeed: { rowsPerStep: 500, stepDelayMs: 0 },
    liveEvents: { concurrency: deliveryConcurrency },
  });
  const tenants: PassbackTenant[] = [];
  const ds = createDataSource({ url: services.databaseUrl, store: adminStore, schema: `${schemaPrefix}${adminStore.schema}` });
  try {
    await ds.initialize();
    await runMigrations(ds);
    const repo = new TenantRepository(ds, Buffer.from(secretsKey, 'base64'));
    for (const [i, id] of ids.entries()) {
      const district = districtOf(100 + i);
      const ic = await startOneRosterSimulator({ district });
      tenants.push({ id, district, ic, canvasToken: `token-${id}` });
      await repo.create({
        id,
        name: `Passback benchmark ${i + 1}`,
        ic: {
          baseUrl: ic.rosteringUrl, gradebookUrl: ic.gradebookUrl, tokenUrl: ic.tokenUrl,
          clientId: DEFAULT_CLIENT.clientId, clientSecret: DEFAULT_CLIENT.clientSecret, vendorAuthorization: ic.vendorAuthorization,
        },
        canvas: {
          baseUrl: canvas.baseUrl, rootAccountId: canvas.state.get(id)!.globalId(1), rootAccountUuid: canvas.state.get(id)!.uuid, token: `token-${id}`, liveEventsJwksUrl: canvas.jwksUrl,
        },
        passback: { courseGradeCategoryTitle: PASSBACK_CATEGORY },
      });
    }
  } catch (error) {
    await Promise.all([canvas.close(), ...tenants.map((t) => t.ic.close())]).catch(() => undefined);
    throw error;
  } finally {
    if (ds.isInitialized) await ds.destroy();
  }
  const appEnv = benchAppEnv(services, { secretsKey, topicPrefix, schemaPrefix }, {
    // The event path alone: reconciliation would repair lost grades and hide them from the completeness check.
    GRADEBOOK_RECONCILE_INTERVAL_MS: '0',
  });
  return {
    tenants, canvas, topicPrefix, schemaPrefix, appEnv,
    close: async () => {
      await canvas.close().catch(() => undefined);
      for (const t of tenants) await t.ic.close().catch(() => undefined);
    },
  };
}
