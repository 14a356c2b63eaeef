import type { ClassRecord } from '@rp/fixtures';
import type { CanvasSimulator } from '@rp/sim-canvas';
import {
  addDistrict, canvasSnapshot, diffViews, DistrictSetup, E2eEnv, expectedCanvas, importedRows, Pipeline, rosterOf, sleep,
  startCanvas, waitFor,
} from '../support';
import { deadLetterCounts, expectUndisturbedCanvas, OUTAGE_MS } from './harness';
import { PassbackApps, PassbackBurst, passbackSettings } from './passback-burst';

/**
 * Long outages of one tenant's own systems (issue 16 acceptance d and e), at once since they do not interfere:
 * `tohang`'s Canvas times out (accepts every call and never answers) through its whole full sync, and `toic`'s IC
 * answers 503 with Retry-After in the middle of a burst of grades — each for RP_E2E_OUTAGE_SECONDS (60). Meanwhile a
 * third tenant's delta reaches its Canvas and its grades reach its IC as usual (latencies printed), while the other
 * two are still stalled. Once their systems are back, the sync ends exactly as an undisturbed run, every grade lands
 * with its one score, nothing was applied twice and nothing was dead-lettered.
 */
describe("long outages of one tenant's Canvas (timing out) and another's IC (503): a third tenant unaffected", () => {
  const env = new E2eEnv('out-tenants');
  let canvas: CanvasSimulator; // tohang and toic
  let okCanvas: CanvasSimulator; // took
  let hang: DistrictSetup;
  let icDown: DistrictSetup;
  let ok: DistrictSetup;
  let pipeline: Pipeline;
  let apps: PassbackApps;
  let icBurst: PassbackBurst;
  let okBurst: PassbackBurst;

  beforeAll(async () => {
    canvas = await startCanvas(env, ['tohang', 'toic']);
    okCanvas = await startCanvas(env, ['took']);
    hang = await addDistrict(env, canvas, { tenant: 'tohang', seed: 63 });
    icDown = await addDistrict(env, canvas, { tenant: 'toic', seed: 12, rootAccountId: 'self' });
    ok = await addDistrict(env, okCanvas, { tenant: 'took', seed: 64 });
    const tenants = await env.tenants();
    await tenants.update('toic', passbackSettings(canvas));
    await tenants.update('took', passbackSettings(okCanvas));
    pipeline = await Pipeline.start(env);
    for (const [tenant, sim] of [['toic', canvas], ['took', okCanvas]] as const) {
      expect((await pipeline.sync(tenant, 'full')).phase).toBe('finished');
      await pipeline.waitQuiet(tenant, sim, tenant);
    }
    apps = await PassbackApps.start(env);
    icBurst = PassbackBurst.for(apps, canvas, icDown);
    okBurst = PassbackBurst.for(apps, okCanvas, ok);
    await icBurst.prepareCells();
    await okBurst.prepareCells();
  }, 600_000);

  afterAll(async () => {
    await apps?.stop();
    await pipeline?.stop();
    await env.cleanup();
  }, 120_000);

  const tails = () => `${pipeline.tails()}\n${apps.tails()}`;

  it('delivers the third tenant\'s delta and grades during both outages, then ends both stalled tenants as undisturbed', async () => {
    const expectedHang = expectedCanvas(rosterOf(hang.ic.admin.store));
    const ic = icDown.ic.admin;
    const half = Math.ceil(icBurst.cells.length / 2);

    // tohang's Canvas stops answering, then its full sync is requested; toic's IC goes away mid-burst.
    canvas.admin.setFaults('tohang', { hang: {} });
    const outageStart = Date.now();
    const hangRun = await pipeline.requestSync('tohang', 'full');
    icBurst.grade(icBurst.cells.slice(0, half));
    ic.setFaults({ serverErrorNext: 1_000_000_000, serverErrorStatus: 503, retryAfterSeconds: 5 });
    icBurst.grade(icBurst.cells.slice(half));
    await waitFor("tohang's loader to be held by its Canvas", () => (canvas.admin.state('tohang').faults.hang?.held ?? 0) > 0, { timeoutMs: 180_000, describe: tails });
    await waitFor("toic's writer to be refused by its IC", () => (ic.state().faults.serverErrorNext ?? 0) < 1_000_000_000 - 3, { timeoutMs: 120_000, describe: tails });
    // what an operator sees meanwhile: the gradebook's stall (the processor, which reads IC first), as it publishes it (ADR 0102)
    let status = '';
    await waitFor('ops passback status to show the stall', async () => {
      status = (await pipeline.ops(['passback', 'status', '--tenant', 'toic', '--class', icBurst.classSourcedId])).stdout;
      return /gradebook(-writer)? of tenant toic stalled since \S+ \([^)]*\): waiting for ic/.test(status);
    }, { timeoutMs: 120_000, intervalMs: 2000, describe: () => `${status}\n${tails()}` });

    // took's delta and grades go through meanwhile.
    const klass = (ok.ic.admin.store.all('classes') as ClassRecord[]).find((c) => c.status === 'active')!;
    ok.ic.admin.sis.update('classes', klass.sourcedId, { title: 'Renamed during the outages' });
    const deltaAt = Date.now();
    const deltaRun = await pipeline.requestSync('took', 'delta');
    okBurst.grade(okBurst.cells);
    await waitFor("took's delta in its Canvas", () => importedRows(okCanvas, 'took').some((r) => JSON.stringify(r.values).includes('Renamed during the outages')),
      { timeoutMs: 180_000, describe: tails });
    const deltaMs = Date.now() - deltaAt;
    await okBurst.waitAllWritten(180_000);
    const gradesMs = Date.now() - deltaAt;
    expect((await pipeline.waitForRun('took', deltaRun)).phase).toBe('finished');
    console.log(`took: delta in its Canvas after ${(deltaMs / 1000).toFixed(1)} s, ${okBurst.cells.length} grades in its IC after ` +
      `${(gradesMs / 1000).toFixed(1)} s, while tohang's Canvas timed out and toic's IC answered 503`);
    // …while the other two were still stalled: nothing reached tohang's Canvas, none of toic's later grades its IC.
    expect(importedRows(canvas, 'tohang')).toEqual([]);
    expect(icBurst.cells.slice(half).filter((c) => icBurst.finalScores()[c.id] !== undefined)).toEqual([]);
    expect(okBurst.finalScores()).toEqual(okBurst.expectedScores());

    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - outageStart)));
    canvas.admin.setFaults('tohang', { hang: null });
    ic.setFaults({ serverErrorNext: 0 });
    console.log(`tohang's Canvas and toic's IC were away for ${((Date.now() - outageStart) / 1000).toFixed(0)} s`);

    expect((await pipeline.waitForRun('tohang', hangRun)).phase).toBe('finished');
    await pipeline.waitQuiet('tohang', canvas, 'tohang', 400_000);
    expectUndisturbedCanvas({ canvas, setup: hang }, expectedHang);
    await icBurst.waitAllWritten();
    expect(icBurst.finalScores()).toEqual(icBurst.expectedScores());
    expect([...icBurst.rescored(), ...okBurst.rescored()]).toEqual([]);
    expect(diffViews(canvasSnapshot(okCanvas, 'took'), expectedCanvas(rosterOf(ok.ic.admin.store)))).toEqual([]);
    expect(await deadLetterCounts(env)).toEqual({});
  }, 900_000);
});
