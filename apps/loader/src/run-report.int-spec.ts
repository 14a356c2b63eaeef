import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SyncRunEvent } from '@rp/messaging';
import { parseCsv } from '@rp/testing';
import { eventually, loaderIntKit, TENANT } from './testing/loader-int-kit';

jest.setTimeout(180_000);

/**
 * Run history and `ops runs report` (ADR 0130): a run whose drop is held, whose enrollment waits for a user not in
 * Canvas and whose enrollment Canvas refuses is kept in PostgreSQL by the loader; `ops runs report --csv` (the CLI as
 * an operator runs it) lists exactly those objects with reason and fix hint, and `ops runs list --history` the run.
 */
describe('run history and the run report, against the loader, PostgreSQL and the Canvas simulator', () => {
  const kit = loaderIntKit({
    name: 'rr', clientId: 'run-report-int-spec', thresholds: { maxDeleteFraction: 0.1, minDeleteCount: 3 }, importSpeed: { rowsPerStep: 50, stepDelayMs: 0 },
    loaderEnv: { LOADER_TICK_MS: '100', LOADER_BATCH_MAX_WAIT_MS: '1000', LOADER_POLL_INITIAL_MS: '50', LOADER_POLL_MAX_MS: '200', LOADER_MAX_ATTEMPTS: '1' },
  });
  const outDir = mkdtempSync(join(tmpdir(), 'rp-run-report-'));
  kit.beforeTeardown(async () => rmSync(outDir, { recursive: true, force: true }));

  const send = (type: Parameters<typeof kit.publishChange>[0], sisId: string, row: Record<string, string>, syncRun: string, op: 'upsert' | 'delete' = 'upsert') =>
    kit.publishChange(type, sisId, row, { op, syncRun, school: 'S1' });
  const user = (id: string, run: string) => send('user', id, { user_id: id, login_id: id.toLowerCase(), full_name: `User ${id}`, status: 'active' }, run);
  const enrol = (id: string, run: string, status = 'active', role = 'student') =>
    send('enrollment', `C1:${id}:${role}`, { course_id: 'C1', section_id: 'C1', user_id: id, role, status }, run, status === 'active' ? 'upsert' : 'delete');
  const marker = (runId: string, stage: SyncRunEvent['stage'], phase: SyncRunEvent['phase']) =>
    kit.publishRunEvent(runId, { stage, phase, counts: { 'enrollments.emitted': 7 } });
  const ops = async (...args: string[]) => (await kit.ops(...args)).stdout;
  const objectsOf = (run: string) => kit.loaderDs.query(`SELECT sis_id, outcome FROM run_history_objects WHERE run_id = $1 ORDER BY sis_id`, [run]);
  const appliedEnrollments = async () => (await kit.loaderDs.query(`SELECT count(*)::int AS n FROM loader_applied WHERE canvas_type = 'enrollment' AND active`))[0].n;
  it('reports the held drops, the parked enrollment and the Canvas-refused row of a run, and nothing that reached Canvas', async () => {
    await send('account', 'S1', { account_id: 'S1', parent_account_id: '', name: 'School 1', status: 'active' }, 'run-a');
    await send('term', 'T1', { term_id: 'T1', name: '2026', status: 'active' }, 'run-a');
    await send('course', 'C1', { course_id: 'C1', short_name: 'M1', long_name: 'Math 1', account_id: 'S1', term_id: 'T1', status: 'active' }, 'run-a');
    await send('section', 'C1', { section_id: 'C1', course_id: 'C1', name: 'Math 1', status: 'active' }, 'run-a');
    for (let i = 1; i <= 6; i += 1) await user(`U${i}`, 'run-a');
    for (let i = 1; i <= 6; i += 1) await enrol(`U${i}`, 'run-a');
    await eventually('run-a applied', async () => (await appliedEnrollments()) === 6);

    await marker('run-b', 'extractor', 'started');
    for (let i = 1; i <= 4; i += 1) await enrol(`U${i}`, 'run-b', 'deleted'); // 4 of 6: over 10 % (minimum 3), held
    await enrol('U99', 'run-b'); // user U99 is in neither Canvas nor the run: parked
    await enrol('U5', 'run-b', 'active', 'bogus'); // Canvas refuses the role
    await user('U7', 'run-b'); // reaches Canvas: not in the report
    await marker('run-b', 'extractor', 'finished');
    await marker('run-b', 'transformer', 'finished');
    const objects = await eventually('run-b\'s objects recorded', async () => {
      const rows = await objectsOf('run-b');
      return rows.length === 6 ? rows : undefined;
    });
    expect(objects).toEqual([
      { sis_id: 'C1:U1:student', outcome: 'held' }, { sis_id: 'C1:U2:student', outcome: 'held' }, { sis_id: 'C1:U3:student', outcome: 'held' },
      { sis_id: 'C1:U4:student', outcome: 'held' }, { sis_id: 'C1:U5:bogus', outcome: 'error' }, { sis_id: 'C1:U99:student', outcome: 'waiting' },
    ]);
    expect(await appliedEnrollments()).toBe(6); // the held drops did not reach Canvas

    const file = join(outDir, 'run-b.csv');
    await ops('runs', 'report', 'run-b', '--tenant', TENANT, '--csv', '--out', file);
    const [header, ...lines] = parseCsv(readFileSync(file, 'utf8'));
    const rows = lines.map((line) => Object.fromEntries(header.map((h, i) => [h, line[i]])));
    expect(header).toEqual(['run_id', 'tenant', 'status', 'object_type', 'sis_id', 'reason', 'fix_hint', 'canvas_import_id', 'at']);
    expect(rows.map((r) => `${r.status} ${r.object_type} ${r.sis_id}`)).toEqual([
      'held enrollment C1:U1:student', 'held enrollment C1:U2:student', 'held enrollment C1:U3:student', 'held enrollment C1:U4:student',
      'parked enrollment C1:U99:student', 'refused enrollment C1:U5:bogus',
    ]);
    const byId = Object.fromEntries(rows.map((r) => [r.sis_id, r]));
    expect(byId['C1:U1:student'].reason).toMatch(/held in plan [0-9a-f-]{36}/);
    expect(byId['C1:U1:student'].fix_hint).toMatch(/ops plans list --tenant acme --status held/);
    expect(byId['C1:U99:student'].reason).toMatch(/waits for user U99/);
    expect(byId['C1:U5:bogus'].reason).toMatch(/Canvas skipped enrollment C1:U5:bogus: Improper role "bogus"/);
    expect(byId['C1:U5:bogus'].fix_hint).toMatch(/map the IC role to a Canvas role/);
    expect(Number(byId['C1:U5:bogus'].canvas_import_id)).toBeGreaterThan(0);

    const listed = JSON.parse(await ops('runs', 'list', '--history', '--tenant', TENANT, '--json')) as { runId: string; stages: Record<string, { phase: string }> }[];
    const runB = listed.find((r) => r.runId === 'run-b');
    expect(runB?.stages.transformer?.phase).toBe('finished');
  });
});
