import type { ClassRecord, UserRecord } from '@rp/fixtures';
import type { CanvasSimulator } from '@rp/sim-canvas';
import {
  addDistrict, canvasSnapshot, diffViews, DistrictSetup, E2eEnv, expectedCanvas, importedRows, Pipeline, rosterOf, startCanvas,
} from '../support';

/**
 * Acceptance: two tenants syncing at the same time never write into each other's Canvas. Both districts are
 * generated from the SAME seed (same sourcedIds), then globex's IC diverges, so any mix-up by SIS id — a shared
 * hash, a wrong token, a wrong root account — shows as a difference.
 */
describe('provisioning end to end: two tenants at once stay isolated', () => {
  const env = new E2eEnv('tenants');
  let canvas: CanvasSimulator;
  let acme: DistrictSetup;
  let globex: DistrictSetup;
  let pipeline: Pipeline;

  beforeAll(async () => {
    canvas = await startCanvas(env, ['acme', 'globex']);
    acme = await addDistrict(env, canvas, { tenant: 'acme', seed: 23 });
    globex = await addDistrict(env, canvas, { tenant: 'globex', seed: 23, rootAccountId: 'self', mapping: { observers: { enabled: true } } });
    pipeline = await Pipeline.start(env);
  }, 300_000);

  afterAll(async () => {
    await pipeline?.stop();
    await env.cleanup();
  }, 120_000);

  it("provisions each district into its own root account only, with its own data", async () => {
    const { store, sis } = globex.ic.admin;
    for (const c of (store.all('classes') as ClassRecord[]).slice(0, 10)) sis.update('classes', c.sourcedId, { title: `Globex ${c.title}` });
    const students = (store.all('users') as UserRecord[]).filter((u) => u.status === 'active' && u.roles[0].role === 'student');
    const disabled = students.filter((u) => u.enabledUser).slice(0, 5).map((u) => u.sourcedId);
    for (const id of disabled) sis.disableUser(id);
    sis.purge('classes', (store.all('classes') as ClassRecord[])[20].sourcedId);

    const [acmeRun, globexRun] = await Promise.all([pipeline.requestSync('acme', 'full'), pipeline.requestSync('globex', 'full')]);
    expect((await pipeline.waitForRun('acme', acmeRun)).phase).toBe('finished');
    expect((await pipeline.waitForRun('globex', globexRun)).phase).toBe('finished');
    await pipeline.waitQuiet('acme', canvas, 'acme');
    await pipeline.waitQuiet('globex', canvas, 'globex');

    const acmeExpected = expectedCanvas(rosterOf(acme.ic.admin.store));
    const globexExpected = expectedCanvas(rosterOf(store), { observers: true });
    expect(diffViews(canvasSnapshot(canvas, 'acme'), acmeExpected)).toEqual([]);
    expect(diffViews(canvasSnapshot(canvas, 'globex'), globexExpected)).toEqual([]);

    // Nothing of globex's divergence was ever sent to acme's Canvas (not even transiently).
    const acmeRows = importedRows(canvas, 'acme');
    expect(acmeRows.filter((r) => JSON.stringify(r.values).includes('Globex'))).toEqual([]);
    expect(acmeRows.filter((r) => r.kind === 'user' && disabled.includes(r.values.user_id) && r.values.status !== 'active')).toEqual([]);
    expect(acmeRows.filter((r) => r.kind === 'user_observer')).toEqual([]);
    expect(importedRows(canvas, 'globex').filter((r) => r.kind === 'user_observer').length).toBeGreaterThan(0);
  }, 600_000);
});
