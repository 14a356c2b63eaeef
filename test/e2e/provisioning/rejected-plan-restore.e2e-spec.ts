import type { ClassRecord, EnrollmentRecord } from '@rp/fixtures';
import { canvasSnapshot, diffViews, waitFor } from '../support';
import { provisioningHarness } from './harness';

/**
 * Issue 18 item 2, end to end: a school's extract comes back truncated, the loader holds the drops, the operator
 * rejects the plan, then the data returns. A teacher of another school co-teaches one of the vanished classes.
 * Nothing destructive may reach Canvas on the way back: no row of any import after the rejection drops an
 * enrollment, nothing is held again, and Canvas ends exactly as it was. Which of the transformer's topics it reads
 * first decides whether the returning classes re-project still-deleted enrollments; that ordering is pinned
 * deterministically by apps/transformer/src/rejected-drop.spec.ts.
 */
describe('provisioning end to end: truncate → reject → restore with a co-teaching teacher of another school', () => {
  const thresholds = { maxDeleteFraction: 0.2, minDeleteCount: 3 };
  let coTaught: ClassRecord;
  let coTeacher: EnrollmentRecord;
  let vanishing: ClassRecord[];
  const h = provisioningHarness({
    name: 'restore', district: { seed: 12, thresholds }, baseline: true,
    prepare: (acme) => {
      const { store, sis } = acme.ic.admin;
      const classes = (store.all('classes') as ClassRecord[]).filter((c) => c.status === 'active');
      const [truncatedSchool, otherSchool] = [...new Set(classes.map((c) => c.schoolSourcedId))].sort();
      const ofTruncated = classes.filter((c) => c.schoolSourcedId === truncatedSchool);
      vanishing = ofTruncated.slice(0, Math.ceil(ofTruncated.length * 0.3));
      coTaught = vanishing[0];
      const teacherElsewhere = (store.all('enrollments') as EnrollmentRecord[])
        .find((e) => e.role === 'teacher' && e.status === 'active' && e.schoolSourcedId === otherSchool)!;
      coTeacher = sis.addEnrollment({ userSourcedId: teacherElsewhere.userSourcedId, classSourcedId: coTaught.sourcedId, role: 'teacher', primary: false });
    },
    // Batches close at every tick, as a busy loader's time window does: a stray drop would go out on its own.
    pipelineEnv: { LOADER_BATCH_MAX_WAIT_MS: '0', LOADER_TICK_MS: '100' },
  });
  const { env } = h;

  const coTeacherKey = () => `${coTaught.sourcedId}:${coTeacher.userSourcedId}:teacher`;

  it('sends nothing destructive when the data returns after the plan was rejected; Canvas ends as it was', async () => {
    const before = canvasSnapshot(h.canvas, 'acme');
    expect(before.enrollments[coTeacherKey()]).toMatchObject({ state: 'active' });

    // 1. truncated: the classes and their enrollments vanish from IC's answers
    const { store } = h.acme.ic.admin;
    const gone = new Set(vanishing.map((c) => c.sourcedId));
    const saved = {
      classes: vanishing,
      enrollments: (store.all('enrollments') as EnrollmentRecord[]).filter((e) => gone.has(e.classSourcedId)),
    };
    for (const e of saved.enrollments) h.acme.ic.admin.sis.purge('enrollments', e.sourcedId);
    for (const c of saved.classes) h.acme.ic.admin.sis.purge('classes', c.sourcedId);
    expect((await h.pipeline.sync('acme', 'full')).phase).toBe('finished');
    const held = () => env.query<{ id: string }>('loader', `SELECT id FROM loader_plans WHERE tenant = 'acme' AND status = 'held'`);
    await waitFor('a held plan for tenant acme', async () => ((await held())?.length ?? 0) > 0, { timeoutMs: 120_000, describe: () => h.pipeline.tails() });
    await h.pipeline.waitQuiet('acme', h.canvas, 'acme');

    // 2. rejected by the operator (batches closing at every tick may have split the run's drops into several plans)
    const plans = (await held()) ?? [];
    for (const plan of plans) {
      const rejected = await h.pipeline.ops(['plans', 'reject', plan.id]);
      expect(rejected.code).toBe(0);
    }
    await h.pipeline.waitQuiet('acme', h.canvas, 'acme');
    expect(diffViews(canvasSnapshot(h.canvas, 'acme'), before)).toEqual([]);
    const importsBeforeRestore = h.canvas.admin.imports('acme').length;

    // 3. the data returns, unchanged
    for (const c of saved.classes) store.put('classes', c);
    for (const e of saved.enrollments) store.put('enrollments', e);
    store.touch();
    expect((await h.pipeline.sync('acme', 'full')).phase).toBe('finished');
    await h.pipeline.waitQuiet('acme', h.canvas, 'acme');

    const sentSince = h.canvas.admin.imports('acme').slice(importsBeforeRestore)
      .flatMap((i) => i.files.filter((f) => f.kind === 'enrollment').flatMap((f) => f.rows.map((r) => r.values)));
    expect(sentSince.filter((row) => row.status !== 'active')).toEqual([]);
    expect(sentSince.filter((row) => row.user_id === coTeacher.userSourcedId && row.section_id === coTaught.sourcedId && row.status !== 'active')).toEqual([]);
    expect(diffViews(canvasSnapshot(h.canvas, 'acme'), before)).toEqual([]);
    expect(canvasSnapshot(h.canvas, 'acme').enrollments[coTeacherKey()]).toMatchObject({ state: 'active' });
    expect(await held()).toEqual([]); // nothing of the returning data was destructive, so nothing was held again
  }, 900_000);
});
