import type { ClassRecord } from '@rp/fixtures';
import type { CanvasSimulator } from '@rp/sim-canvas';
import {
  addDistrict, canvasSnapshot, diffViews, DistrictSetup, E2eEnv, expectedCanvas, importedRows, Pipeline, rosterOf, rowKey, sleep,
  startCanvas, waitFor,
} from '../support';
import { duplicates } from './fault-script';
import { deadLetterCounts, OUTAGE_MS } from './harness';

/**
 * Long outage (issue 16): one tenant's Canvas answering 503 to every call for a minute while its full sync is loaded.
 * Another tenant's delta meanwhile reaches its own Canvas as usual (its latency is printed); once the first Canvas is
 * back, its sync ends exactly as an undisturbed run, nothing applied twice, and nothing was dead-lettered.
 */
describe('long outage: one tenant\'s Canvas unavailable for a minute, another tenant unaffected', () => {
  const env = new E2eEnv('out-canvas');
  let canvas: CanvasSimulator;
  let down: DistrictSetup;
  let other: DistrictSetup;
  let pipeline: Pipeline;

  beforeAll(async () => {
    canvas = await startCanvas(env, ['cvdown', 'cvother']);
    down = await addDistrict(env, canvas, { tenant: 'cvdown', seed: 63 });
    other = await addDistrict(env, canvas, { tenant: 'cvother', seed: 64, rootAccountId: 'self' });
    pipeline = await Pipeline.start(env);
  }, 300_000);

  afterAll(async () => {
    await pipeline?.stop();
    await env.cleanup();
  }, 120_000);

  it("delivers the other tenant's delta during the outage and ends the unavailable tenant's sync as undisturbed, with empty DLQs", async () => {
    expect((await pipeline.sync('cvother', 'full')).phase).toBe('finished');
    await pipeline.waitQuiet('cvother', canvas, 'cvother');

    // cvdown's Canvas goes away for the whole outage, then its full sync is requested.
    const outageStart = Date.now();
    canvas.admin.setFaults('cvdown', { serverErrors: { status: 503, remaining: 1_000_000_000 } });
    const downRun = await pipeline.requestSync('cvdown', 'full');
    await waitFor("cvdown's loader to be refused by its Canvas", () => (canvas.admin.state('cvdown').faults.serverErrors?.remaining ?? 0) < 1_000_000_000,
      { timeoutMs: 180_000, describe: () => pipeline.tails() });

    // cvother's delta goes through while cvdown waits.
    const klass = (other.ic.admin.store.all('classes') as ClassRecord[]).find((c) => c.status === 'active')!;
    other.ic.admin.sis.update('classes', klass.sourcedId, { title: 'Renamed during the outage' });
    const deltaAt = Date.now();
    const deltaRun = await pipeline.requestSync('cvother', 'delta');
    await waitFor("cvother's delta in its Canvas", () => importedRows(canvas, 'cvother').some((r) => JSON.stringify(r.values).includes('Renamed during the outage')),
      { timeoutMs: 180_000, describe: () => pipeline.tails() });
    const latencyMs = Date.now() - deltaAt;
    expect((await pipeline.waitForRun('cvother', deltaRun)).phase).toBe('finished');
    console.log(`cvother's delta reached its Canvas in ${(latencyMs / 1000).toFixed(1)} s while cvdown's Canvas was unavailable`);
    expect(importedRows(canvas, 'cvdown')).toEqual([]); // cvdown's Canvas really was away meanwhile

    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - outageStart)));
    canvas.admin.setFaults('cvdown', { serverErrors: null });
    expect((await pipeline.waitForRun('cvdown', downRun)).phase).toBe('finished');
    await pipeline.waitQuiet('cvdown', canvas, 'cvdown');

    expect(diffViews(canvasSnapshot(canvas, 'cvdown'), expectedCanvas(rosterOf(down.ic.admin.store)))).toEqual([]);
    expect(duplicates(importedRows(canvas, 'cvdown').map(rowKey))).toEqual([]);
    expect(diffViews(canvasSnapshot(canvas, 'cvother'), expectedCanvas(rosterOf(other.ic.admin.store)))).toEqual([]);
    expect(await deadLetterCounts(env)).toEqual({});
  }, 900_000);
});
