import { KafkaPublisher, RetriableError, SyncRunEvent } from '@rp/messaging';
import { createLogger } from '@rp/observability';
import { OneRosterPermanentError, type RosteringClient } from '@rp/oneroster';
import type { ExtractorRepository, TenantConnection } from '@rp/persistence';
import { SyncRunExecutor } from './sync-run.executor';

/**
 * The extractor reads the next IC page while it processes the current one. These specs pin what must not change
 * with it: records go out in page order, a page that fails is never skipped (the run waits and reads it again, or
 * fails), and only one IC request is in flight at a time (the peak-hours limit).
 */
describe('SyncRunExecutor reading pages ahead', () => {
  const tenant = { id: 'acme', schedule: {}, ic: {} } as unknown as TenantConnection;
  const enrollment = (id: string) => ({
    sourcedId: id, status: 'active', dateLastModified: '2026-12-01T00:00:00.000Z', role: 'student',
    user: { sourcedId: 'u1' }, class: { sourcedId: 'c1' }, school: { sourcedId: 's1' },
  });
  const PAGES = [['e1', 'e2'], ['e3', 'e4'], ['e5']];

  /** IC with three enrollment pages; `failPage2` decides, per attempt, how reading page 2 fails (undefined: it works). */
  function setUp(failPage2: (attempt: number) => Error | undefined, runAttempts: number) {
    const events: string[] = [];
    const published: string[] = [];
    const markers: SyncRunEvent[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    let attempt = 0;
    const request = async (page: number) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      events.push(`request page ${page}`);
      await new Promise((resolve) => setImmediate(resolve)); // the HTTP round trip
      inFlight--;
    };
    const client = {
      pages: async function* (collection: string) {
        if (collection !== 'enrollments') return;
        attempt++;
        for (let page = 1; page <= PAGES.length; page++) {
          await request(page);
          const failure = page === 2 ? failPage2(attempt) : undefined;
          if (failure) throw failure;
          yield { records: PAGES[page - 1].map(enrollment), ...(page === PAGES.length ? { end: 'total-reached' } : {}) };
        }
      },
    } as unknown as RosteringClient;
    const repo = {
      startRun: async () => undefined, watermark: async () => undefined, setWatermark: async () => undefined, finishRun: async () => undefined,
      hashes: async () => new Map(), erasedAmong: async () => new Set(), writeSnapshot: async () => undefined, markSeen: async () => undefined,
      unseen: async () => [], liveCount: async () => 0, lastFullReads: async () => ({}), unseenCount: async () => 0, deltasUnusable: async () => undefined,
    } as unknown as ExtractorRepository;
    const publisher = {
      publish: async (topic: string, records: { key: string; value: unknown }[]) => {
        if (topic === 'sync.runs') markers.push(...records.map((r) => r.value as SyncRunEvent));
        else if (records.length > 0) {
          const keys = records.map((r) => r.key.replace('acme|', ''));
          events.push(`publish ${keys.join(',')}`);
          published.push(...keys);
        }
        await new Promise((resolve) => setImmediate(resolve)); // Kafka's acknowledgement
        return [];
      },
      publishRaw: async () => [],
    } as unknown as KafkaPublisher;
    const executor = new SyncRunExecutor({
      repo, publisher, client: () => client, topic: (t) => t, retryBaseMs: 1, runAttempts, chunkSize: 2,
      logger: createLogger({ service: 'extractor-spec', level: 'error', sink: () => undefined }),
    });
    return { executor, events, published, markers, maxInFlight: () => maxInFlight };
  }

  it('requests page 2 before page 1 is published, one request at a time, and publishes in page order', async () => {
    const { executor, events, published, maxInFlight } = setUp(() => undefined, 1);
    const counts = await executor.run({ tenant: 'acme', runId: 'r1', kind: 'full' }, tenant);
    expect(events.indexOf('request page 2')).toBeLessThan(events.indexOf('publish e1,e2'));
    expect(maxInFlight()).toBe(1);
    expect(published).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
    expect(counts.get('enrollment', 'read')).toBe(5);
  });

  it('a read-ahead page that fails transiently is read again, not skipped: every record, in order, on the next attempt', async () => {
    const { executor, published, markers } = setUp((attempt) => (attempt === 1 ? new RetriableError('IC answered 503') : undefined), 2);
    const counts = await executor.run({ tenant: 'acme', runId: 'r2', kind: 'full' }, tenant);
    // attempt 1 got page 1 out before page 2 failed; attempt 2 reads everything from the start
    expect(published).toEqual(['e1', 'e2', 'e1', 'e2', 'e3', 'e4', 'e5']);
    expect(counts.get('enrollment', 'read')).toBe(5);
    expect(markers.map((m) => m.phase)).toEqual(['started', 'finished']);
  });

  it('a read-ahead page that fails for good fails the run at that page: nothing after it is read or published', async () => {
    const { executor, events, published, markers } = setUp(() => new OneRosterPermanentError('tenant acme: OneRoster /enrollments answered HTTP 403', { tenant: 'acme', endpoint: '/enrollments', status: 403 }), 1);
    await expect(executor.run({ tenant: 'acme', runId: 'r3', kind: 'full' }, tenant)).rejects.toThrow(/HTTP 403/);
    expect(published).toEqual(['e1', 'e2']);
    expect(events).not.toContain('request page 3');
    expect(markers.map((m) => m.phase)).toEqual(['started', 'failed']);
    expect(markers[1].message).toMatch(/run r3 failed at \/enrollments: .*HTTP 403/);
  });
});
