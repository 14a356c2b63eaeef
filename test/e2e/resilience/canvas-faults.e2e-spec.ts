import {
  canvasSnapshot, diffViews, expectedCanvas, importedRows, rosterOf, rowKey, sleep, viewCounts,
} from '../support';
import { duplicates, FaultScript } from './fault-script';
import { resilienceHarness } from './harness';

/**
 * Resilience: Canvas misbehaving while a full sync is loaded — an import that fails as a whole, one that ends
 * failed_with_messages, every API call throttled (403 Rate Limit Exceeded) for a while, then 5xx on the SIS imports
 * API — must end in the same Canvas as an undisturbed run, with no entity applied twice (a failed import applied
 * nothing, so only imports that applied rows are counted).
 */
describe('resilience: Canvas faults while loading a full sync', () => {
  const h = resilienceHarness({ name: 'res-canvas', tenant: 'cvfault', seed: 52 });

  it('retries until Canvas holds exactly what an undisturbed run leaves, nothing applied twice', async () => {
    const { canvas, pipeline, tenant } = h;
    const key = h.setup.accountKey;
    const expected = expectedCanvas(rosterOf(h.setup.ic.admin.store));
    const importsIn = (state: string) => canvas.admin.imports(key).filter((i) => i.workflowState === state).length;
    const script = new FaultScript([
      { name: 'failed import', arm: () => canvas.admin.setFaults(key, { importOutcome: 'failed' }), landed: () => importsIn('failed') >= 1 },
      {
        name: 'failed_with_messages import',
        arm: () => canvas.admin.setFaults(key, { importOutcome: 'failed_with_messages' }),
        landed: () => importsIn('failed_with_messages') >= 1,
      },
    ]);
    const runId = await pipeline.requestSync(tenant, 'full');
    await script.done;
    expect(script.landed).toEqual(['failed import', 'failed_with_messages import']);

    // Throttled window: the loader's rows are pending, yet no import gets through while every call is refused.
    canvas.admin.setFaults(key, { importOutcome: null, throttleAlways: true });
    const throttledAt = canvas.admin.imports(key).length;
    await sleep(3_000);
    expect(canvas.admin.imports(key).length).toBe(throttledAt);
    expect(await pipeline.pendingRows(tenant)).toBeGreaterThan(0);
    // Then 5xx on the SIS imports API: whichever call comes next (a status poll, retried, or a post, backed off) fails.
    canvas.admin.setFaults(key, { throttleAlways: false, serverErrors: { status: 503, remaining: 2, pathIncludes: 'sis_imports' } });

    expect((await pipeline.waitForRun(tenant, runId)).phase).toBe('finished');
    await pipeline.waitQuiet(tenant, canvas, key);
    expect(canvas.admin.state(key).faults.serverErrors?.remaining).toBe(0);

    expect(viewCounts(expected).enrollments).toBeGreaterThan(100);
    expect(diffViews(canvasSnapshot(canvas, key), expected)).toEqual([]);
    const applying = new Set(canvas.admin.imports(key).filter((i) => i.workflowState.startsWith('imported')).map((i) => i.id));
    const appliedRows = importedRows(canvas, key).filter((r) => applying.has(r.importId));
    expect(duplicates(appliedRows.map(rowKey))).toEqual([]);
    expect(importsIn('failed') + importsIn('failed_with_messages')).toBeGreaterThanOrEqual(2);
  }, 600_000);
});
