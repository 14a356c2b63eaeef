import { expectedCanvas, rosterOf } from '../support';
import { expectUndisturbedCanvas, resilienceHarness, waitMidRun } from './harness';
import { PrivatePostgres } from './private-postgres';

/**
 * Resilience: PostgreSQL restarting in the middle of a full run (every service's connections cut at once) must not
 * change the outcome: the run finishes and Canvas ends as an undisturbed run leaves it, nothing applied twice.
 * The apps use a private cluster for this test, so the shared server is never touched.
 */
describe('resilience: PostgreSQL restart mid-run', () => {
  let pg: PrivatePostgres;
  const h = resilienceHarness({
    name: 'res-pg', tenant: 'pgrestart', seed: 53, ic: { pageSize: 10, latencyMs: 40 },
    privateService: async () => {
      pg = await PrivatePostgres.start();
      return { services: { databaseUrl: pg.url }, stop: () => pg.stop() };
    },
  });

  it('finishes the run and reaches the undisturbed Canvas state after the database restarted mid-run', async () => {
    const { pipeline, tenant } = h;
    const expected = expectedCanvas(rosterOf(h.setup.ic.admin.store));
    const runId = await pipeline.requestSync(tenant, 'full');
    await waitMidRun(h);
    const before = await pg.startedAt();
    await pg.restart();
    expect(await pg.startedAt()).not.toBe(before);
    const extractorDone = pipeline.runEvents.some((e) => e.runId === runId && e.stage === 'extractor' && e.phase === 'finished');
    expect(extractorDone).toBe(false);

    expect((await pipeline.waitForRun(tenant, runId)).phase).toBe('finished');
    await pipeline.waitQuiet(tenant, h.canvas, h.setup.accountKey);
    expectUndisturbedCanvas(h, expected);
  }, 600_000);
});
