import { expectedCanvas, rosterOf, viewCounts } from '../support';
import { FaultScript } from './fault-script';
import { expectUndisturbedCanvas, resilienceHarness } from './harness';

/**
 * Resilience: Infinite Campus misbehaving during a full sync — a 429 storm with Retry-After, 500s, a truncated page
 * and every access token expiring mid-run — must not change the outcome: the extractor's run finishes and Canvas ends
 * exactly as an undisturbed run leaves it (the independent expectation), with no entity applied twice.
 */
describe('resilience: IC faults during a full sync', () => {
  // Small pages and a little latency spread the run over many IC requests, so each fault hits a different moment.
  const h = resilienceHarness({ name: 'res-ic', tenant: 'icfault', seed: 51, ic: { pageSize: 10, latencyMs: 20 } });

  it('finishes the run and leaves Canvas exactly as an undisturbed run would, nothing applied twice', async () => {
    const { canvas, pipeline, tenant } = h;
    const ic = h.setup.ic.admin;
    const expected = expectedCanvas(rosterOf(ic.store));
    const rostering = () => ic.requests.filter((r) => r.path.includes('/rostering/'));
    const withStatus = (status: number) => rostering().filter((r) => r.status === status).length;
    const tokenRequests = () => ic.requests.filter((r) => r.path.endsWith('/oauth2/token') && r.status === 200).length;
    // A fault is armed only after a few healthy answers since the previous one landed.
    let healthyMark = 0;
    const healthyAfterMark = (n: number) => () => withStatus(200) - healthyMark >= n;
    const mark = () => (healthyMark = withStatus(200));
    let tokensBefore = 0;

    const script = new FaultScript([
      { name: '429 storm', ready: healthyAfterMark(4), arm: () => ic.setFaults({ throttleNext: 3, retryAfterSeconds: 1 }), landed: () => withStatus(429) >= 3 && !!mark() },
      { name: '500s', ready: healthyAfterMark(3), arm: () => ic.setFaults({ serverErrorNext: 2 }), landed: () => withStatus(500) >= 2 && !!mark() },
      { name: 'truncated page', ready: healthyAfterMark(3), arm: () => ic.setFaults({ truncatePageNext: 1 }), landed: () => ic.state().faults.truncatePageNext === 0 && !!mark() },
      {
        name: 'token expiry',
        ready: healthyAfterMark(3),
        arm: () => { tokensBefore = tokenRequests(); ic.expireTokens(); },
        landed: () => withStatus(401) >= 1 && tokenRequests() > tokensBefore,
      },
    ]);
    const runId = await pipeline.requestSync(tenant, 'full');
    const run = await pipeline.waitForRun(tenant, runId);
    await script.stop();
    // Every fault really hit this run (before its finished marker), and the run still finished.
    expect(script.landed).toEqual(['429 storm', '500s', 'truncated page', 'token expiry']);
    expect({ phase: run.phase, message: run.phase === 'finished' ? null : run.message }).toEqual({ phase: 'finished', message: null });

    await pipeline.waitQuiet(tenant, canvas, h.setup.accountKey);
    expect(viewCounts(expected).enrollments).toBeGreaterThan(100);
    expectUndisturbedCanvas(h, expected);
  }, 600_000);
});
