import type { SyncRunEvent } from '@rp/messaging';
import { canvasSnapshot, diffViews, expectedCanvas, rosterOf, viewCounts } from '../support';
import { provisioningHarness } from './harness';

/**
 * Acceptance (issue 21): a OneRoster 1.2 provider that is not Infinite Campus — it clamps `limit` silently below the
 * page size asked for, sends neither X-Total-Count nor Link, relative hrefs, HTML 429s, no nested endpoints. A full
 * sync reads every record and Canvas matches the district; when the provider later stops after the first page of
 * enrollments, the full run holds its deletions, naming the short collection.
 */
describe('provisioning end to end against a minimal OneRoster provider', () => {
  const PAGE_CLAMP = 50;
  const h = provisioningHarness({
    name: 'minimal-provider',
    district: {
      seed: 21, size: 'tiny',
      simulator: { profile: 'minimal', pageSizeCap: PAGE_CLAMP },
      // The token URL of this provider redirects to its issuer on another origin: the tenant names the issuer.
      ic: (sim) => ({ tokenUrl: sim.issuerTokenUrl, pageSize: 2 * PAGE_CLAMP }),
    },
  });

  const count = (run: SyncRunEvent, key: string) => run.counts[key] ?? 0;

  it('a full sync reads every record although every page is clamped, and Canvas matches the district', async () => {
    // One HTML 429 on the way, as this provider's gateway sends them.
    h.acme.ic.admin.setFaults({ throttleNext: 1, retryAfterSeconds: 1 });
    const run = await h.pipeline.sync('acme', 'full');
    expect(run.phase).toBe('finished');
    const provider = rosterOf(h.acme.ic.admin.store);
    expect(provider.enrollments.length).toBeGreaterThan(2 * PAGE_CLAMP);
    expect({
      orgs: count(run, 'org.read'), courses: count(run, 'course.read'), classes: count(run, 'class.read'),
      users: count(run, 'user.read'), enrollments: count(run, 'enrollment.read'),
    }).toEqual({
      orgs: provider.orgs.length, courses: h.acme.ic.admin.store.all('courses').length, classes: provider.classes.length,
      users: provider.users.length, enrollments: provider.enrollments.length,
    });
    expect(Object.keys(run.counts).filter((k) => k.endsWith('.invalid'))).toEqual([]);
    expect(count(run, 'enrollment.repaired.relative-href')).toBe(provider.enrollments.length);
    expect(run.message).toMatch(/paging: .*enrollments \d+ \(empty page\)/);

    await h.pipeline.waitQuiet('acme', h.canvas, 'acme', 600_000);
    const expected = expectedCanvas(provider);
    expect(viewCounts(expected).enrollments).toBeGreaterThan(100);
    expect(diffViews(canvasSnapshot(h.canvas, 'acme'), expected)).toEqual([]);
  }, 900_000);

  it('a later full run whose provider returns only the first page of enrollments holds their deletions, naming the collection', async () => {
    const before = canvasSnapshot(h.canvas, 'acme');
    const total = rosterOf(h.acme.ic.admin.store).enrollments.length;
    h.acme.ic.provider.stopAfterFirstPage('/enrollments');
    const run = await h.pipeline.sync('acme', 'full');
    expect(run.phase).toBe('finished');
    expect(count(run, 'enrollment.read')).toBe(PAGE_CLAMP);
    expect(count(run, 'enrollment.deleted')).toBe(0);
    expect(count(run, 'enrollment.held')).toBeGreaterThan(0);
    expect(run.message).toMatch(new RegExp(`tenant acme: enrollments read ${PAGE_CLAMP} records, \\d+ % fewer than the ${total} of the last full run .*deletions are held`));

    await h.pipeline.waitQuiet('acme', h.canvas, 'acme');
    expect(canvasSnapshot(h.canvas, 'acme')).toEqual(before);
    const shown = await h.pipeline.ops(['runs', 'show', run.runId, '--tenant', 'acme']);
    expect(shown.stdout).toMatch(/enrollments read 50 records.*deletions are held/);
    expect(shown.stdout).toMatch(/enrollment\.held: \d+/);
  }, 600_000);
});
