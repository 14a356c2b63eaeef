import type { ClassRecord, EnrollmentRecord } from '@rp/fixtures';
import type { CanvasSimulator } from '@rp/sim-canvas';
import {
  addDistrict, canvasSnapshot, diffViews, DistrictSetup, E2eEnv, expectedCanvas, Pipeline, rosterOf, startCanvas, waitFor,
} from '../support';

interface PreviewRow {
  id: string;
  status: string;
  summary: { preview: { runId: string; groups: { canvasType: string; school: string | null; creates: number; updates: number; drops: number }[] } };
}

/**
 * Acceptance (issue 20 item 1, ADR 0131): `ops sync --full --plan` on a tenant whose IC data lost a school shows the
 * drops for that school and applies nothing; approving the plan afterwards makes exactly that change in Canvas.
 */
describe('provisioning end to end: a plan-only run previews a lost school and applies it once approved', () => {
  const env = new E2eEnv('preview');
  let canvas: CanvasSimulator;
  let acme: DistrictSetup;
  let pipeline: Pipeline;

  beforeAll(async () => {
    canvas = await startCanvas(env, ['acme']);
    // the extractor's count-drop hold would keep a whole school's deletions back: the preview is what is asked here
    acme = await addDistrict(env, canvas, { tenant: 'acme', seed: 20, ic: () => ({ countDropHoldPercent: 100 }) });
    pipeline = await Pipeline.start(env);
    expect((await pipeline.sync('acme', 'full')).phase).toBe('finished');
    await pipeline.waitQuiet('acme', canvas, 'acme');
  }, 420_000);

  afterAll(async () => {
    await pipeline?.stop();
    await env.cleanup();
  }, 120_000);

  it('shows the drops of the school that left IC, leaves Canvas unchanged, and applies exactly them once approved', async () => {
    const { store, sis } = acme.ic.admin;
    const school = [...new Set((store.all('classes') as ClassRecord[]).map((c) => c.schoolSourcedId))].sort()[0];
    const gone = (store.all('classes') as ClassRecord[]).filter((c) => c.schoolSourcedId === school && c.status === 'active').map((c) => c.sourcedId);
    for (const e of store.all('enrollments') as EnrollmentRecord[]) if (gone.includes(e.classSourcedId)) sis.purge('enrollments', e.sourcedId);
    for (const id of gone) sis.purge('classes', id);
    const before = canvasSnapshot(canvas, 'acme');
    const importsBefore = canvas.admin.imports('acme').length;

    const requested = await pipeline.ops(['sync', 'acme', '--full', '--plan', '--json']);
    expect({ code: requested.code, stderr: requested.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    const runId = (JSON.parse(requested.stdout.split('\n')[0]) as { requested: { runId: string; planOnly: boolean } }).requested.runId;
    const plan = await waitFor('the preview plan of the run', async () => {
      const rows = await env.query<PreviewRow>('loader', `SELECT id, status, summary FROM loader_plans WHERE tenant = 'acme' AND kind = 'preview' AND sync_run = $1`, [runId]);
      return rows?.[0] ?? false;
    }, { timeoutMs: 240_000, describe: () => pipeline.tails() });

    const courses = plan.summary.preview.groups.find((g) => g.canvasType === 'course' && g.school === school);
    expect(courses?.drops).toBe(gone.length);
    expect(plan.summary.preview.groups.filter((g) => g.school !== school && g.drops > 0)).toEqual([]);
    await pipeline.waitQuiet('acme', canvas, 'acme');
    expect(canvas.admin.imports('acme')).toHaveLength(importsBefore);
    expect(diffViews(canvasSnapshot(canvas, 'acme'), before)).toEqual([]);

    const approved = await pipeline.ops(['plans', 'approve', plan.id]);
    expect({ code: approved.code, stderr: approved.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    const expected = expectedCanvas(rosterOf(store));
    await waitFor('the approved preview to reach Canvas', () => gone.every((id) => !(id in canvasSnapshot(canvas, 'acme').courses)), {
      timeoutMs: 180_000, describe: () => pipeline.tails(),
    });
    await pipeline.waitQuiet('acme', canvas, 'acme');
    expect(diffViews(canvasSnapshot(canvas, 'acme'), expected)).toEqual([]);
  }, 600_000);
});
