import { randomBytes } from 'node:crypto';
import { generateDistrict, type District } from '@rp/fixtures';
import { adminStore, createDataSource, runMigrations, TenantRepository } from '@rp/persistence';
import { startCanvasSimulator, type CanvasSimulator } from '@rp/sim-canvas';
import { DEFAULT_APP_NAME, DEFAULT_CLIENT, startOneRosterSimulator, type OneRosterSimulator } from '@rp/sim-oneroster';
import { districtSizeFor } from '../common/district-scale';
import { benchAppEnv, type BenchServices } from '../common/services';

/** One tenant of a scale-out run: its generated district served by its own OneRoster simulator (its IC) and its own Canvas. */
export interface ScaleOutTenant {
  id: string;
  district: District;
  oneRoster: OneRosterSimulator;
  canvas: CanvasSimulator;
}

/** Isolated names, one Canvas simulator and one IC per tenant, tenants stored. */
export interface ScaleOutEnvironment {
  tenants: ScaleOutTenant[];
  topicPrefix: string;
  schemaPrefix: string;
  /** Env every app process gets (HTTP_PORT is added per app). */
  appEnv: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

/**
 * `tenantCount` districts of one scale (seeds differ, so do the records), each with its own Canvas instance (a root
 * account at local id 1, as every hosted Canvas has; two tenants may not name the same root account of one host).
 */
export async function createScaleOutEnvironment(services: BenchServices, tenantCount: number, scale: string, runTag: string): Promise<ScaleOutEnvironment> {
  const topicPrefix = `bench-${runTag}.`;
  const schemaPrefix = `bench_${runTag.replace(/[^a-z0-9]/g, '')}_`;
  const secretsKey = randomBytes(32).toString('base64');
  const ids = Array.from({ length: tenantCount }, (_, i) => `so${i + 1}-${runTag}`);
  const tenants: ScaleOutTenant[] = [];
  const ds = createDataSource({ url: services.databaseUrl, store: adminStore, schema: `${schemaPrefix}${adminStore.schema}` });
  try {
    await ds.initialize();
    await runMigrations(ds);
    const repo = new TenantRepository(ds, Buffer.from(secretsKey, 'base64'));
    for (const [i, id] of ids.entries()) {
      const district = generateDistrict({ seed: 1 + i, size: districtSizeFor(scale) });
      const oneRoster = await startOneRosterSimulator({ district });
      const canvas = await startCanvasSimulator({
        rootAccounts: [{ key: id, tokens: [`token-${id}`], name: `Canvas ${id}`, shard: 5001 + i }], throttle: false, retainImportContent: false,
      }).catch(async (error: unknown) => {
        await oneRoster.close();
        throw error;
      });
      tenants.push({ id, district, oneRoster, canvas });
      await repo.create({
        id,
        name: `Scale-out benchmark ${i + 1}`,
        ic: {
          baseUrl: oneRoster.rosteringUrl, tokenUrl: `${oneRoster.baseUrl}/campus/oauth2/token`, appName: DEFAULT_APP_NAME,
          clientId: DEFAULT_CLIENT.clientId, clientSecret: DEFAULT_CLIENT.clientSecret,
        },
        canvas: { baseUrl: canvas.baseUrl, rootAccountId: String(canvas.state.get(id)!.rootAccount.id), rootAccountUuid: canvas.state.get(id)!.uuid, token: `token-${id}` },
      });
    }
  } catch (error) {
    await Promise.all(tenants.flatMap((t) => [t.canvas.close(), t.oneRoster.close()])).catch(() => undefined);
    throw error;
  } finally {
    if (ds.isInitialized) await ds.destroy();
  }
  return {
    tenants, topicPrefix, schemaPrefix,
    appEnv: benchAppEnv(services, { secretsKey, topicPrefix, schemaPrefix }, { EXTRACTOR_SCHEDULE: 'off' }),
    close: async () => {
      for (const t of tenants) await Promise.all([t.canvas.close(), t.oneRoster.close()]).catch(() => undefined);
    },
  };
}
