import type { OutgoingRecord, Stall, StallReport } from '@rp/messaging';
import { STALL_REFRESH_MS, StallReporter } from './stall-reporter';

const T0 = Date.parse('2026-12-07T03:00:00Z');
const stall = (tenant: string, sinceMs: number, extra: Partial<Stall> = {}): Stall => ({
  tenant, cause: 'ic', topic: 'oneroster.gradebook-writes', partition: 0, since: new Date(T0 + sinceMs), attempts: 3, lastError: 'IC answered 503', ...extra,
});

function harness() {
  let now = T0;
  let stalls: Stall[] = [];
  const published: OutgoingRecord<StallReport>[][] = [];
  const reporter = new StallReporter('gradebook-writer', 'pod-a:7', {
    stalls: () => stalls, publish: async (r) => void published.push(r), clock: () => new Date(now),
  });
  return {
    reporter, published,
    set: (s: Stall[]) => void (stalls = s),
    advance: (ms: number) => void (now += ms),
    last: () => (published.at(-1) ?? []).map((r) => ({ key: r.key, ...r.value! })),
  };
}

describe('StallReporter', () => {
  it('reports a tenant once when it starts waiting, summarising its keys, and names the instance in the key', async () => {
    const h = harness();
    h.set([stall('acme', 0), stall('acme', 500, { cause: 'canvas', attempts: 1 }), stall('', 0)]);
    await h.reporter.tick();
    expect(h.last()).toEqual([{
      key: 'acme|gradebook-writer|pod-a:7', tenant: 'acme', stage: 'gradebook-writer', instance: 'pod-a:7', cause: 'ic',
      since: '2026-12-07T03:00:00.000Z', at: '2026-12-07T03:00:00.000Z', attempts: 4, keys: 2, lastError: 'IC answered 503', resumedAt: null,
    }]);
    h.advance(1000);
    await h.reporter.tick();
    expect(h.published).toHaveLength(1); // nothing new: nothing published
  });

  it.each([
    ['the refresh is due', STALL_REFRESH_MS, {}],
    ['it waits for something else now', 1000, { cause: 'database' as const, since: new Date(T0 + 1000) }],
  ])('reports again when %s', async (_case, after, change) => {
    const h = harness();
    h.set([stall('acme', 0)]);
    await h.reporter.tick();
    h.advance(after);
    h.set([{ ...stall('acme', 0), ...change }]);
    await h.reporter.tick();
    expect(h.published).toHaveLength(2);
    expect(h.last()[0].resumedAt).toBeNull();
  });

  it('ends a stall with resumedAt when the tenant flows again, and all of them when the instance stops', async () => {
    const h = harness();
    h.set([stall('acme', 0), stall('globex', 0)]);
    await h.reporter.tick();
    h.advance(61_000);
    h.set([stall('globex', 0)]);
    await h.reporter.tick();
    expect(h.last().filter((r) => r.resumedAt).map((r) => [r.tenant, r.resumedAt])).toEqual([['acme', '2026-12-07T03:01:01.000Z']]);
    await h.reporter.stop();
    expect(h.last().map((r) => [r.tenant, r.resumedAt])).toEqual([['globex', '2026-12-07T03:01:01.000Z']]);
    await h.reporter.stop();
    expect(h.published).toHaveLength(3); // nothing left to end
  });

  it('tries a report again on the next tick when publishing failed', async () => {
    let fail = true;
    const published: unknown[] = [];
    const reporter = new StallReporter('loader', 'pod-b:1', {
      stalls: () => [stall('acme', 0)], clock: () => new Date(T0),
      publish: async (r) => { if (fail) throw new Error('broker away'); published.push(...r); },
    });
    await expect(reporter.tick()).rejects.toThrow('broker away');
    fail = false;
    await reporter.tick();
    expect(published).toHaveLength(1);
  });
});
