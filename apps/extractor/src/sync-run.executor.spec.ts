import { KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { KafkaPublisher, RetriableError, SyncRunEvent } from '@rp/messaging';
import { createLogger } from '@rp/observability';
import { OneRosterPermanentError, type RosteringClient } from '@rp/oneroster';
import type { ExtractorRepository, TenantConnection } from '@rp/persistence';
import { isRetriable as isTransient } from '@rp/messaging';
import { EmptyCollectionError, SyncRunExecutor } from './sync-run.executor';

/** kafkajs' runtime constructors take options its typings leave out (cause, retry counts). */
type ErrorClass = new (e: unknown, options?: Record<string, unknown>) => Error;
const NonRetriable = KafkaJSNonRetriableError as unknown as ErrorClass;

/** What kafkajs throws once its retries ran out while the broker restarts: non-retriable on the outside. */
function brokerRestartError(): Error {
  const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092', { code: 'ECONNREFUSED' });
  return new NonRetriable(new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 8, retryTime: 30_000 }), { cause: refused });
}

function tooLargeError(): Error {
  const tooLarge = new KafkaJSProtocolError({ message: 'The request included a message larger than the max message size', type: 'MESSAGE_TOO_LARGE', code: 10, retriable: false } as never);
  return new NonRetriable(tooLarge, { cause: tooLarge });
}

describe('what makes the extractor run again (classifyError, the one classifier)', () => {
  it('runs again for a broker restart however kafkajs wrapped it, and for PostgreSQL going away', () => {
    expect(isTransient(brokerRestartError())).toBe(true);
    expect(isTransient(new RetriableError('publish failed', { cause: brokerRestartError() }))).toBe(true);
    expect(isTransient(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isTransient(new Error('query failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }))).toBe(true);
  });

  it('fails at once for what would fail again: a record over the size limit, an empty collection, a bug', () => {
    expect(isTransient(tooLargeError())).toBe(false);
    expect(isTransient(new EmptyCollectionError('t', '/users', 10))).toBe(false);
    expect(isTransient(new TypeError('cannot read properties of undefined'))).toBe(false);
  });
});

describe('SyncRunExecutor when publishing fails', () => {
  const tenant = { id: 'acme', schedule: {} } as unknown as TenantConnection;
  let markers: SyncRunEvent[];
  let finished: string[];

  /** One invalid org (dead-lettered through publishRaw, which fails first with `failures`), every other collection empty. */
  function executor(failures: Error[]) {
    markers = [];
    finished = [];
    const repo = {
      startRun: async () => undefined, watermark: async () => undefined, setWatermark: async () => undefined,
      finishRun: async (_run: string, phase: string) => void finished.push(phase),
      hashes: async () => new Map(), erasedAmong: async () => new Set(), writeSnapshot: async () => undefined, markSeen: async () => undefined,
      unseen: async () => [], liveCount: async () => 0, lastFullReads: async () => ({}), unseenCount: async () => 0,
      deltasUnusable: async () => undefined,
    } as unknown as ExtractorRepository;
    const publisher = {
      publish: async (_topic: string, records: { value: unknown }[]) => {
        markers.push(...records.map((r) => r.value as SyncRunEvent));
        return [];
      },
      publishRaw: async () => {
        const failure = failures.shift();
        if (failure) throw failure;
        return [];
      },
    } as unknown as KafkaPublisher;
    const client = {
      pages: async function* (collection: string) {
        if (collection === 'orgs') yield { records: [{ sourcedId: 'org-1', status: 'active' }] };
      },
    } as unknown as RosteringClient;
    return new SyncRunExecutor({
      repo, publisher, client: () => client, topic: (t) => t, retryBaseMs: 1, runAttempts: 3,
      logger: createLogger({ service: 'extractor-spec', level: 'error', sink: () => undefined }),
    });
  }

  it('finishes the run when the broker comes back, instead of ending it failed', async () => {
    const counts = await executor([brokerRestartError(), brokerRestartError()]).run({ tenant: 'acme', runId: 'r1', kind: 'full' }, tenant);
    expect(counts.get('org', 'invalid')).toBe(1);
    expect(markers.map((m) => m.phase)).toEqual(['started', 'finished']);
    expect(finished).toEqual(['finished']);
  });

  it('ends the run failed, with the reason, when the failure would repeat', async () => {
    await expect(executor([tooLargeError()]).run({ tenant: 'acme', runId: 'r2', kind: 'full' }, tenant)).rejects.toThrow(/larger than the max/);
    expect(markers.map((m) => m.phase)).toEqual(['started', 'failed']);
    expect(markers[1].message).toMatch(/run r2 failed at \/orgs/);
    expect(finished).toEqual(['failed']);
  });
});

describe('SyncRunExecutor full run whose collection count falls sharply', () => {
  const tenant = { id: 'acme', schedule: {}, ic: { countDropHoldPercent: 20 } } as unknown as TenantConnection;

  /** A provider whose enrollments suddenly stop after the first page; the snapshot still holds 40 live ones. */
  function executor(enrollments: number) {
    const markers: SyncRunEvent[] = [];
    const published: { topic: string; op: string }[] = [];
    const gone = ['e-gone-1', 'e-gone-2'];
    const repo = {
      startRun: async () => undefined, watermark: async () => new Date('2026-12-01T00:00:00Z'), setWatermark: async () => undefined,
      finishRun: async () => undefined, hashes: async () => new Map(), erasedAmong: async () => new Set(), writeSnapshot: async () => undefined, markSeen: async () => undefined,
      unseen: async (_t: string, type: string) => (type === 'enrollment' ? gone.splice(0) : []),
      liveCount: async (_t: string, type: string) => (type === 'enrollment' ? 40 : 0),
      lastFullReads: async () => ({ enrollment: 40 }), unseenCount: async () => 40 - enrollments, deltasUnusable: async () => undefined,
    } as unknown as ExtractorRepository;
    const publisher = {
      publish: async (topic: string, records: { value: { op?: string } & object }[]) => {
        if (topic === 'sync.runs') markers.push(...records.map((r) => r.value as unknown as SyncRunEvent));
        else published.push(...records.map((r) => ({ topic, op: String(r.value.op) })));
        return [];
      },
      publishRaw: async () => [],
    } as unknown as KafkaPublisher;
    const enrollment = (i: number) => ({
      sourcedId: `e${i}`, status: 'active', dateLastModified: '2026-12-01T00:00:00.000Z', role: 'student',
      user: { sourcedId: 'u1' }, class: { sourcedId: 'c1' }, school: { sourcedId: 's1' },
    });
    const client = {
      pages: async function* (collection: string) {
        if (collection === 'enrollments') yield { records: Array.from({ length: enrollments }, (_, i) => enrollment(i)), end: 'empty-page' };
      },
    } as unknown as RosteringClient;
    const run = new SyncRunExecutor({
      repo, publisher, client: () => client, topic: (t) => t, retryBaseMs: 1, runAttempts: 1,
      logger: createLogger({ service: 'extractor-spec', level: 'error', sink: () => undefined }),
    });
    return { run, markers, published };
  }

  it('holds the deletions of the short collection and says so in the finished marker', async () => {
    const { run, markers, published } = executor(10);
    const counts = await run.run({ tenant: 'acme', runId: 'r1', kind: 'full' }, tenant);
    expect(published.filter((p) => p.op === 'delete')).toEqual([]);
    expect(counts.get('enrollment', 'held')).toBe(30);
    const finished = markers.find((m) => m.phase === 'finished')!;
    expect(finished.message).toMatch(/tenant acme: enrollments read 10 records, 75 % fewer than the 40 of the last full run .*\(30 deletions held\)/);
    expect(finished.message).toMatch(/paging: .*enrollments 10 \(empty page\)/);
  });

  it('applies the deletions when the count fell less than the threshold', async () => {
    const { run, published } = executor(35);
    const counts = await run.run({ tenant: 'acme', runId: 'r2', kind: 'full' }, tenant);
    expect(published.filter((p) => p.op === 'delete')).toHaveLength(2);
    expect(counts.get('enrollment', 'held')).toBe(0);
  });
});

describe('SyncRunExecutor delta against a provider without usable deltas', () => {
  const tenant = { id: 'acme', schedule: {}, ic: {} } as unknown as TenantConnection;
  const watermark = new Date('2026-12-01T10:00:00.000Z');
  const org = (id: string, modified: string) => ({ sourcedId: id, status: 'active', dateLastModified: modified, name: id, type: 'school', identifier: id });

  /** Provider whose orgs delta answers with `deltaAnswer`; `known` is what the store says about the tenant's deltas. */
  function executor(deltaAnswer: () => AsyncGenerator<unknown>, known?: { reason: string; detectedAt: Date }) {
    const calls: string[] = [];
    const marked: string[] = [];
    const repo = {
      startRun: async () => undefined, watermark: async () => watermark, setWatermark: async () => undefined, finishRun: async () => undefined,
      hashes: async () => new Map(), erasedAmong: async () => new Set(), writeSnapshot: async () => undefined, markSeen: async () => undefined, unseen: async () => [],
      liveCount: async () => 0, lastFullReads: async () => ({}), unseenCount: async () => 0,
      deltasUnusable: async () => known ?? (marked.length ? { reason: marked[0], detectedAt: new Date() } : undefined),
      markDeltasUnusable: async (_t: string, reason: string) => void marked.push(reason),
    } as unknown as ExtractorRepository;
    const publisher = { publish: async () => [], publishRaw: async () => [] } as unknown as KafkaPublisher;
    const client = {
      pages: async function* (collection: string) {
        calls.push(`full ${collection}`);
        if (collection === 'orgs') yield { records: [org('o1', '2025-08-01T00:00:00.000Z')], end: 'empty-page' };
      },
      delta: (collection: string) => {
        calls.push(`delta ${collection}`);
        return collection === 'orgs' ? deltaAnswer() : (async function* () {})();
      },
    } as unknown as RosteringClient;
    const run = new SyncRunExecutor({
      repo, publisher, client: () => client, topic: (t) => t, retryBaseMs: 1, runAttempts: 1,
      logger: createLogger({ service: 'extractor-spec', level: 'error', sink: () => undefined }),
    });
    return { run, calls, marked };
  }

  it.each<[string, () => AsyncGenerator<unknown>, RegExp]>([
    ['ignored: the delta returns records older than the window', async function* () {
      yield { records: [org('o1', '2025-08-01T00:00:00.000Z')] };
    }, /tenant acme: the provider ignored the delta filter on orgs/],
    ['refused: the delta filter is answered 400', async function* () {
      throw new OneRosterPermanentError('tenant acme: OneRoster /orgs answered HTTP 400 (invalid_filter_field)', { tenant: 'acme', endpoint: '/orgs', status: 400 });
    }, /tenant acme: the provider refused the delta filter on orgs .*invalid_filter_field/],
  ])('%s: remembered for the tenant, and the run is done as a full one', async (_case, answer, reason) => {
    const { run, calls, marked } = executor(answer);
    const counts = await run.run({ tenant: 'acme', runId: 'r1', kind: 'delta' }, tenant);
    expect(marked).toEqual([expect.stringMatching(reason)]);
    expect(calls.slice(0, 2)).toEqual(['delta orgs', 'full orgs']);
    expect(counts.get('org', 'read')).toBe(1);
  });

  it('a tenant known to have no usable deltas runs full syncs on the delta schedule', async () => {
    const { run, calls } = executor(async function* () {}, { reason: 'ignored', detectedAt: new Date() });
    await run.run({ tenant: 'acme', runId: 'r2', kind: 'delta' }, tenant);
    expect(calls.filter((c) => c.startsWith('delta'))).toEqual([]);
    expect(calls[0]).toBe('full orgs');
  });

  it('a provider that honours the filter keeps its deltas', async () => {
    const { run, calls, marked } = executor(async function* () {
      yield { records: [org('o1', '2026-12-02T00:00:00.000Z')] };
    });
    await run.run({ tenant: 'acme', runId: 'r3', kind: 'delta' }, tenant);
    expect(marked).toEqual([]);
    expect(calls.filter((c) => c.startsWith('full'))).toEqual([]);
  });
});

describe('SyncRunExecutor and people erased with ops erase person', () => {
  const tenant = { id: 'acme', schedule: {}, ic: {} } as unknown as TenantConnection;
  const enrollment = (id: string, status: string) => ({
    sourcedId: id, status, dateLastModified: '2026-12-01T00:00:00.000Z', role: 'student',
    user: { sourcedId: 'u1' }, class: { sourcedId: 'c1' }, school: { sourcedId: 's1' },
  });

  it('does not extract again a tobedeleted record of an erased person, and does extract an active one', async () => {
    const published: string[] = [];
    const repo = {
      startRun: async () => undefined, watermark: async () => undefined, setWatermark: async () => undefined, finishRun: async () => undefined,
      hashes: async () => new Map(), erasedAmong: async (_t: string, ids: string[]) => new Set(ids.filter((id) => id.startsWith('erased-'))),
      writeSnapshot: async () => undefined, markSeen: async () => undefined, unseen: async () => [], liveCount: async () => 0,
      lastFullReads: async () => ({}), unseenCount: async () => 0, deltasUnusable: async () => undefined,
    } as unknown as ExtractorRepository;
    const publisher = {
      publish: async (topic: string, records: { key: string }[]) => void (topic !== 'sync.runs' && published.push(...records.map((r) => r.key))),
      publishRaw: async () => [],
    } as unknown as KafkaPublisher;
    const client = {
      pages: async function* (collection: string) {
        if (collection === 'enrollments') {
          yield { records: [enrollment('erased-1', 'tobedeleted'), enrollment('erased-2', 'active'), enrollment('kept-1', 'tobedeleted')], end: 'empty-page' };
        }
      },
    } as unknown as RosteringClient;
    const run = new SyncRunExecutor({
      repo, publisher, client: () => client, topic: (t) => t, retryBaseMs: 1, runAttempts: 1,
      logger: createLogger({ service: 'extractor-spec', level: 'error', sink: () => undefined }),
    });
    await run.run({ tenant: 'acme', runId: 'r1', kind: 'full' }, tenant);
    expect(published.sort()).toEqual(['acme|erased-2', 'acme|kept-1']);
  });
});

describe('SyncRunExecutor data minimisation', () => {
  const user = {
    sourcedId: 'u-1', status: 'active', dateLastModified: '2026-12-01T00:00:00.000Z', enabledUser: true, givenName: 'Ada',
    familyName: 'Lovelace', username: 'ada', roles: [{ roleType: 'primary', role: 'student', org: { sourcedId: 's1', type: 'org' } }],
    phone: '+1 555 0100', sms: '+1 555 0101', metadata: { 'ic.homePhone': '+1 555 0102' },
  };

  async function publishedUsers(ic: Record<string, unknown>, hashes = new Map<string, { hash: string; deleted: boolean }>(), phone = user.phone) {
    const published: { record: Record<string, unknown>; hash: string }[] = [];
    const writes: { hash: string }[] = [];
    const repo = {
      startRun: async () => undefined, watermark: async () => undefined, setWatermark: async () => undefined,
      finishRun: async () => undefined, hashes: async () => hashes, erasedAmong: async () => new Set(),
      writeSnapshot: async (_t: string, _type: string, _run: string, w: { hash: string }[]) => void writes.push(...w),
      markSeen: async () => undefined, unseen: async () => [], liveCount: async () => 0, lastFullReads: async () => ({}),
      unseenCount: async () => 0, deltasUnusable: async () => undefined,
    } as unknown as ExtractorRepository;
    const publisher = {
      publish: async (topic: string, records: { value: { record?: string | null; contentHash?: string } }[]) => {
        if (topic !== 'sync.runs') published.push(...records.map((r) => ({ record: JSON.parse(r.value.record!), hash: r.value.contentHash! })));
        return [];
      },
      publishRaw: async () => [],
    } as unknown as KafkaPublisher;
    const client = {
      pages: async function* (collection: string) {
        if (collection === 'users') yield { records: [{ ...user, phone }], end: 'empty-page' };
      },
    } as unknown as RosteringClient;
    const run = new SyncRunExecutor({
      repo, publisher, client: () => client, topic: (t) => t, retryBaseMs: 1, runAttempts: 1,
      logger: createLogger({ service: 'extractor-spec', level: 'error', sink: () => undefined }),
    });
    await run.run({ tenant: 'acme', runId: 'r1', kind: 'delta' }, { id: 'acme', schedule: {}, ic } as unknown as TenantConnection);
    return { published, writes };
  }

  it('publishes no phone, sms or metadata unless the tenant keeps them', async () => {
    const { published } = await publishedUsers({});
    expect(published).toHaveLength(1);
    expect(published[0].record).toMatchObject({ sourcedId: 'u-1', givenName: 'Ada', username: 'ada' });
    expect(Object.keys(published[0].record)).not.toEqual(expect.arrayContaining(['phone']));
    expect(JSON.stringify(published[0].record)).not.toMatch(/555/);

    const kept = await publishedUsers({ keepFields: ['phone'] });
    expect(kept.published[0].record).toMatchObject({ phone: '+1 555 0100' });
    expect(JSON.stringify(kept.published[0].record)).not.toMatch(/0101|0102/);
  });

  it('a change to a dropped field alone publishes nothing', async () => {
    const first = await publishedUsers({});
    const known = new Map([['u-1', { hash: first.writes[0].hash, deleted: false }]]);
    expect((await publishedUsers({}, known, '+1 555 0199')).published).toEqual([]);
    // …while the tenant that keeps phones gets the change
    expect((await publishedUsers({ keepFields: ['phone'] }, known, '+1 555 0199')).published).toHaveLength(1);
  });
});
