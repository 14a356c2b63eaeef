import {
  addDistrict, canvasSnapshot, diffViews, DistrictSetup, E2eEnv, expectedCanvas, importedRows, Pipeline, rosterOf,
  rowKey, startCanvas, viewCounts,
} from '../support';
import type { CanvasSimulator } from '@rp/sim-canvas';

/**
 * Acceptance: a generated district (with disabled users, a leaving student, dropped enrollments, preferred
 * names, guardians as observers) ends up in Canvas exactly as the independent expectation says.
 */
describe('provisioning end to end: full sync of a generated district', () => {
  const env = new E2eEnv('full-sync');
  const size = (process.env.E2E_FULL_SIZE as 'tiny' | 'small' | undefined) ?? 'tiny';
  let canvas: CanvasSimulator;
  let acme: DistrictSetup;
  let pipeline: Pipeline;

  beforeAll(async () => {
    canvas = await startCanvas(env, ['acme']);
    acme = await addDistrict(env, canvas, { tenant: 'acme', seed: 10, size, mapping: { observers: { enabled: true } } });
    pipeline = await Pipeline.start(env);
  }, 300_000);

  afterAll(async () => {
    await pipeline?.stop();
    await env.cleanup();
  }, 120_000);

  it('creates every account, term, course, section, user, enrollment and observer, and nothing more', async () => {
    const run = await pipeline.sync('acme', 'full');
    expect(run.phase).toBe('finished');
    await pipeline.waitQuiet('acme', canvas, 'acme', 600_000);

    const expected = expectedCanvas(rosterOf(acme.ic.admin.store), { observers: true });
    const actual = canvasSnapshot(canvas, 'acme');
    expect(viewCounts(expected).enrollments).toBeGreaterThan(100);
    expect(expected.observers.length).toBeGreaterThan(0);
    expect(Object.values(expected.users).some((u) => u.state === 'suspended')).toBe(true);
    expect(diffViews(actual, expected)).toEqual([]);

    const imports = canvas.admin.imports('acme');
    expect(imports.filter((i) => i.workflowState.startsWith('failed')).map((i) => i.messages)).toEqual([]);
  }, 900_000);

  it('sends nothing more when a second full run finds nothing changed', async () => {
    const before = importedRows(canvas, 'acme').length;
    const snapshot = canvasSnapshot(canvas, 'acme');
    const run = await pipeline.sync('acme', 'full');
    expect(run.phase).toBe('finished');
    await pipeline.waitQuiet('acme', canvas, 'acme');
    expect(importedRows(canvas, 'acme').slice(before).map(rowKey)).toEqual([]);
    expect(canvasSnapshot(canvas, 'acme')).toEqual(snapshot);
  }, 600_000);
});
