import { sleep, waitFor } from '../support';
import { deadLetterCounts, OUTAGE_MS, resilienceHarness } from './harness';
import { PassbackBurst, passbackSettings } from './passback-burst';

/**
 * Long outage (issue 16), grade passback: IC answers 500 to every call for a minute in the middle of a burst of
 * grades. The writer waits (it used to give up after a few seconds and dead-letter the writes while `ops passback
 * status` said "retrying"); once IC is back every grade lands with its one score, and nothing was dead-lettered.
 */
describe('long outage: IC unavailable for a minute during a passback burst', () => {
  const TENANT = 'icoutage';
  const h = resilienceHarness({
    name: 'out-ic', tenant: TENANT, seed: 12, size: 'tiny',
    prepare: async ({ env, canvas }) => void (await (await env.tenants()).update(TENANT, passbackSettings(canvas))),
  });
  let burst: PassbackBurst;

  beforeAll(async () => {
    const { env, pipeline, setup, canvas } = h;
    expect((await pipeline.sync(TENANT, 'full')).phase).toBe('finished');
    await pipeline.waitQuiet(TENANT, canvas, TENANT);
    burst = await PassbackBurst.start(env, canvas, setup);
  }, 400_000);

  h.beforeTeardown(async () => burst?.stop());

  it('lands every grade once IC is back, each with its one score, and dead-letters nothing', async () => {
    const ic = h.setup.ic.admin;
    await burst.prepareCells();
    const half = Math.ceil(burst.cells.length / 2);

    // IC goes away mid-burst: the first half is graded just before, the second half during the outage.
    burst.grade(burst.cells.slice(0, half));
    const outageStart = Date.now();
    ic.setFaults({ serverErrorNext: 1_000_000_000 });
    burst.grade(burst.cells.slice(half));
    await waitFor('the writer to be refused by IC', () => (ic.state().faults.serverErrorNext ?? 0) < 1_000_000_000 - 3, { timeoutMs: 120_000, describe: () => burst.tails() });
    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - outageStart)));
    ic.setFaults({ serverErrorNext: 0 });

    await burst.waitAllWritten();
    expect(burst.finalScores()).toEqual(burst.expectedScores());
    expect(burst.rescored()).toEqual([]); // no other score ever written
    expect(await deadLetterCounts(h.env)).toEqual({});
  }, 900_000);
});
