import { randomBytes } from 'node:crypto';
import { generateDistrict, type District } from '@rp/fixtures';
import { adminStore, createDataSource, runMigrations, TenantRepository } from '@rp/persistence';
import { startCanvasSimulator, type CanvasSimulator } from '@rp/sim-canvas';
import { DEFAULT_APP_NAME, DEFAULT_CLIENT, startOneRosterSimulator, type OneRosterSimulator } from '@rp/sim-oneroster';
import { districtSizeFor } from '../common/district-scale';
import { benchAppEnv, type BenchServices } from '../common/services';

/** Isolated names and both simulators for one full-sync run; the tenant is created in the prefixed admin schema. */
export interface FullSyncEnvironment {
  tenant: string;
  topicPrefix: string;
  schemaPrefix: string;
  secretsKey: string;
  district: District;
  oneRoster: OneRosterSimulator;
  canvas: CanvasSimulator;
  /** Env every app process gets (HTTP_PORT is added per app). */
  appEnv: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

export async function createFullSyncEnvironment(services: BenchServices, scale: string, runId: string, pageSize: number): Promise<FullSyncEnvironment> {
  const tenant = `bench-${runId}`;
  const topicPrefix = `bench-${runId}.`;
  const schemaPrefix = `bench_${runId.replace(/[^a-z0-9]/g, '')}_`;
  const secretsKey = randomBytes(32).toString('base64');
  const canvasToken = `bench-token-${runId}`;
  const district = generateDistrict({ seed: 1, size: districtSizeFor(scale) });
  const oneRoster = await startOneRosterSimulator({ district });
  const canvas = await startCanvasSimulator({ rootAccounts: [{ key: tenant, tokens: [canvasToken], name: tenant, shard: 3 }], throttle: false, retainImportContent: false });
  const ds = createDataSource({ url: services.databaseUrl, store: adminStore, schema: `${schemaPrefix}${adminStore.schema}` });
  await ds.initialize();
  try {
    await runMigrations(ds);
    await new TenantRepository(ds, Buffer.from(secretsKey, 'base64')).create({
      id: tenant,
      name: `Benchmark ${scale}`,
      ic: {
        baseUrl: oneRoster.rosteringUrl, tokenUrl: `${oneRoster.baseUrl}/campus/oauth2/token`, appName: DEFAULT_APP_NAME,
        clientId: DEFAULT_CLIENT.clientId, clientSecret: DEFAULT_CLIENT.clientSecret, pageSize,
      },
      canvas: { baseUrl: canvas.baseUrl, rootAccountId: String(canvas.state.get(tenant)!.rootAccount.id), token: canvasToken },
    });
  } finally {
    await ds.destroy();
  }
  const appEnv = benchAppEnv(services, { secretsKey, topicPrefix, schemaPrefix }, { EXTRACTOR_SCHEDULE: 'off' });
  return {
    tenant, topicPrefix, schemaPrefix, secretsKey, district, oneRoster, canvas, appEnv,
    close: async () => {
      await oneRoster.close().catch(() => undefined);
      await canvas.close().catch(() => undefined);
    },
  };
}

/** Rows Canvas applied across all SIS imports of the account (entity counts only), and the imports' span. */
export function canvasImportTotals(canvas: CanvasSimulator, account: string): { imports: number; rows: number; firstCreatedMs?: number; lastEndedMs?: number; states: Record<string, number> } {
  const imports = canvas.admin.imports(account);
  const entityKeys = ['accounts', 'terms', 'courses', 'sections', 'users', 'enrollments', 'user_observers'];
  const states: Record<string, number> = {};
  let rows = 0;
  for (const rec of imports) {
    states[rec.workflowState] = (states[rec.workflowState] ?? 0) + 1;
    for (const key of entityKeys) rows += rec.counts[key] ?? 0;
  }
  const created = imports.map((i) => i.createdAt);
  const ended = imports.map((i) => i.endedAt).filter((e): e is number => e !== null);
  return {
    imports: imports.length, rows, states,
    firstCreatedMs: created.length ? Math.min(...created) : undefined,
    lastEndedMs: ended.length ? Math.max(...ended) : undefined,
  };
}
