import { settleLimited as runLimited } from './concurrency-limit';

describe('settleLimited', () => {
  it('never has more than the limit in flight and keeps every outcome in order', async () => {
    let inFlight = 0;
    let peak = 0;
    const release: (() => void)[] = [];
    const run = runLimited([1, 2, 3, 4, 5, 6], 2, async (n) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise<void>((resolve) => release.push(resolve));
      inFlight -= 1;
      if (n === 4) throw new Error('IC said no');
      return n * 10;
    });
    while (release.length > 0 || inFlight > 0) {
      await new Promise((r) => setImmediate(r));
      release.shift()?.();
    }
    const results = await run;
    expect(peak).toBe(2);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([10, 20, 30, 'IC said no', 50, 60]);
  });

  it('handles an empty list', async () => {
    expect(await runLimited([], 5, async () => 1)).toEqual([]);
  });
});
