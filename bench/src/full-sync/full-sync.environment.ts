import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { adminStore, createDataSource, runMigrations, TenantRepository } from '@rp/persistence';
import type { CanvasSimulator } from '@rp/sim-canvas';
import { DEFAULT_APP_NAME, DEFAULT_CLIENT } from '@rp/sim-oneroster';
import { benchAppEnv, type BenchServices } from '../common/services';
import { entityRows, importTotals, type ImportSummary, type ImportTotals } from './import-timeline';
import type { CanvasHostInfo } from './sim-hosts/canvas.host';
import type { OneRosterHostInfo } from './sim-hosts/oneroster.host';
import { forkSimHost, type SimProcess } from './sim-hosts/sim-process';

/** Isolated names and both simulators (each in its own process) for one full-sync run; the tenant is created in the prefixed admin schema. */
export interface FullSyncEnvironment {
  tenant: string;
  topicPrefix: string;
  schemaPrefix: string;
  secretsKey: string;
  counts: OneRosterHostInfo['counts'];
  oneRoster: SimProcess<OneRosterHostInfo>;
  canvas: SimProcess<CanvasHostInfo>;
  /** Env every app process gets (HTTP_PORT is added per app). */
  appEnv: NodeJS.ProcessEnv;
  /** The tenant's Canvas SIS imports so far. */
  imports(): Promise<ImportSummary[]>;
  close(): Promise<void>;
}

export interface SimulatorOptions {
  /** Heap of each simulator process (MiB). */
  heapMiB: number;
  /** Rows per second the Canvas simulator applies (0 = as fast as it can). */
  canvasRowsPerSecond: number;
}

export async function createFullSyncEnvironment(
  services: BenchServices, scale: string, runId: string, pageSize: number, sims: SimulatorOptions,
): Promise<FullSyncEnvironment> {
  const tenant = `bench-${runId}`;
  const topicPrefix = `bench-${runId}.`;
  const schemaPrefix = `bench_${runId.replace(/[^a-z0-9]/g, '')}_`;
  const secretsKey = randomBytes(32).toString('base64');
  const canvasToken = `bench-token-${runId}`;
  const [oneRosterStarted, canvasStarted] = await Promise.allSettled([
    forkSimHost<OneRosterHostInfo>('OneRoster', join(__dirname, 'sim-hosts', 'oneroster.host.ts'), [scale], sims.heapMiB),
    forkSimHost<CanvasHostInfo>('Canvas', join(__dirname, 'sim-hosts', 'canvas.host.ts'), [tenant, canvasToken, String(sims.canvasRowsPerSecond)], sims.heapMiB),
  ]);
  if (oneRosterStarted.status === 'rejected' || canvasStarted.status === 'rejected') {
    for (const started of [oneRosterStarted, canvasStarted]) if (started.status === 'fulfilled') await started.value.stop();
    throw ((oneRosterStarted.status === 'rejected' ? oneRosterStarted : canvasStarted) as PromiseRejectedResult).reason;
  }
  const oneRoster = oneRosterStarted.value;
  const canvas = canvasStarted.value;
  const close = async () => {
    await oneRoster.stop().catch(() => undefined);
    await canvas.stop().catch(() => undefined);
  };
  try {
    const ds = createDataSource({ url: services.databaseUrl, store: adminStore, schema: `${schemaPrefix}${adminStore.schema}` });
    await ds.initialize();
    try {
      await runMigrations(ds);
      await new TenantRepository(ds, Buffer.from(secretsKey, 'base64')).create({
        id: tenant,
        name: `Benchmark ${scale}`,
        ic: {
          baseUrl: oneRoster.info.rosteringUrl, tokenUrl: `${oneRoster.info.baseUrl}/campus/oauth2/token`, appName: DEFAULT_APP_NAME,
          clientId: DEFAULT_CLIENT.clientId, clientSecret: DEFAULT_CLIENT.clientSecret, pageSize,
        },
        canvas: { baseUrl: canvas.info.baseUrl, rootAccountId: canvas.info.rootAccountId, token: canvasToken },
      });
    } finally {
      await ds.destroy();
    }
  } catch (error) {
    await close();
    throw error;
  }
  const appEnv = benchAppEnv(services, { secretsKey, topicPrefix, schemaPrefix }, { EXTRACTOR_SCHEDULE: 'off' });
  return {
    tenant, topicPrefix, schemaPrefix, secretsKey, counts: oneRoster.info.counts, oneRoster, canvas, appEnv,
    imports: () => canvas.call<ImportSummary[]>('imports'),
    close,
  };
}

/** Rows Canvas applied across all SIS imports of an in-process simulator's account, and the imports' span (scale-out). */
export function canvasImportTotals(canvas: CanvasSimulator, account: string): ImportTotals {
  return importTotals(canvas.admin.imports(account).map((rec) => ({
    id: rec.id, workflowState: rec.workflowState, createdAt: rec.createdAt, startedAt: rec.startedAt, endedAt: rec.endedAt, rows: entityRows(rec.counts),
  })));
}
