import { generateDistrict, type District } from '@rp/fixtures';
import { GradebookClient, RosteringClient, type OneRosterConnectionSettings } from '@rp/oneroster';
import { DEFAULT_VENDOR_AUTHORIZATION, startOneRosterSimulator, type OneRosterSimulator } from '@rp/sim-oneroster';
import type { TenantGradebookContext } from '../tenant/tenant-context';
import { ClassContextReader } from './class-context.reader';

/** The class context against an Infinite Campus–like provider and against one without nested endpoints (issue 21). */
describe('ClassContextReader feature detection', () => {
  let district: District;
  const sims: OneRosterSimulator[] = [];

  beforeAll(() => {
    district = generateDistrict({ seed: 7, size: 'tiny' });
  });
  afterAll(() => Promise.all(sims.map((s) => s.close())));

  async function contextFor(profile: 'infinite-campus' | 'minimal'): Promise<{ ctx: TenantGradebookContext; sim: OneRosterSimulator }> {
    const sim = await startOneRosterSimulator({ district, profile });
    sims.push(sim);
    const [key, secret] = DEFAULT_VENDOR_AUTHORIZATION.split(':');
    const settings: OneRosterConnectionSettings = {
      tenant: 'acme', rosteringBaseUrl: sim.rosteringUrl, vendorAuthorization: { key, secret },
      token: { tokenUrl: sim.issuerTokenUrl, clientId: 'rp-client', clientSecret: 'rp-secret', ...(profile === 'infinite-campus' ? { appName: 'rostering' } : {}) },
    };
    const ctx = { tenant: 'acme', rostering: new RosteringClient(settings), gradebook: new GradebookClient(settings) } as unknown as TenantGradebookContext;
    return { ctx, sim };
  }

  /** Grading periods under the class's own terms, from the district itself. */
  const periodsOfClassTerms = (classSourcedId: string) => {
    const klass = district.classes.find((c) => c.sourcedId === classSourcedId)!;
    return district.academicSessions
      .filter((s) => s.type === 'gradingPeriod' && s.status !== 'tobedeleted' && klass.termSourcedIds.includes(s.parentSourcedId ?? ''))
      .map((s) => s.sourcedId).sort();
  };

  it('without nested endpoints, reads grading periods from the collection — the same ones for the class — and detects it once per tenant', async () => {
    const classes = district.classes.filter((c) => c.status === 'active' && periodsOfClassTerms(c.sourcedId).length > 0).slice(0, 3);
    expect(classes.length).toBeGreaterThan(1);
    const ic = await contextFor('infinite-campus');
    const minimal = await contextFor('minimal');
    const icReader = new ClassContextReader(60_000);
    const minimalReader = new ClassContextReader(60_000);
    for (const klass of classes) {
      const nested = await icReader.classContext(ic.ctx, klass.sourcedId);
      const fallback = await minimalReader.classContext(minimal.ctx, klass.sourcedId);
      const ids = (c: typeof nested) => c!.gradingPeriods.map((p) => p.sourcedId).sort();
      expect(ids(fallback)).toEqual(periodsOfClassTerms(klass.sourcedId));
      expect(ids(nested)).toEqual(expect.arrayContaining(ids(fallback)));
      expect(fallback!.schoolSourcedId).toBe(nested!.schoolSourcedId);
    }
    const nestedCalls = minimal.sim.admin.requests.filter((r) => /\/schools\/[^/]+\/terms$/.test(r.path));
    expect(nestedCalls.map((r) => r.status)).toEqual([404]);
  });
});
