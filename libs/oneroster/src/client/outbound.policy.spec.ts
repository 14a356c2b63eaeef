import { CrossOriginRefusedError, OneRosterPermanentError, OneRosterRetriableError } from '../errors/oneroster.errors';
import { GradebookClient } from '../gradebook/gradebook.client';
import { FakeClock, respond } from './fake-provider.test-helper';
import { bodyExcerpt } from './outbound.policy';
import { HttpRequestInit, HttpResponseLike } from './ports';
import { RosteringClient } from './rostering.client';

const base = 'https://ic.example/campus/api/ims/oneroster/rostering/v1p2';
type Call = { url: string; init: HttpRequestInit };

/** A provider whose answers the test scripts by URL; every call is recorded with its headers. */
function setup(answer: (url: string) => HttpResponseLike | undefined, settings: { maxResponseBytes?: number } = {}) {
  const calls: Call[] = [];
  const ports = {
    clock: new FakeClock(), random: () => 0.5,
    fetch: async (url: string, init: HttpRequestInit) => {
      calls.push({ url, init });
      if (url.includes('/token')) return respond(200, { access_token: 'tok', expires_in: 3600 });
      return answer(url) ?? respond(404, {});
    },
  };
  const connection = {
    tenant: 'acme', rosteringBaseUrl: base, pageSize: 2, ...settings,
    token: { tokenUrl: 'https://ic.example/campus/oauth2/token', clientId: 'id', clientSecret: 'x' },
    vendorAuthorization: { key: 'k', secret: 'v' }, retry: { maxAttempts: 2 },
  };
  return { calls, rostering: new RosteringClient(connection, ports), gradebook: new GradebookClient(connection, ports) };
}

async function drain(pages: AsyncIterable<unknown>): Promise<unknown> {
  try {
    for await (const _ of pages) void _;
  } catch (error) {
    return error;
  }
  return undefined;
}

const page = (key: string, n: number, link?: string) =>
  respond(200, { [key]: Array.from({ length: n }, (_, i) => ({ sourcedId: `r${i}` })) }, link ? { link: `<${link}>; rel="next"` } : {});

describe('outbound hygiene: credentials only to the configured origin', () => {
  it.each<[string, (c: ReturnType<typeof setup>) => AsyncIterable<unknown>, string]>([
    ['rostering pager', (c) => c.rostering.pages('users'), 'users'],
    ['gradebook pager', (c) => c.gradebook.pages('lineItems'), 'lineItems'],
  ])('%s: a Link rel=next to another origin is refused, and nothing is sent there', async (_case, pages, key) => {
    const client = setup((url) => (url.startsWith('https://ic.example/') ? page(key, 2, 'https://evil.example/next?offset=2') : page(key, 0)));
    const error = await drain(pages(client));
    expect(error).toBeInstanceOf(CrossOriginRefusedError);
    expect((error as Error).message).toMatch(
      /^tenant acme: OneRoster \/\w+: its Link rel="next" points to https:\/\/evil\.example, which is not the origin of the tenant's configured base URL \(https:\/\/ic\.example\);.*ops tenants update acme --ic-base-url/,
    );
    expect(client.calls.filter((c) => !c.url.startsWith('https://ic.example/'))).toEqual([]);
  });

  it('a redirect to another origin is refused without following it (no bearer token, no vendor key there)', async () => {
    const client = setup((url) => (url.startsWith('https://ic.example/') ? respond(302, {}, { location: 'https://cdn.example/users.json' }) : page('lineItems', 0)));
    const error = await drain(client.gradebook.pages('lineItems'));
    expect(error).toBeInstanceOf(CrossOriginRefusedError);
    expect((error as Error).message).toMatch(/a redirect \(HTTP 302\) points to https:\/\/cdn\.example/);
    expect(client.calls.map((c) => new URL(c.url).origin)).toEqual(['https://ic.example', 'https://ic.example']);
    expect(client.calls.every((c) => c.init.redirect === 'manual' && c.init.signal !== undefined)).toBe(true);
  });

  it('a redirect within the origin is followed with the credentials', async () => {
    const client = setup((url) => {
      const { pathname, search, searchParams } = new URL(url);
      if (pathname.endsWith('/v1p2/users')) return respond(307, {}, { location: `/campus/api/v2/users${search}` });
      return page('users', searchParams.get('offset') === '0' ? 1 : 0);
    });
    const records: unknown[] = [];
    for await (const r of client.rostering.records('users')) records.push(r);
    expect(records).toHaveLength(1);
    const followed = client.calls.find((c) => c.url.includes('/api/v2/users'))!;
    expect(followed.init.headers.authorization).toBe('Bearer tok');
  });
});

describe('outbound hygiene: bounded answers and readable errors', () => {
  it('an answer larger than the cap is a permanent error naming the setting', async () => {
    const client = setup(() => page('users', 2), { maxResponseBytes: 20 });
    const error = await drain(client.rostering.pages('users'));
    expect(error).toBeInstanceOf(OneRosterPermanentError);
    expect((error as Error).message).toMatch(/tenant acme: OneRoster GET \/users answered more than 20 bytes; lower the tenant's page size/);
  });

  it('an HTML 429 is retried and, when it persists, reported with its status and a short excerpt', async () => {
    const html = '<!DOCTYPE html><html><head><title>429</title></head><body><h1>Too Many Requests</h1><p>Rate limit exceeded.</p></body></html>';
    const client = setup(() => ({ status: 429, headers: new Headers({ 'content-type': 'text/html' }), text: async () => html }));
    const error = await drain(client.rostering.pages('users'));
    expect(error).toBeInstanceOf(OneRosterRetriableError);
    expect((error as Error).message).toMatch(/tenant acme: OneRoster \/users answered HTTP 429: HTML body "429 Too Many Requests Rate limit exceeded\." \(gave up after 2 attempts\)/);
  });

  it('a 200 whose body is not JSON is reported with an excerpt', async () => {
    const client = setup(() => ({ status: 200, headers: new Headers(), text: async () => '<html><body>Please log in</body></html>' }));
    const error = await drain(client.rostering.pages('users'));
    expect((error as Error).message).toMatch(/answered HTTP 200 with a body that is not JSON 3 times \(HTML body "Please log in"\)/);
  });
});

describe('bodyExcerpt', () => {
  it.each([
    ['{"imsx_codeMajor":"failure"}', '{"imsx_codeMajor":"failure"}'],
    ['', '(empty body)'],
    ['Service Unavailable', 'non-JSON body "Service Unavailable"'],
    ['<html><script>var x=1;</script><body> Bad&nbsp;Gateway </body></html>', 'HTML body "Bad Gateway"'],
  ])('%j → %s', (text, excerpt) => {
    expect(bodyExcerpt(text)).toBe(excerpt);
  });
});
