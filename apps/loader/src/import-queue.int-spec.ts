import type { CanvasEntityType } from '@rp/messaging';
import { LoaderImportRepository } from '@rp/persistence';
import { eventually, loaderIntKit, TENANT } from './testing/loader-int-kit';

jest.setTimeout(120_000);

/**
 * ADR 0171: while Canvas applies one batch the loader posts the next, which waits in Canvas's queue for the root
 * account behind it; rows of the queued batch may reference entities the running one creates; each import's rows are
 * recorded from that import's own messages.
 */
describe('loader: the next import queued behind the running one', () => {
  const kit = loaderIntKit({
    name: 'ldq', clientId: 'loader-queue-int-spec', thresholds: { maxDeleteFraction: 0.1, minDeleteCount: 3 }, importSpeed: { rowsPerStep: 10, stepDelayMs: 0 },
    loaderEnv: { LOADER_TICK_MS: '100', LOADER_BATCH_MAX_ROWS: '6', LOADER_BATCH_MAX_WAIT_MS: '300', LOADER_POLL_INITIAL_MS: '50', LOADER_POLL_MAX_MS: '100', LOADER_MAX_ATTEMPTS: '1' },
  });
  const send = (type: CanvasEntityType, sisId: string, row: Record<string, string>) => kit.publishChange(type, sisId, row);
  const user = (id: string) => send('user', id, { user_id: id, login_id: id.toLowerCase(), full_name: `User ${id}`, status: 'active' });
  const enrol = (id: string, role = 'student') => send('enrollment', `C1:${id}:${role}`, { course_id: 'C1', section_id: 'C1', user_id: id, role, status: 'active' });
  const pendingCount = async (ids: string[]) =>
    (await kit.loaderDs.query(`SELECT count(*)::int AS n FROM loader_pending WHERE sis_id = ANY($1)`, [ids]))[0].n as number;
  const imports = () => kit.sim.admin.imports('acme');
  const importOf = async (canvasType: string, sisId: string) =>
    eventually(`${canvasType} ${sisId} recorded`, async () => {
      const [row] = await kit.loaderDs.query(
        `SELECT a.import_id FROM loader_applied a WHERE a.canvas_type = $1 AND a.sis_id = $2
         UNION ALL SELECT NULL FROM loader_pending p WHERE p.canvas_type = $1 AND p.sis_id = $2 AND p.status = 'failed'`, [canvasType, sisId]);
      return row ? (row.import_id === null ? 'failed' : Number(row.import_id)) : undefined;
    });

  it('posts the next batch while the first waits in Canvas, never a third, and attributes every row to its own import', async () => {
    const tenants = kit.tenants();
    await tenants.update(TENANT, { status: 'paused' });
    // batch A (6 rows, received first): the school, its course and section, users U1 and U2
    await send('account', 'S1', { account_id: 'S1', parent_account_id: '', name: 'School 1', status: 'active' });
    await send('term', 'T1', { term_id: 'T1', name: '2026', status: 'active' });
    await send('course', 'C1', { course_id: 'C1', short_name: 'M1', long_name: 'Math 1', account_id: 'S1', term_id: 'T1', status: 'active' });
    await send('section', 'C1', { section_id: 'C1', course_id: 'C1', name: 'Math 1', status: 'active' });
    await user('U1');
    await user('U2');
    await eventually('batch A pending', async () => (await pendingCount(['S1', 'T1', 'C1', 'U1', 'U2'])) === 6);
    // batch B: enrollments of A's users (not applied yet when B is built), two users of its own, one enrollment Canvas refuses
    await enrol('U1');
    await enrol('U2');
    await user('U3');
    await user('U4');
    await enrol('U3');
    await enrol('U4', 'bogus');
    await eventually('batch B pending', async () => (await pendingCount(['C1:U1:student', 'C1:U2:student', 'U3', 'U4', 'C1:U3:student', 'C1:U4:bogus'])) === 6);

    kit.sim.admin.setFaults('acme', { holdImports: true }); // Canvas takes the uploads but starts none
    await tenants.update(TENANT, { status: 'active' });
    const [a, b] = await eventually('two imports queued in Canvas', () => (imports().length >= 2 ? imports() : undefined));
    // B was built while A was in flight: its enrollments of U1 and U2 did not wait for them
    const waiting = await kit.loaderDs.query(`SELECT sis_id FROM loader_pending WHERE waiting_for IS NOT NULL`);
    expect(waiting).toEqual([]);
    expect((await new LoaderImportRepository(kit.loaderDs).unfinished(TENANT)).map((i) => i.canvasImportId)).toEqual([a.id, b.id]);

    kit.sim.admin.setFaults('acme', { holdImports: false });
    expect(await importOf('enrollment', 'C1:U1:student')).toBe(b.id);
    expect(await importOf('user', 'U1')).toBe(a.id);
    expect(await importOf('user', 'U4')).toBe(b.id);
    expect(await importOf('enrollment', 'C1:U4:bogus')).toBe('failed');
    const [failed] = await kit.loaderDs.query(`SELECT last_error FROM loader_pending WHERE sis_id = 'C1:U4:bogus'`);
    expect(failed.last_error).toMatch(/Improper role "bogus"/);
    const state = kit.sim.admin.state('acme');
    expect([...state.enrollments.values()].filter((e) => e.workflowState === 'active')).toHaveLength(3);

    const [first, second, ...later] = imports();
    expect(first.files.flatMap((f) => f.rows.map((r) => r.values.user_id ?? r.values.course_id ?? r.values.account_id ?? r.values.term_id))).toHaveLength(6);
    // Canvas processed them one after the other; B was posted before A even started
    expect(second.createdAt).toBeLessThan(first.endedAt!);
    expect(second.startedAt!).toBeGreaterThanOrEqual(first.endedAt!);
    // never a third in flight: anything later was posted after A ended
    for (const next of later) expect(next.createdAt).toBeGreaterThanOrEqual(first.endedAt!);
  });
});
