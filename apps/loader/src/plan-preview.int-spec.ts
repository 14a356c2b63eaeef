import type { CanvasEntityType, SyncRunEvent } from '@rp/messaging';
import { LoaderPlan, LoaderPlanRepository, LoaderPlanRunRepository } from '@rp/persistence';
import { eventually, loaderIntKit, TENANT } from './testing/loader-int-kit';

jest.setTimeout(180_000);

/**
 * Plan preview (ADR 0131) at the loader: the rows of a run registered plan-only are withheld and become one preview
 * plan (creates, updates, drops per type and school) once the run's changes are in; nothing reaches Canvas until the
 * plan is approved (then exactly its rows do); a discarded preview leaves Canvas as it is until the tenant's next run
 * takes its rows; a preview is not approved once another run has started.
 */
describe('plan-only runs at the loader, against PostgreSQL and the Canvas simulator', () => {
  const kit = loaderIntKit({
    name: 'pp', clientId: 'plan-preview-int-spec', thresholds: { maxDeleteFraction: 0.5, minDeleteCount: 3 }, importSpeed: { rowsPerStep: 50, stepDelayMs: 0 },
    loaderEnv: { LOADER_TICK_MS: '100', LOADER_BATCH_MAX_WAIT_MS: '500', LOADER_POLL_INITIAL_MS: '50', LOADER_POLL_MAX_MS: '200' },
  });
  const { ops } = kit;
  let plans: LoaderPlanRepository;
  let planRuns: LoaderPlanRunRepository;

  const send = (type: CanvasEntityType, sisId: string, row: Record<string, string>, syncRun: string, school: string | null, op: 'upsert' | 'delete' = 'upsert') =>
    kit.publishChange(type, sisId, row, { op, syncRun, school });
  const user = (id: string, school: string, run: string) => send('user', id, { user_id: id, login_id: id.toLowerCase(), full_name: `User ${id}`, status: 'active' }, run, school);
  const enrol = (course: string, id: string, school: string, run: string, status = 'active') =>
    send('enrollment', `${course}:${id}:student`, { course_id: course, section_id: course, user_id: id, role: 'student', status }, run, school, status === 'active' ? 'upsert' : 'delete');
  const marker = (runId: string, stage: SyncRunEvent['stage'], phase: SyncRunEvent['phase']) => kit.publishRunEvent(runId, { stage, phase });
  /** Each Canvas enrollment and user by SIS id with its state: what an operator sees in Canvas. */
  const canvasState = () => {
    const state = kit.sim.admin.state('acme');
    const entries = [...state.enrollments.values()].map((e) => [`enrollment ${state.courses.get(e.courseId)?.sisId}:${state.users.get(e.userId)?.sisId}`, e.workflowState]);
    return Object.fromEntries([...entries, ...[...state.users.values()].map((u) => [`user ${u.sisId}`, 'active'])]);
  };
  const previewOf = (runId: string) => eventually(`the preview plan of ${runId}`, async () =>
    (await plans.list({ tenant: TENANT })).find((p: LoaderPlan) => p.kind === 'preview' && p.syncRun === runId));
  const enrollmentsAppliedActive = async () => (await kit.loaderDs.query(`SELECT count(*)::int AS n FROM loader_applied WHERE canvas_type = 'enrollment' AND active`))[0].n;

  beforeAll(async () => {
    plans = new LoaderPlanRepository(kit.loaderDs);
    planRuns = new LoaderPlanRunRepository(kit.loaderDs);

    // two schools, each with a course and three enrolled students
    for (const s of ['S1', 'S2']) {
      await send('account', s, { account_id: s, parent_account_id: '', name: `School ${s}`, status: 'active' }, 'run-a', s);
      await send('course', `C${s}`, { course_id: `C${s}`, short_name: s, long_name: `Course ${s}`, account_id: s, term_id: '', status: 'active' }, 'run-a', s);
      await send('section', `C${s}`, { section_id: `C${s}`, course_id: `C${s}`, name: `Course ${s}`, status: 'active' }, 'run-a', s);
      for (let i = 1; i <= 3; i += 1) await user(`${s}U${i}`, s, 'run-a');
      for (let i = 1; i <= 3; i += 1) await enrol(`C${s}`, `${s}U${i}`, s, 'run-a');
    }
    await eventually('run-a applied', async () => (await enrollmentsAppliedActive()) === 6);
  });

  it('shows the drops of a school that left IC and applies nothing; approving applies exactly the plan', async () => {
    const before = canvasState();
    const importsBefore = kit.sim.admin.imports('acme').length;
    await planRuns.register(TENANT, 'run-p', 'ops:test');
    await marker('run-p', 'extractor', 'started');
    for (let i = 1; i <= 3; i += 1) await enrol('CS2', `S2U${i}`, 'S2', 'run-p', 'deleted'); // school S2 left IC
    await user('S1U9', 'S1', 'run-p'); // a new student
    await marker('run-p', 'transformer', 'finished');

    const plan = await previewOf('run-p');
    expect(plan).toMatchObject({ status: 'held', itemCount: 4 });
    expect(plan.summary.preview?.groups).toEqual([
      { canvasType: 'enrollment', school: 'S2', creates: 0, updates: 0, drops: 3, samples: { creates: [], updates: [], drops: ['CS2:S2U1:student', 'CS2:S2U2:student', 'CS2:S2U3:student'] } },
      { canvasType: 'user', school: 'S1', creates: 1, updates: 0, drops: 0, samples: { creates: ['S1U9'], updates: [], drops: [] } },
    ]);
    // the run is loaded (its rows held in the preview) and nothing went to Canvas
    await eventually('the loader\'s finished marker of run-p', async () =>
      (await kit.loaderDs.query(`SELECT 1 FROM run_history_events WHERE run_id = 'run-p' AND stage = 'loader' AND phase = 'finished'`)).length > 0);
    expect(kit.sim.admin.imports('acme')).toHaveLength(importsBefore);
    expect(canvasState()).toEqual(before);

    await ops('plans', 'approve', plan.id, '--by', 'ops-test');
    await eventually('the preview applied', async () => (await plans.get(plan.id)).status === 'applied');
    const after = canvasState();
    const changed = Object.keys({ ...before, ...after }).filter((k) => before[k] !== after[k]).sort();
    expect(changed).toEqual(['enrollment CS2:S2U1', 'enrollment CS2:S2U2', 'enrollment CS2:S2U3', 'user S1U9']);
    expect(['enrollment CS2:S2U1', 'enrollment CS2:S2U2', 'enrollment CS2:S2U3'].map((k) => after[k])).toEqual(['deleted', 'deleted', 'deleted']);
  });

  it('a discarded preview leaves Canvas unchanged until the next run takes its rows; a stale preview is not approved', async () => {
    await planRuns.register(TENANT, 'run-q', 'ops:test');
    await marker('run-q', 'extractor', 'started');
    await enrol('CS1', 'S1U1', 'S1', 'run-q', 'deleted');
    await marker('run-q', 'transformer', 'finished');
    const plan = await previewOf('run-q');
    const before = canvasState();

    await marker('run-r', 'extractor', 'started'); // another run started since: the preview is no longer exactly a run's change
    await eventually('run-r recorded', async () => (await kit.loaderDs.query(`SELECT 1 FROM run_history_events WHERE run_id = 'run-r'`)).length > 0);
    await expect(ops('plans', 'approve', plan.id)).rejects.toMatchObject({ stderr: expect.stringMatching(/run run-r started after plan .*'s run run-q/) });
    await ops('plans', 'discard', plan.id, '--by', 'ops-test');
    expect((await plans.get(plan.id)).status).toBe('discarded');
    expect(canvasState()).toEqual(before);

    await marker('run-s', 'extractor', 'started'); // the next run takes the discarded rows as its own
    const applied = await eventually('the drop of S1U1 applied', async () =>
      (await kit.loaderDs.query(`SELECT sync_run FROM loader_applied WHERE sis_id = 'CS1:S1U1:student' AND NOT active`))[0]);
    expect(applied.sync_run).toBe('run-s');
    expect(canvasState()['enrollment CS1:S1U1']).toBe('deleted');
  });
});
