import type { CanvasSimulator } from '@rp/sim-canvas';
import { canvasTopic, CANVAS_ENTITY_TYPES } from '@rp/messaging';
import {
  addDistrict, AppName, canvasSnapshot, diffViews, DistrictSetup, E2eEnv, expectedCanvas, importedRows, Pipeline,
  rosterOf, rowKey, startCanvas, waitFor,
} from '../support';

/**
 * Acceptance: SIGKILL of the extractor, transformer or loader in the middle of a full run, then a restart,
 * ends in the same Canvas state as an undisturbed run, and no row is applied twice (every entity's row
 * appears in exactly one SIS import). Each app gets its own tenant, IC and Canvas root account.
 */
describe('provisioning end to end: an app killed mid-run recovers without double-applying', () => {
  const env = new E2eEnv('crash');
  const tenants: Record<AppName, string> = { extractor: 'killx', transformer: 'killt', loader: 'killl' };
  const districts = {} as Record<AppName, DistrictSetup>;
  // One Canvas instance per district (the tenant directory allows one tenant per Canvas root account).
  const canvases = {} as Record<AppName, CanvasSimulator>;
  let pipeline: Pipeline;

  beforeAll(async () => {
    let seed = 30;
    for (const [app, tenant] of Object.entries(tenants) as [AppName, string][]) {
      canvases[app] = await startCanvas(env, [tenant]);
      districts[app] = await addDistrict(env, canvases[app], { tenant, seed: seed++ });
      // Small pages and slow answers stretch the run over many IC requests, so "mid-run" is a real moment.
      await (await env.tenants()).update(tenant, { ic: { pageSize: 10 } });
      districts[app].ic.admin.setFaults({ latencyMs: 60 });
    }
    pipeline = await Pipeline.start(env);
  }, 300_000);

  afterAll(async () => {
    await pipeline?.stop();
    await env.cleanup();
  }, 120_000);

  /** Total records on the canvas.* topics so far (the transformer's output). */
  async function canvasRecords(): Promise<number> {
    return env.withAdmin(async (admin) => {
      let n = 0;
      for (const type of CANVAS_ENTITY_TYPES) {
        for (const p of await admin.fetchTopicOffsets(env.topic(canvasTopic(type)))) n += Number(p.high) - Number(p.low);
      }
      return n;
    });
  }

  async function crashDuringRun(app: AppName, midRun: () => Promise<boolean> | boolean, afterKill = () => undefined as void): Promise<void> {
    const tenant = tenants[app];
    const setup = districts[app];
    const canvas = canvases[app];
    const runId = await pipeline.requestSync(tenant, 'full');
    await waitFor(`the moment to kill the ${app}`, midRun, { timeoutMs: 180_000, intervalMs: 100, describe: () => pipeline.tails() });
    await pipeline.apps[app].kill('SIGKILL');
    // The kill really landed mid-run: the extractor had not finished the run yet (for the extractor itself and the
    // transformer: records were still coming), or an import was running (loader, see its midRun condition).
    const extractorDone = pipeline.runEvents.some((e) => e.runId === runId && e.stage === 'extractor' && e.phase === 'finished');
    afterKill();
    await pipeline.apps[app].start();
    if (app !== 'loader') expect({ app, extractorDone }).toEqual({ app, extractorDone: false });

    expect((await pipeline.waitForRun(tenant, runId)).phase).toBe('finished');
    await pipeline.waitQuiet(tenant, canvas, setup.accountKey);
    expect(diffViews(canvasSnapshot(canvas, setup.accountKey), expectedCanvas(rosterOf(setup.ic.admin.store)))).toEqual([]);

    const counts = new Map<string, number>();
    for (const row of importedRows(canvas, setup.accountKey)) counts.set(rowKey(row), (counts.get(rowKey(row)) ?? 0) + 1);
    expect([...counts].filter(([, n]) => n > 1)).toEqual([]);
    expect(canvas.admin.imports(setup.accountKey).filter((i) => i.workflowState.startsWith('failed'))).toEqual([]);
  }

  it('recovers from a SIGKILL of the extractor while it pages through IC', async () => {
    const ic = districts.extractor.ic.admin;
    const pages = () => ic.requests.filter((r) => r.path.includes('/rostering/')).length;
    await crashDuringRun('extractor', () => pages() >= 12);
  }, 600_000);

  it('recovers from a SIGKILL of the transformer while it projects', async () => {
    const start = await canvasRecords();
    await crashDuringRun('transformer', async () => (await canvasRecords()) - start >= 20);
  }, 600_000);

  it('recovers from a SIGKILL of the loader while a SIS import runs', async () => {
    const key = districts.loader.accountKey;
    const canvas = canvases.loader;
    canvas.admin.setFaults(key, { importStepDelayMs: 400 });
    await crashDuringRun(
      'loader',
      () => canvas.admin.imports(key).some((i) => i.workflowState === 'importing'),
      () => canvas.admin.setFaults(key, { importStepDelayMs: 0 }),
    );
  }, 600_000);
});
