import { District, generateDistrict } from '@rp/fixtures';
import {
  ClockPort, EntityKind, IncompletePageError, parseRecord, RosteringClient, RosteringCollection, rosteringCollections,
} from '@rp/oneroster';
import { DEFAULT_APP_NAME, DEFAULT_CLIENT, DEFAULT_VENDOR_AUTHORIZATION, OneRosterSimulator, startOneRosterSimulator } from './index';

/** Acceptance: pull a generated small district from the IC simulator through injected faults; counts must match. */
describe('pulling a district from the OneRoster simulator', () => {
  let district: District;
  let sim: OneRosterSimulator;
  const sleeps: number[] = [];
  // Waiting is recorded, not done, so Retry-After and backoff cost no wall time.
  const clock: ClockPort = { now: () => Date.now(), sleep: async (ms) => void sleeps.push(ms) };

  beforeAll(async () => {
    district = generateDistrict({ seed: 11, size: 'small' });
    sim = await startOneRosterSimulator({ district });
  }, 60_000);
  afterAll(() => sim.close());

  const client = (pageSize = 2000) =>
    new RosteringClient(
      {
        tenant: 'acme',
        rosteringBaseUrl: sim.rosteringUrl,
        pageSize,
        token: { tokenUrl: `${sim.baseUrl}/campus/oauth2/token`, clientId: DEFAULT_CLIENT.clientId, clientSecret: DEFAULT_CLIENT.clientSecret, appName: DEFAULT_APP_NAME },
        vendorAuthorization: { key: DEFAULT_VENDOR_AUTHORIZATION.split(':')[0], secret: DEFAULT_VENDOR_AUTHORIZATION.split(':')[1] },
      },
      { clock, random: () => 0.01 },
    );

  async function pull(rostering: RosteringClient, collection: RosteringCollection) {
    const kind: EntityKind = rosteringCollections[collection].kind;
    const ids = new Set<string>();
    const problems: string[] = [];
    for await (const page of rostering.pages(collection)) {
      for (const raw of page.records) {
        const parsed = parseRecord(kind, raw, { tenant: 'acme' });
        if (parsed.ok) ids.add(parsed.record.sourcedId);
        else problems.push(...parsed.problems.map((p) => `${p.field}: ${p.message}`));
      }
    }
    return { ids, problems };
  }

  it('gets every entity, valid and exactly as many as generated, despite 429s, 500s, a token expiry, a truncated page and provider quirks', async () => {
    sim.admin.setQuirks({ jsonBooleans: true, bareGuidRefs: true, extRoles: true });
    const rostering = client();
    const expected: Partial<Record<RosteringCollection, number>> = {
      orgs: district.counts.orgs,
      schools: district.counts.schools,
      academicSessions: district.counts.academicSessions,
      terms: district.counts.terms,
      gradingPeriods: district.counts.gradingPeriods,
      courses: district.counts.courses,
      classes: district.counts.classes,
      users: district.counts.users,
      students: district.counts.students,
      teachers: district.counts.teachers,
      enrollments: district.counts.enrollments,
    };
    const faults: Partial<Record<RosteringCollection, () => void>> = {
      orgs: () => sim.admin.setFaults({ throttleNext: 2, retryAfterSeconds: 3 }),
      courses: () => sim.admin.setFaults({ serverErrorNext: 2 }),
      users: () => sim.admin.setFaults({ truncatePageNext: 1 }),
      enrollments: () => sim.admin.expireTokens(),
    };
    const actual: Partial<Record<RosteringCollection, number>> = {};
    for (const collection of Object.keys(expected) as RosteringCollection[]) {
      faults[collection]?.();
      const { ids, problems } = await pull(rostering, collection);
      expect(problems).toEqual([]);
      actual[collection] = ids.size;
    }
    expect(actual).toEqual(expected);
    // The faults really happened and were recovered from:
    const statuses = sim.admin.requests.map((r) => r.status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
    expect(statuses.filter((s) => s === 500)).toHaveLength(2);
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(1);
    expect(sim.admin.requests.filter((r) => r.path.endsWith('/users') && /offset=0(&|$)/.test(r.query))).toHaveLength(2);
    expect(sleeps).toContain(3000);
  }, 120_000);

  it('a page that stays truncated ends the pull with an error naming the endpoint and offset', async () => {
    sim.admin.resetFaults();
    const rostering = client(1000);
    let received = 0;
    const error = await (async () => {
      try {
        for await (const page of rostering.pages('enrollments')) {
          received += page.records.length;
          sim.admin.setFaults({ truncatePageNext: 5 });
        }
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(IncompletePageError);
    expect((error as IncompletePageError).offset).toBe(1000);
    expect((error as Error).message).toMatch(/tenant acme: OneRoster \/enrollments returned 500 of 1000 expected records at offset 1000/);
    expect(received).toBe(1000);
  }, 60_000);
});
