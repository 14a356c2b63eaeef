import type { CanvasSimulator } from '@rp/sim-canvas';
import { canvasTopic, CANVAS_ENTITY_TYPES } from '@rp/messaging';
import {
  addDistrict, canvasSnapshot, diffViews, DistrictSetup, E2eEnv, expectedCanvas, importedRows, Pipeline, rosterOf,
  rowKey, startCanvas, waitFor,
} from '../support';
import { duplicates } from './fault-script';
import { PrivatePostgres } from './private-postgres';

/**
 * Resilience: PostgreSQL restarting in the middle of a full run (every service's connections cut at once) must not
 * change the outcome: the run finishes and Canvas ends as an undisturbed run leaves it, nothing applied twice.
 * The apps use a private cluster for this test, so the shared server is never touched.
 */
describe('resilience: PostgreSQL restart mid-run', () => {
  const tenant = 'pgrestart';
  let pg: PrivatePostgres;
  let env: E2eEnv;
  let canvas: CanvasSimulator;
  let setup: DistrictSetup;
  let pipeline: Pipeline;

  beforeAll(async () => {
    pg = await PrivatePostgres.start();
    const shared = process.env.DATABASE_URL;
    process.env.DATABASE_URL = pg.url;
    try {
      env = new E2eEnv('res-pg');
    } finally {
      process.env.DATABASE_URL = shared;
    }
    canvas = await startCanvas(env, [tenant]);
    setup = await addDistrict(env, canvas, { tenant, seed: 53 });
    await (await env.tenants()).update(tenant, { ic: { pageSize: 10 } });
    setup.ic.admin.setFaults({ latencyMs: 40 });
    pipeline = await Pipeline.start(env);
  }, 300_000);

  afterAll(async () => {
    await pipeline?.stop();
    await env?.cleanup();
    await pg?.stop();
  }, 120_000);

  async function canvasRecords(): Promise<number> {
    return env.withAdmin(async (admin) => {
      let n = 0;
      for (const type of CANVAS_ENTITY_TYPES) {
        for (const p of await admin.fetchTopicOffsets(env.topic(canvasTopic(type)))) n += Number(p.high) - Number(p.low);
      }
      return n;
    });
  }

  it('finishes the run and reaches the undisturbed Canvas state after the database restarted mid-run', async () => {
    const expected = expectedCanvas(rosterOf(setup.ic.admin.store));
    const runId = await pipeline.requestSync(tenant, 'full');
    // Mid-run: the transformer is already projecting while the extractor still pages through IC.
    await waitFor('the transformer to have projected some records', async () => (await canvasRecords()) >= 20,
      { timeoutMs: 180_000, intervalMs: 100, describe: () => pipeline.tails() });
    const before = await pg.startedAt();
    await pg.restart();
    expect(await pg.startedAt()).not.toBe(before);
    const extractorDone = pipeline.runEvents.some((e) => e.runId === runId && e.stage === 'extractor' && e.phase === 'finished');
    expect(extractorDone).toBe(false);

    expect((await pipeline.waitForRun(tenant, runId)).phase).toBe('finished');
    await pipeline.waitQuiet(tenant, canvas, setup.accountKey);
    expect(diffViews(canvasSnapshot(canvas, setup.accountKey), expected)).toEqual([]);
    expect(duplicates(importedRows(canvas, setup.accountKey).map(rowKey))).toEqual([]);
    expect(canvas.admin.imports(setup.accountKey).filter((i) => i.workflowState.startsWith('failed'))).toEqual([]);
  }, 600_000);
});
