import { IncompletePageError, OneRosterAuthError, OneRosterPermanentError, OneRosterRetriableError } from '../errors/oneroster.errors';
import { FakeClock, FakeProvider, FakeProviderOptions, records } from './fake-provider.test-helper';
import { RosteringClient } from './rostering.client';

const base = 'https://ic.example/campus/api/oneroster/v1p2/acme/ims/oneroster/rostering/v1p2';

function setup(options: Partial<FakeProviderOptions> = {}, pageSize = 10) {
  const clock = new FakeClock();
  const provider = new FakeProvider({ collections: { '/users': records(25, 'u'), '/schools/s1/classes': records(3, 'c') }, ...options }, clock);
  const client = new RosteringClient(
    { tenant: 'acme', rosteringBaseUrl: base, pageSize, token: { tokenUrl: 'https://ic.example/campus/oauth2/token', clientId: 'id', clientSecret: 'x', appName: 'acme' } },
    { fetch: provider.fetch, clock, random: () => 0.5 },
  );
  return { clock, provider, client };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

const ids = (list: Record<string, unknown>[]) => list.map((r) => r.sourcedId);
const pageCalls = (provider: FakeProvider) => provider.calls.filter((c) => !c.url.includes('/token'));

describe('RosteringClient paging', () => {
  it.each<[string, Partial<FakeProviderOptions>]>([
    ['following Link rel=next with X-Total-Count', {}],
    ['offset paging when there is no Link header', { linkHeaders: false }],
    ['offset paging with neither Link nor X-Total-Count', { linkHeaders: false, totalHeader: false }],
    ['a provider that clamps the page size but links the next page correctly', { clampLimit: 4 }],
    ['a provider that clamps the page size silently, with neither Link nor X-Total-Count', { clampLimit: 4, linkHeaders: false, totalHeader: false }],
    ['a provider that clamps the page size silently and sends only Link', { clampLimit: 4, totalHeader: false }],
  ])('returns every record exactly once, %s', async (_case, options) => {
    const { client } = setup(options);
    expect(ids(await collect(client.records('users')))).toEqual(ids(records(25, 'u')));
  });

  it.each<[string, Partial<FakeProviderOptions>, string]>([
    ['X-Total-Count reached', {}, 'total-reached'],
    ['links in use and no rel=next', { totalHeader: false }, 'no-next-link'],
    ['neither: an empty page', { totalHeader: false, linkHeaders: false }, 'empty-page'],
    ['neither, with a silent clamp: an empty page', { totalHeader: false, linkHeaders: false, clampLimit: 4 }, 'empty-page'],
  ])('marks only the last page with how the end was decided (%s)', async (_case, options, end) => {
    const { client } = setup(options);
    const pages = await collect(client.pages('users'));
    expect(pages.map((p) => p.end)).toEqual([...pages.slice(1).map(() => undefined), end]);
    expect(pages.reduce((n, p) => n + p.records.length, 0)).toBe(25);
  });

  it('fails instead of looping when the provider ignores offset and sends neither totals nor links', async () => {
    const { provider, clock } = setup({ totalHeader: false, linkHeaders: false });
    const client = new RosteringClient(
      { tenant: 'acme', rosteringBaseUrl: base, pageSize: 10, token: { tokenUrl: 'https://ic.example/campus/oauth2/token', clientId: 'id', clientSecret: 'x' } },
      { fetch: (url, init) => provider.fetch(url.replace(/offset=\d+/, 'offset=0'), init), clock },
    );
    await expect(collect(client.pages('users'))).rejects.toThrow(/tenant acme: OneRoster \/users answered the same page at offset 10 as before .*ignores offset/);
  });

  it('yields page by page with offset and total', async () => {
    const { client } = setup();
    const pages = await collect(client.pages('users'));
    expect(pages.map((p) => [p.endpoint, p.offset, p.total, p.records.length])).toEqual([
      ['/users', 0, 25, 10], ['/users', 10, 25, 10], ['/users', 20, 25, 5],
    ]);
  });

  it('re-requests a truncated page and continues when the retry is complete', async () => {
    const { client, provider } = setup();
    provider.inject(/offset=10/, { truncateTo: 4 });
    expect(ids(await collect(client.records('users')))).toEqual(ids(records(25, 'u')));
  });

  it.each<[string, Partial<FakeProviderOptions>]>([
    ['with X-Total-Count', {}],
    ['without X-Total-Count, detected from the next link', { totalHeader: false }],
  ])('fails on a page that stays truncated, naming the endpoint and offset (%s)', async (_case, options) => {
    const { client, provider } = setup(options);
    provider.inject(/offset=10/, { truncateTo: 4 }, 3);
    const seen: unknown[] = [];
    const error = await (async () => {
      try {
        for await (const record of client.records('users')) seen.push(record);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(IncompletePageError);
    expect((error as IncompletePageError).offset).toBe(10);
    expect((error as Error).message).toMatch(/tenant acme: OneRoster \/users returned 4 of 10 expected records at offset 10/);
    expect(seen).toHaveLength(10);
  });

  it('fails when the provider returns an empty page before X-Total-Count is reached', async () => {
    const { client, provider } = setup({ linkHeaders: false });
    provider.inject(/offset=20/, { truncateTo: 0 }, 3);
    await expect(collect(client.records('users'))).rejects.toThrow(/returned 0 of 5 expected records at offset 20 \(X-Total-Count 25\)/);
  });

  it('re-requests a page whose JSON body was cut off', async () => {
    const { client, provider } = setup();
    provider.inject(/offset=10/, { malformed: true });
    expect(ids(await collect(client.records('users')))).toEqual(ids(records(25, 'u')));
  });

  it('sends filter, fields, sort and limit as OneRoster query parameters', async () => {
    const { client, provider } = setup();
    await collect(client.delta('users', '2024-08-01T00:00:00Z', { fields: ['sourcedId', 'givenName'], sort: 'familyName', orderBy: 'asc' }));
    const first = new URL(pageCalls(provider)[0].url);
    expect(first.searchParams.get('filter')).toBe("dateLastModified>'2024-08-01T00:00:00Z'");
    expect(first.search).toContain('filter=dateLastModified%3E%272024-08-01T00%3A00%3A00Z%27');
    expect(first.searchParams.get('fields')).toBe('sourcedId,givenName');
    expect(first.searchParams.get('sort')).toBe('familyName');
    expect(first.searchParams.get('orderBy')).toBe('asc');
    expect(first.searchParams.get('limit')).toBe('10');
  });

  it('reads school-scoped collections', async () => {
    const { client } = setup();
    expect(ids(await collect(client.scopedRecords('classesForSchool', ['s1'])))).toEqual(['c0', 'c1', 'c2']);
  });
});

describe('RosteringClient retries and errors', () => {
  it('honours Retry-After seconds on 429 and continues', async () => {
    const { client, provider, clock } = setup();
    provider.inject(/offset=10/, { status: 429, headers: { 'Retry-After': '7' } });
    expect(await collect(client.records('users'))).toHaveLength(25);
    expect(clock.sleeps).toEqual([7000]);
  });

  it('honours Retry-After as an HTTP-date', async () => {
    const { client, provider, clock } = setup();
    provider.inject(/offset=0/, { status: 429, headers: { 'Retry-After': new Date(clock.time + 12_000).toUTCString() } });
    expect(await collect(client.records('users'))).toHaveLength(25);
    expect(clock.sleeps).toEqual([12_000]);
  });

  it('retries 5xx and timeouts with jittered exponential backoff', async () => {
    const { client, provider, clock } = setup();
    provider.inject(/offset=10/, { status: 500 }).inject(/offset=10/, { status: 503 }).inject(/offset=10/, { timeout: true });
    expect(await collect(client.records('users'))).toHaveLength(25);
    expect(clock.sleeps).toEqual([250, 500, 1000]);
  });

  it('gives up after the bounded number of attempts with a retriable error', async () => {
    const { client, provider } = setup();
    provider.inject(/offset=0/, { status: 502 }, 6);
    const error = await collect(client.records('users')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OneRosterRetriableError);
    expect((error as Error).message).toMatch(/tenant acme: OneRoster \/users answered HTTP 502.*gave up after 6 attempts/);
  });

  it('fetches a new token once on 401 and repeats the call', async () => {
    const { client, provider } = setup();
    await collect(client.pages('users'));
    provider.revokeTokens();
    expect(await collect(client.records('users'))).toHaveLength(25);
    expect(provider.tokensIssued).toBe(2);
  });

  it('renews an expired token before calling', async () => {
    const { client, provider, clock } = setup({ tokenLifetimeSeconds: 600 });
    await client.get('users', 'u1');
    clock.time += 600_000;
    await collect(client.records('users'));
    expect(provider.tokensIssued).toBe(2);
    expect(pageCalls(provider).every((c) => c.headers.authorization !== undefined)).toBe(true);
  });

  it('a 401 that survives a fresh token is a permanent auth error', async () => {
    const { client, provider } = setup();
    provider.inject(/users/, { status: 401 }, 2);
    await expect(collect(client.records('users'))).rejects.toThrow(OneRosterAuthError);
  });

  it('does not retry a 400 and reports the imsx codeMinor', async () => {
    const { client, provider } = setup();
    provider.inject(/users/, { status: 400, body: JSON.stringify({ imsx_codeMajor: 'failure', imsx_codeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'x', imsx_codeMinorFieldValue: 'invalid_filter_field' }] } }) });
    const error = (await collect(client.records('users')).catch((e: unknown) => e)) as OneRosterPermanentError;
    expect(error).toBeInstanceOf(OneRosterPermanentError);
    expect(error.imsx?.codeMinors).toEqual(['invalid_filter_field']);
    expect(pageCalls(provider)).toHaveLength(1);
  });

  it('single read returns the record, or undefined for an unknown sourcedId', async () => {
    const { client } = setup();
    expect(await client.get('users', 'u7')).toEqual({ sourcedId: 'u7' });
    expect(await client.get('users', 'nope')).toBeUndefined();
  });
});
