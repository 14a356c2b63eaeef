import type { ClassRecord, EnrollmentRecord } from '@rp/fixtures';
import { canvasSnapshot, CanvasView, diffViews, expectedCanvas, rosterOf, waitFor } from '../support';
import { provisioningHarness } from './harness';

interface PlanRow {
  id: string;
  status: string;
  summary: { exceeded: { canvasType: string; school: string | null }[] };
}

/**
 * Acceptance: a full run after 30 % of one school's classes vanished from IC must not empty that school in
 * Canvas: the destructive rows are held as a plan, Canvas stays as it was until an operator approves the plan
 * with the ops CLI; a rejected plan changes nothing.
 */
describe('provisioning end to end: the safety gate holds a mass deletion for an operator', () => {
  // A tiny district has ~13 classes per school: a threshold of 20 % with a minimum of 3 rows is what a small
  // district would configure (the default minimum of 10 rows is meant for real school sizes).
  const thresholds = { maxDeleteFraction: 0.2, minDeleteCount: 3 };
  const h = provisioningHarness({ name: 'gate', district: { seed: 10, thresholds }, baseline: true });
  const { env } = h;

  /** Makes 30 % of a school's classes (and their enrollments) vanish from IC, as a broken extract would. */
  function vanish(school: string): string[] {
    const { store, sis } = h.acme.ic.admin;
    const classes = (store.all('classes') as ClassRecord[]).filter((c) => c.schoolSourcedId === school && c.status === 'active');
    const gone = classes.slice(0, Math.ceil(classes.length * 0.3)).map((c) => c.sourcedId);
    for (const e of store.all('enrollments') as EnrollmentRecord[]) if (gone.includes(e.classSourcedId)) sis.purge('enrollments', e.sourcedId);
    for (const id of gone) sis.purge('classes', id);
    return gone;
  }

  async function heldPlan(): Promise<PlanRow> {
    return waitFor('a held plan for tenant acme', async () => {
      const rows = await env.query<PlanRow>('loader', `SELECT id, status, summary FROM loader_plans WHERE tenant = 'acme' AND status = 'held'`);
      return rows?.[0] ?? false;
    }, { timeoutMs: 120_000, describe: () => h.pipeline.tails() });
  }

  async function fullRunHeld(school: string): Promise<{ plan: PlanRow; before: CanvasView; gone: string[] }> {
    const before = canvasSnapshot(h.canvas, 'acme');
    const gone = vanish(school);
    expect((await h.pipeline.sync('acme', 'full')).phase).toBe('finished');
    const plan = await heldPlan();
    await h.pipeline.waitQuiet('acme', h.canvas, 'acme');
    expect(plan.summary.exceeded.map((g) => g.school)).toContain(school);
    // Held: every course of the school is still there, exactly as before the run.
    expect(diffViews(canvasSnapshot(h.canvas, 'acme'), before)).toEqual([]);
    return { plan, before, gone };
  }

  const schools = () => [...new Set((h.acme.ic.admin.store.all('classes') as ClassRecord[]).map((c) => c.schoolSourcedId))].sort();

  it('holds the deletions, leaves Canvas unchanged, and applies them once the plan is approved with ops', async () => {
    const { plan, gone } = await fullRunHeld(schools()[0]);

    const approved = await h.pipeline.ops(['plans', 'approve', plan.id]);
    expect({ code: approved.code, stderr: approved.stderr }).toEqual({ code: 0, stderr: expect.any(String) });

    const expected = expectedCanvas(rosterOf(h.acme.ic.admin.store));
    await waitFor('the approved plan to reach Canvas', () => gone.every((id) => !(id in canvasSnapshot(h.canvas, 'acme').courses)), {
      timeoutMs: 120_000, describe: () => h.pipeline.tails(),
    });
    await h.pipeline.waitQuiet('acme', h.canvas, 'acme');
    expect(diffViews(canvasSnapshot(h.canvas, 'acme'), expected)).toEqual([]);
  }, 600_000);

  it('changes nothing when the plan is rejected', async () => {
    const { plan, before } = await fullRunHeld(schools()[1]);

    const rejected = await h.pipeline.ops(['plans', 'reject', plan.id]);
    expect({ code: rejected.code, stderr: rejected.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    const status = await env.query<{ status: string }>('loader', 'SELECT status FROM loader_plans WHERE id = $1', [plan.id]);
    expect(status?.[0]?.status).toBe('rejected');

    await h.pipeline.waitQuiet('acme', h.canvas, 'acme');
    expect(diffViews(canvasSnapshot(h.canvas, 'acme'), before)).toEqual([]);
  }, 600_000);
});
