import { canvasSnapshot, diffViews, expectedCanvas, importedRows, rosterOf, rowKey, viewCounts } from '../support';
import { provisioningHarness } from './harness';

/**
 * Acceptance: a generated district (with disabled users, a leaving student, dropped enrollments, preferred
 * names, guardians as observers) ends up in Canvas exactly as the independent expectation says.
 */
describe('provisioning end to end: full sync of a generated district', () => {
  const size = (process.env.E2E_FULL_SIZE as 'tiny' | 'small' | undefined) ?? 'tiny';
  const h = provisioningHarness({ name: 'full-sync', district: { seed: 10, size, mapping: { observers: { enabled: true } } } });

  it('creates every account, term, course, section, user, enrollment and observer, and nothing more', async () => {
    const run = await h.pipeline.sync('acme', 'full');
    expect(run.phase).toBe('finished');
    await h.pipeline.waitQuiet('acme', h.canvas, 'acme', 600_000);

    const expected = expectedCanvas(rosterOf(h.acme.ic.admin.store), { observers: true });
    const actual = canvasSnapshot(h.canvas, 'acme');
    expect(viewCounts(expected).enrollments).toBeGreaterThan(100);
    expect(expected.observers.length).toBeGreaterThan(0);
    expect(Object.values(expected.users).some((u) => u.state === 'suspended')).toBe(true);
    expect(diffViews(actual, expected)).toEqual([]);

    const imports = h.canvas.admin.imports('acme');
    expect(imports.filter((i) => i.workflowState.startsWith('failed')).map((i) => i.messages)).toEqual([]);
  }, 900_000);

  it('sends nothing more when a second full run finds nothing changed', async () => {
    const before = importedRows(h.canvas, 'acme').length;
    const snapshot = canvasSnapshot(h.canvas, 'acme');
    const run = await h.pipeline.sync('acme', 'full');
    expect(run.phase).toBe('finished');
    await h.pipeline.waitQuiet('acme', h.canvas, 'acme');
    expect(importedRows(h.canvas, 'acme').slice(before).map(rowKey)).toEqual([]);
    expect(canvasSnapshot(h.canvas, 'acme')).toEqual(snapshot);
  }, 600_000);
});
