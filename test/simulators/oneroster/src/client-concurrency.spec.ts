import { generateDistrict } from '@rp/fixtures';
import { startOneRosterSimulator, type OneRosterSimulator } from './simulator';
import { SimClient } from './testing/sim-client';

describe('OneRoster simulator: IC latency and its limit on concurrent requests per client', () => {
  let sim: OneRosterSimulator | undefined;
  afterEach(() => sim?.close());
  const start = async (options: Parameters<typeof startOneRosterSimulator>[0]) => {
    sim = await startOneRosterSimulator({
      district: generateDistrict({ seed: 4, size: 'tiny' }),
      clients: [{ clientId: 'a', clientSecret: 'sa' }, { clientId: 'b', clientSecret: 'sb' }],
      ...options,
    });
    const a = new SimClient(sim, 'a', 'sa');
    const b = new SimClient(sim, 'b', 'sb');
    await a.authenticate();
    await b.authenticate();
    return { sim, a, b };
  };
  const statuses = (calls: Promise<{ status: number }>[]) => Promise.all(calls).then((rs) => rs.map((r) => r.status).sort());

  it('refuses a client\'s requests beyond the limit in flight with 429 + Retry-After, counts them, and lets another client through', async () => {
    const { sim: s, a, b } = await start({ faults: { latencyMs: 400 }, concurrencyLimit: { perClient: 2, retryAfterSeconds: 2 } });
    const refused = Promise.all(Array.from({ length: 3 }, () => a.roster('/orgs'))).then((rs) => rs.find((r) => r.status === 429));
    const other = b.roster('/orgs');
    const answer = await refused;
    expect(answer?.headers.get('retry-after')).toBe('2');
    expect((await other).status).toBe(200);
    expect(s.admin.concurrencyCounts()).toEqual({ refused: 1, peak: 2 });
    // once answered, the slots are free again
    expect(await statuses([a.roster('/orgs'), a.roster('/orgs')])).toEqual([200, 200]);
  });

  it('admits any number in flight when no limit is set (the default)', async () => {
    const { a } = await start({ faults: { latencyMs: 200 } });
    expect(await statuses(Array.from({ length: 8 }, () => a.roster('/orgs')))).toEqual(Array(8).fill(200));
  });

  it('sets and lifts the limit over the admin HTTP API', async () => {
    const { sim: s, a } = await start({ faults: { latencyMs: 400 } });
    expect((await a.admin('POST', '/concurrency', { perClient: 1 })).status).toBe(200);
    expect(await statuses([a.roster('/orgs'), a.roster('/orgs')])).toEqual([200, 429]);
    expect((await a.admin('DELETE', '/concurrency')).status).toBe(200);
    expect(await statuses([a.roster('/orgs'), a.roster('/orgs')])).toEqual([200, 200]);
    expect(s.admin.state().concurrency.refused).toBe(1);
  });
});
