import { generateDistrict, type District } from '@rp/fixtures';
import { ClockPort, OneRosterAuthError, parseRecord, RosteringClient, type OneRosterConnectionSettings } from '@rp/oneroster';
import { DEFAULT_CLIENT, OneRosterSimulator, startOneRosterSimulator } from './index';

/** The product's client against the `minimal` profile over real HTTP (Node's fetch, redirects, HTML bodies). */
describe('RosteringClient against a minimal OneRoster provider', () => {
  let district: District;
  let sim: OneRosterSimulator;
  const sleeps: number[] = [];
  const clock: ClockPort = { now: () => Date.now(), sleep: async (ms) => void sleeps.push(ms) };

  beforeAll(async () => {
    district = generateDistrict({ seed: 3, size: 'tiny' });
    sim = await startOneRosterSimulator({ district, profile: 'minimal', pageSizeCap: 40 });
  });
  afterAll(() => sim.close());

  const client = (tokenUrl: string) => {
    const settings: OneRosterConnectionSettings = {
      tenant: 'acme', rosteringBaseUrl: sim.rosteringUrl, pageSize: 100,
      token: { tokenUrl, clientId: DEFAULT_CLIENT.clientId, clientSecret: DEFAULT_CLIENT.clientSecret },
    };
    return new RosteringClient(settings, { clock, random: () => 0.01 });
  };

  it('reads every enrollment through a silent clamp of 40 per 100 asked, HTML 429s included, each valid once hrefs are resolved', async () => {
    sim.admin.setFaults({ throttleNext: 2, retryAfterSeconds: 3 });
    const ids = new Set<string>();
    const problems: string[] = [];
    let end: string | undefined;
    for await (const page of client(sim.issuerTokenUrl).pages('enrollments')) {
      end = page.end ?? end;
      for (const raw of page.records) {
        const parsed = parseRecord('enrollment', raw, { tenant: 'acme', baseUrl: sim.rosteringUrl });
        if (parsed.ok) ids.add(parsed.record.sourcedId);
        else problems.push(...parsed.problems.map((p) => `${p.field}: ${p.message}`));
      }
    }
    expect(problems).toEqual([]);
    expect(ids.size).toBe(district.enrollments.length);
    expect(end).toBe('empty-page');
    expect(sleeps).toEqual([3000, 3000]);
  });

  it('refuses the token URL\'s redirect to another origin, naming the issuer and the setting', async () => {
    const error = await (async () => {
      for await (const _ of client(sim.tokenUrl).pages('orgs')) void _;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OneRosterAuthError);
    expect((error as Error).message).toContain(`redirects (HTTP 307) to another origin, ${new URL(sim.issuerTokenUrl).origin}`);
    expect((error as Error).message).toContain(`--ic-token-url ${sim.issuerTokenUrl.split('?')[0]}`);
    const issuerCalls = sim.admin.requests.filter((r) => r.path === '/campus/oauth2/token' && r.status === 401);
    expect(issuerCalls).toEqual([]);
  });
});
