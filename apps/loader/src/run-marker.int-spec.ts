import { canvasKey, CanvasEntityChange, CanvasEntityType, SyncRunEvent } from '@rp/messaging';
import { hash, eventually as eventuallyIn, loaderIntKit, TENANT } from './testing/loader-int-kit';

jest.setTimeout(120_000);

const eventually = <T>(what: string, probe: () => T | undefined) => eventuallyIn(what, probe, 900);

/** What Canvas held at the moment the loader's marker for a run was read. */
interface SeenMarker {
  event: SyncRunEvent;
  users: string[];
  activeEnrollments: string[];
}

describe('loader sync.runs marker (Kafka, registry, PostgreSQL, Canvas simulator)', () => {
  const kit = loaderIntKit({
    name: 'ldr', clientId: 'loader-run-marker-spec', thresholds: { maxDeleteFraction: 0.1, minDeleteCount: 3 }, importSpeed: { rowsPerStep: 2, stepDelayMs: 30 },
    loaderEnv: { LOADER_TICK_MS: '100', LOADER_BATCH_MAX_WAIT_MS: '300', LOADER_POLL_INITIAL_MS: '50', LOADER_POLL_MAX_MS: '100', LOADER_MAX_ATTEMPTS: '2' },
  });
  const reader = kit.kafka.consumer({ groupId: `${kit.topicPrefix}runs-reader` });
  kit.beforeTeardown(() => reader.disconnect());
  const markers: SeenMarker[] = [];

  const send = (run: string, type: CanvasEntityType, sisId: string, row: Record<string, string>, op: 'upsert' | 'delete' = 'upsert') =>
    kit.publishChange(type, sisId, row, { op, syncRun: run, school: 'S1', tagRun: true });
  const user = (run: string, id: string) => send(run, 'user', id, { user_id: id, login_id: id.toLowerCase(), full_name: `User ${id}`, status: 'active' });
  const enrol = (run: string, id: string, status = 'active') =>
    send(run, 'enrollment', `C1:${id}:student`, { course_id: 'C1', section_id: 'C1', user_id: id, role: 'student', status }, status === 'active' ? 'upsert' : 'delete');
  /** Enrollment drops in one produce request: the transformer publishes a run's deletions together, so they reach the loader's gate in one batch. */
  const dropAll = async (run: string, ids: string[]) => {
    const records = ids.map((id) => {
      const sisId = `C1:${id}:student`;
      const row = { course_id: 'C1', section_id: 'C1', user_id: id, role: 'student', status: 'deleted' };
      const value: CanvasEntityChange = { tenant: TENANT, canvasType: 'enrollment', sisId, op: 'delete', syncRun: run, contentHash: hash(row), school: 'S1', row, sources: [] };
      return { key: canvasKey(TENANT, 'enrollment', sisId), value, tenant: TENANT, op: 'delete' as const, syncRun: run };
    });
    await kit.publishChanges('enrollment', records);
  };
  /** The transformer's finished marker, published right after the run's changes (as the transformer does). */
  const transformed = (runId: string, kind: 'full' | 'delta' = 'full') => kit.publishRunEvent(runId, { kind, stage: 'transformer', phase: 'finished' });
  const loaded = (runId: string) => eventually(`the loader marker of ${runId}`, () => markers.find((m) => m.event.runId === runId));
  const canvas = () => kit.sim.admin.state('acme');

  beforeAll(async () => {
    await reader.connect();
    await reader.subscribe({ topic: `${kit.topicPrefix}sync.runs`, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        const event = await kit.serde.decode<SyncRunEvent>(message.value as Buffer);
        if (event.stage !== 'loader') return;
        const state = canvas();
        const activeEnrollments = [...state.enrollments.values()].filter((e) => e.workflowState === 'active').map((e) => state.users.get(e.userId)?.sisId ?? '?');
        markers.push({ event, users: [...state.users.values()].map((u) => u.sisId ?? '?'), activeEnrollments });
      },
    });
  });

  it('announces a run loaded only once its imports reached Canvas, counting rows and leaving a stuck enrollment waiting', async () => {
    await send('run-1', 'account', 'S1', { account_id: 'S1', parent_account_id: '', name: 'School 1', status: 'active' });
    await send('run-1', 'term', 'T1', { term_id: 'T1', name: '2026', status: 'active' });
    await send('run-1', 'course', 'C1', { course_id: 'C1', short_name: 'M1', long_name: 'Math 1', account_id: 'S1', term_id: 'T1', status: 'active' });
    await send('run-1', 'section', 'C1', { section_id: 'C1', course_id: 'C1', name: 'Math 1', status: 'active' });
    for (let i = 1; i <= 6; i += 1) await user('run-1', `U${i}`);
    for (let i = 1; i <= 6; i += 1) await enrol('run-1', `U${i}`);
    await enrol('run-1', 'GHOST'); // its user never comes: waits, and must not keep the run open forever
    await transformed('run-1');

    const marker = await loaded('run-1');
    expect(marker.event).toMatchObject({ tenant: TENANT, runId: 'run-1', kind: 'full', stage: 'loader', phase: 'finished' });
    expect(marker.event.counts).toMatchObject({ 'rows.sent': 16, 'rows.applied': 16, 'rows.failed': 0, 'rows.held': 0, 'rows.waiting': 1 });
    expect(marker.event.counts.imports).toBeGreaterThanOrEqual(1);
    // When the marker was read, Canvas already had every user and enrollment of the run.
    expect(marker.users).toEqual(expect.arrayContaining(['U1', 'U2', 'U3', 'U4', 'U5', 'U6']));
    expect(marker.activeEnrollments).toHaveLength(6);
  });

  it('announces a delta run with nothing new as loaded with zero rows', async () => {
    await user('run-2', 'U1'); // unchanged: Canvas has this version already
    await transformed('run-2', 'delta');
    const marker = await loaded('run-2');
    expect(marker.event).toMatchObject({ kind: 'delta', stage: 'loader', phase: 'finished' });
    expect(marker.event.counts).toMatchObject({ 'rows.sent': 0, 'rows.applied': 0, imports: 0, 'rows.held': 0, 'rows.waiting': 0 });
  });

  it('counts a mass drop held for an operator as done (held), while the rest of the run is imported', async () => {
    await dropAll('run-3', ['U1', 'U2', 'U3', 'U4']);
    await user('run-3', 'U7');
    await transformed('run-3');
    const marker = await loaded('run-3');
    expect(marker.event.counts).toMatchObject({ 'rows.sent': 1, 'rows.applied': 1, 'rows.held': 4, 'rows.waiting': 0, 'rows.failed': 0 });
    expect(marker.users).toContain('U7');
    expect(marker.activeEnrollments).toHaveLength(6); // nothing dropped without approval
  });

  it('announces a run queued behind another loaded only once the earlier run\'s rows it builds on are in Canvas', async () => {
    const earlier = Array.from({ length: 20 }, (_, i) => `Q${i + 1}`);
    // Canvas refuses the first posts of run-4's import for a moment: its rows wait in the loader, no import in flight
    kit.sim.admin.setFaults('acme', { serverErrors: { status: 503, remaining: 4, pathIncludes: 'sis_imports' } });
    for (const id of earlier) await user('run-4', id);
    await transformed('run-4');
    // the next run finds nothing new (its records are run-4's, unchanged) and finishes at once in the transformer
    await user('run-5', 'U1');
    await transformed('run-5', 'delta');
    const marker = await loaded('run-5');
    expect(marker.event.counts).toMatchObject({ 'rows.sent': 0, 'rows.waiting': 0 });
    expect(marker.users).toEqual(expect.arrayContaining(earlier)); // Canvas had run-4's users when run-5 said loaded
  });
});
