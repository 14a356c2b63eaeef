import type { CanvasSimulator } from '@rp/sim-canvas';
import {
  addDistrict, DistrictSetup, E2eEnv, expectedCanvas, Pipeline, rosterOf, sleep, startCanvas, waitFor,
} from '../support';
import { canvasRecords, deadLetterCounts, expectUndisturbedCanvas, OUTAGE_MS } from './harness';
import { PassbackApps, PassbackBurst, passbackSettings } from './passback-burst';
import { TcpProxy } from './tcp-proxy';

/**
 * Long outage (issue 16): the schema registry away for a minute during one tenant's full sync and another's passback
 * burst. The apps reach the (shared) registry through a private TCP proxy that the test closes, so they get refused
 * connections as from a stopped registry. Running apps encode and decode from the schemas they registered at start;
 * the transformer and the gradebook writer are restarted during the outage (a pod rescheduled that night) and must
 * wait at start-up — not ready, saying why — instead of crashing. Afterwards the sync ends exactly as undisturbed,
 * every grade lands with its one score, and nothing was dead-lettered.
 */
describe('long outage: schema registry away for a minute during a full sync and a passback burst', () => {
  const env = new E2eEnv('out-registry');
  let proxy: TcpProxy;
  let canvas: CanvasSimulator;
  let syncing: DistrictSetup;
  let grading: DistrictSetup;
  let pipeline: Pipeline;
  let apps: PassbackApps;
  let burst: PassbackBurst;

  beforeAll(async () => {
    proxy = await TcpProxy.start(env.services.schemaRegistryUrl);
    const viaProxy = { SCHEMA_REGISTRY_URL: proxy.via(env.services.schemaRegistryUrl) };
    canvas = await startCanvas(env, ['rgsync', 'rgpass']);
    syncing = await addDistrict(env, canvas, { tenant: 'rgsync', seed: 65 });
    grading = await addDistrict(env, canvas, { tenant: 'rgpass', seed: 13, rootAccountId: 'self' });
    const tenants = await env.tenants();
    await tenants.update('rgsync', { ic: { pageSize: 10 } });
    syncing.ic.admin.setFaults({ latencyMs: 40 }); // a run over many IC pages, so the outage hits its middle
    await tenants.update('rgpass', passbackSettings(canvas));
    pipeline = await Pipeline.start(env, viaProxy);
    expect((await pipeline.sync('rgpass', 'full')).phase).toBe('finished');
    await pipeline.waitQuiet('rgpass', canvas, 'rgpass');
    apps = await PassbackApps.start(env, viaProxy);
    burst = PassbackBurst.for(apps, canvas, grading);
    await burst.prepareCells();
  }, 600_000);

  afterAll(async () => {
    await apps?.stop();
    await pipeline?.stop();
    await env.cleanup();
    await proxy?.stop();
  }, 120_000);

  /** The restarted app's /readyz while it starts: 503 and what it waits for. */
  async function startupCheck(port: number): Promise<{ status: number; startup?: { ok: boolean; error?: string } }> {
    const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
    if (!res) return { status: 0 };
    return { status: res.status, startup: ((await res.json()) as { checks: Record<string, { ok: boolean; error?: string }> }).checks.startup };
  }

  it('ends the sync as undisturbed, lands every grade once, restarts waiting apps, and dead-letters nothing', async () => {
    const expected = expectedCanvas(rosterOf(syncing.ic.admin.store));
    const before = await canvasRecords(env);
    const runId = await pipeline.requestSync('rgsync', 'full');
    await waitFor("rgsync's run to be under way", async () => (await canvasRecords(env)) >= before + 20,
      { timeoutMs: 180_000, intervalMs: 100, describe: () => pipeline.tails() });
    const half = Math.ceil(burst.cells.length / 2);
    burst.grade(burst.cells.slice(0, half));

    // The registry goes away; grades keep coming; two apps are restarted into the outage.
    await proxy.stop();
    const outageStart = Date.now();
    burst.grade(burst.cells.slice(half));
    const transformer = pipeline.apps.transformer;
    await transformer.kill('SIGTERM');
    await apps.writer.kill('SIGTERM');
    const restarted = Promise.all([transformer.start(OUTAGE_MS + 180_000), apps.writer.start(OUTAGE_MS + 180_000)]);
    restarted.catch(() => undefined); // awaited below; a failure must not surface as unhandled meanwhile
    for (const app of [transformer, apps.writer]) {
      const check = await waitFor(`${app.app} to report that it waits for the registry`, async () => {
        const c = await startupCheck(app.port);
        return c.startup?.error?.includes('waiting for schema-registry') ? c : false;
      }, { timeoutMs: OUTAGE_MS, intervalMs: 300, describe: () => app.tail(20) });
      expect(check.status).toBe(503);
      expect(app.running).toBe(true); // waiting, not crashed
    }
    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - outageStart)));
    await proxy.start();
    await restarted;
    console.log(`schema registry away for ${((Date.now() - outageStart) / 1000).toFixed(0)} s`);

    expect((await pipeline.waitForRun('rgsync', runId)).phase).toBe('finished');
    await pipeline.waitQuiet('rgsync', canvas, 'rgsync');
    expectUndisturbedCanvas({ canvas, setup: syncing }, expected);
    await burst.waitAllWritten();
    expect(burst.finalScores()).toEqual(burst.expectedScores());
    expect(burst.rescored()).toEqual([]);
    expect(await deadLetterCounts(env)).toEqual({});
  }, 900_000);
});
