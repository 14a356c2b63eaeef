import { expectedCanvas, rosterOf, sleep } from '../support';
import { deadLetterCounts, expectUndisturbedCanvas, OUTAGE_MS, resilienceHarness, waitMidRun } from './harness';
import { PrivatePostgres } from './private-postgres';

/**
 * Long outage (issue 16): PostgreSQL stopped for a minute in the middle of a full run — far beyond any retry budget —
 * must end as if nothing happened: the run finishes, Canvas holds exactly the undisturbed outcome with nothing applied
 * twice, and no record was dead-lettered (a retriable failure waits; it never drains into a DLQ). The apps use a
 * private cluster, so the shared server is never touched.
 */
describe('long outage: PostgreSQL stopped for a minute mid-run', () => {
  let pg: PrivatePostgres;
  const h = resilienceHarness({
    name: 'out-pg', tenant: 'pgoutage', seed: 61, ic: { pageSize: 10, latencyMs: 40 },
    privateService: async () => {
      pg = await PrivatePostgres.start();
      return { services: { databaseUrl: pg.url }, stop: () => pg.stop() };
    },
  });

  it('finishes the run in the undisturbed Canvas state with empty DLQs after the database was away for a minute', async () => {
    const { pipeline, tenant } = h;
    const expected = expectedCanvas(rosterOf(h.setup.ic.admin.store));
    const runId = await pipeline.requestSync(tenant, 'full');
    await waitMidRun(h);
    await pg.pause();
    await sleep(OUTAGE_MS);
    await pg.resume();

    expect((await pipeline.waitForRun(tenant, runId)).phase).toBe('finished');
    await pipeline.waitQuiet(tenant, h.canvas, h.setup.accountKey);
    expectUndisturbedCanvas(h, expected);
    expect(await deadLetterCounts(h.env)).toEqual({});
  }, 900_000);
});
