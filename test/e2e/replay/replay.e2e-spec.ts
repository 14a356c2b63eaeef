import {
  addDistrict, canvasSnapshot, DistrictSetup, E2eEnv, importedRows, Pipeline, rowKey, startCanvas, waitFor,
} from '../support';
import type { CanvasSimulator } from '@rp/sim-canvas';

/**
 * Acceptance (DESIGN.md §6): replaying a tenant from the compacted Canvas topics changes nothing; with --force after
 * Canvas lost the tenant's data, the tenant is restored exactly, and another tenant is untouched.
 */
describe('replay / backfill end to end', () => {
  const env = new E2eEnv('replay');
  let canvas: CanvasSimulator;
  let acme: DistrictSetup;
  let pipeline: Pipeline;

  beforeAll(async () => {
    canvas = await startCanvas(env, ['acme', 'globex']);
    acme = await addDistrict(env, canvas, { tenant: 'acme', seed: 31, size: 'tiny' });
    await addDistrict(env, canvas, { tenant: 'globex', seed: 32, size: 'tiny', rootAccountId: 'self' });
    pipeline = await Pipeline.start(env);
    for (const tenant of ['acme', 'globex']) {
      expect((await pipeline.sync(tenant, 'full')).phase).toBe('finished');
      await pipeline.waitQuiet(tenant, canvas, tenant);
    }
  }, 300_000);

  afterAll(async () => {
    await pipeline?.stop();
    await env.cleanup();
  }, 120_000);

  const replay = async (...flags: string[]) => {
    const result = await pipeline.ops(['replay', '--tenant', acme.tenant, '--stage', 'canvas', '--json', ...flags]);
    expect({ code: result.code, stderr: result.code === 0 ? '' : result.stderr }).toEqual({ code: 0, stderr: '' });
    return JSON.parse(result.stdout.trim().split('\n').pop()!);
  };

  it('changes nothing in Canvas when replayed twice without --force', async () => {
    const rowsBefore = { acme: importedRows(canvas, 'acme').length, globex: importedRows(canvas, 'globex').length };
    const before = canvasSnapshot(canvas, 'acme');
    for (let i = 0; i < 2; i++) {
      await replay();
      await pipeline.waitQuiet('acme', canvas, 'acme');
    }
    expect(importedRows(canvas, 'acme').slice(rowsBefore.acme).map(rowKey)).toEqual([]);
    expect(importedRows(canvas, 'globex').slice(rowsBefore.globex).map(rowKey)).toEqual([]);
    expect(canvasSnapshot(canvas, 'acme')).toEqual(before);
  }, 300_000);

  it('restores a wiped tenant with --force and leaves the other tenant untouched', async () => {
    const acmeBefore = canvasSnapshot(canvas, 'acme');
    const globexBefore = canvasSnapshot(canvas, 'globex');
    const globexRows = importedRows(canvas, 'globex').length;
    canvas.admin.wipe('acme');
    expect(Object.keys(canvasSnapshot(canvas, 'acme').users)).toEqual([]);

    const report = await replay('--force');
    expect(JSON.stringify(report)).toContain('replay');
    await waitFor('acme restored in Canvas', () => {
      const now = canvasSnapshot(canvas, 'acme');
      return Object.keys(now.enrollments).length === Object.keys(acmeBefore.enrollments).length;
    }, { timeoutMs: 180_000, describe: () => pipeline.tails() });
    await pipeline.waitQuiet('acme', canvas, 'acme');
    expect(canvasSnapshot(canvas, 'acme')).toEqual(acmeBefore);
    expect(canvasSnapshot(canvas, 'globex')).toEqual(globexBefore);
    expect(importedRows(canvas, 'globex').length).toBe(globexRows);
  }, 300_000);
});
