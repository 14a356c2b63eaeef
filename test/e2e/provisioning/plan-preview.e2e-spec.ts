import type { ClassRecord, EnrollmentRecord } from '@rp/fixtures';
import { canvasSnapshot, diffViews, expectedCanvas, rosterOf, waitFor } from '../support';
import { provisioningHarness } from './harness';

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
  const h = provisioningHarness({
    name: 'preview', baseline: true,
    // the extractor's count-drop hold would keep a whole school's deletions back: the preview is what is asked here
    district: { seed: 20, ic: () => ({ countDropHoldPercent: 100 }) },
  });
  const { env } = h;

  it('shows the drops of the school that left IC, leaves Canvas unchanged, and applies exactly them once approved', async () => {
    const { store, sis } = h.acme.ic.admin;
    const school = [...new Set((store.all('classes') as ClassRecord[]).map((c) => c.schoolSourcedId))].sort()[0];
    const gone = (store.all('classes') as ClassRecord[]).filter((c) => c.schoolSourcedId === school && c.status === 'active').map((c) => c.sourcedId);
    for (const e of store.all('enrollments') as EnrollmentRecord[]) if (gone.includes(e.classSourcedId)) sis.purge('enrollments', e.sourcedId);
    for (const id of gone) sis.purge('classes', id);
    const before = canvasSnapshot(h.canvas, 'acme');
    const importsBefore = h.canvas.admin.imports('acme').length;

    const requested = await h.pipeline.ops(['sync', 'acme', '--full', '--plan', '--json']);
    expect({ code: requested.code, stderr: requested.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    const runId = (JSON.parse(requested.stdout.split('\n')[0]) as { requested: { runId: string; planOnly: boolean } }).requested.runId;
    const plan = await waitFor('the preview plan of the run', async () => {
      const rows = await env.query<PreviewRow>('loader', `SELECT id, status, summary FROM loader_plans WHERE tenant = 'acme' AND kind = 'preview' AND sync_run = $1`, [runId]);
      return rows?.[0] ?? false;
    }, { timeoutMs: 240_000, describe: () => h.pipeline.tails() });

    const courses = plan.summary.preview.groups.find((g) => g.canvasType === 'course' && g.school === school);
    expect(courses?.drops).toBe(gone.length);
    expect(plan.summary.preview.groups.filter((g) => g.school !== school && g.drops > 0)).toEqual([]);
    await h.pipeline.waitQuiet('acme', h.canvas, 'acme');
    expect(h.canvas.admin.imports('acme')).toHaveLength(importsBefore);
    expect(diffViews(canvasSnapshot(h.canvas, 'acme'), before)).toEqual([]);

    const approved = await h.pipeline.ops(['plans', 'approve', plan.id]);
    expect({ code: approved.code, stderr: approved.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    const expected = expectedCanvas(rosterOf(store));
    await waitFor('the approved preview to reach Canvas', () => gone.every((id) => !(id in canvasSnapshot(h.canvas, 'acme').courses)), {
      timeoutMs: 180_000, describe: () => h.pipeline.tails(),
    });
    await h.pipeline.waitQuiet('acme', h.canvas, 'acme');
    expect(diffViews(canvasSnapshot(h.canvas, 'acme'), expected)).toEqual([]);
  }, 600_000);
});
