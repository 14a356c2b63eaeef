import { generateDistrict, type District } from '@rp/fixtures';
import { ALL_SCOPES } from './options';
import { startOneRosterSimulator, type OneRosterSimulator } from './simulator';
import { send, SimClient } from './testing/sim-client';

/** The `minimal` profile behaves like the independent OneRoster 1.2 provider of issue 21. */
describe('minimal provider profile', () => {
  let district: District;
  let sim: OneRosterSimulator;
  let client: SimClient;

  beforeAll(async () => {
    district = generateDistrict({ seed: 5, size: 'tiny' });
    sim = await startOneRosterSimulator({ district, profile: 'minimal', pageSizeCap: 50 });
    client = new SimClient({ ...sim, tokenUrl: sim.issuerTokenUrl });
    expect((await client.authenticate()).status).toBe(200);
  });
  afterEach(() => sim.provider.reset());
  afterAll(() => sim.close());

  it('clamps limit silently and sends neither X-Total-Count nor Link', async () => {
    const res = await client.roster('/enrollments?limit=1000&offset=0');
    expect(res.status).toBe(200);
    expect(res.body.enrollments).toHaveLength(50);
    expect(res.headers.get('x-total-count')).toBeNull();
    expect(res.headers.get('link')).toBeNull();
    const last = await client.roster(`/enrollments?limit=1000&offset=${district.enrollments.length}`);
    expect(last.body.enrollments).toEqual([]);
  });

  it('sends GUIDRef hrefs relative to the service', async () => {
    const res = await client.roster('/enrollments?limit=1');
    const [enrollment] = res.body.enrollments;
    expect(enrollment.user.href).toBe(`/users/${enrollment.user.sourcedId}`);
  });

  it('answers the token URL with a 307 to an issuer on another origin, which issues the token', async () => {
    const res = await fetch(sim.tokenUrl, { method: 'POST', redirect: 'manual', body: 'grant_type=client_credentials' });
    expect(res.status).toBe(307);
    const location = new URL(res.headers.get('location')!);
    expect(location.origin).not.toBe(new URL(sim.tokenUrl).origin);
    expect(location.toString()).toBe(sim.issuerTokenUrl);
    // fetch drops the Basic credentials when it follows a redirect to another origin: the issuer sees none.
    const followed = await send(sim.tokenUrl, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('rp-client:rp-secret').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: ALL_SCOPES.join(' ') }).toString(),
    });
    expect(followed.status).toBe(401);
  });

  it('has no nested endpoints', async () => {
    const school = district.orgs.find((o) => o.type === 'school')!;
    expect((await client.roster(`/schools/${school.sourcedId}/terms`)).status).toBe(404);
    expect((await client.roster(`/schools/${school.sourcedId}`)).status).toBe(200);
  });

  it('throttles with an HTML page', async () => {
    sim.admin.setFaults({ throttleNext: 1, retryAfterSeconds: 2 });
    const res = await client.roster('/users?limit=5');
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.text).toMatch(/<html>.*Too Many Requests/);
  });

  it('can stop paging a collection after its first page, as a provider that suddenly breaks', async () => {
    sim.provider.stopAfterFirstPage('/enrollments');
    expect((await client.roster('/enrollments?limit=50&offset=0')).body.enrollments).toHaveLength(50);
    expect((await client.roster('/enrollments?limit=50&offset=50')).body.enrollments).toEqual([]);
    expect((await client.roster('/users?limit=50&offset=50')).body.users).toHaveLength(50);
  });
});

describe('default profile (Infinite Campus)', () => {
  it('keeps totals, links, absolute hrefs, nested endpoints and a token URL that issues tokens itself', async () => {
    const district = generateDistrict({ seed: 5, size: 'tiny' });
    const sim = await startOneRosterSimulator({ district });
    try {
      expect(sim.issuerTokenUrl).toBe(sim.tokenUrl);
      const client = new SimClient(sim);
      expect((await client.authenticate()).status).toBe(200);
      const res = await client.roster('/enrollments?limit=10');
      expect(res.headers.get('x-total-count')).toBe(String(district.enrollments.length));
      expect(res.headers.get('link')).toContain('rel="next"');
      expect(res.body.enrollments[0].user.href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/.*\/users\//);
      const school = district.orgs.find((o) => o.type === 'school')!;
      expect((await client.roster(`/schools/${school.sourcedId}/terms`)).status).toBe(200);
    } finally {
      await sim.close();
    }
  });
});
