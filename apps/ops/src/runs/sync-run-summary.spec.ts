import type { SyncRunEvent } from '@rp/messaging';
import { formatRun, formatRunList, runIsDone, summariseRuns } from './sync-run-summary';

const event = (over: Partial<SyncRunEvent>): SyncRunEvent => ({
  tenant: 'acme', runId: 'r1', kind: 'full', stage: 'extractor', phase: 'started',
  at: '2026-01-01T00:00:00.000Z', counts: {}, message: null, ...over,
});

describe('summariseRuns', () => {
  it('keeps the terminal phase of each stage whatever the arrival order, and counts', () => {
    const [run] = summariseRuns([
      event({ phase: 'finished', at: '2026-01-01T00:05:00.000Z', counts: { 'user.emitted': 40 } }),
      event({ phase: 'started' }),
      event({ phase: 'started' }), // a duplicate delivery
    ]);
    expect(run.status).toBe('running'); // the transformer and loader have not reported yet
    expect(run.stages.extractor).toMatchObject({ phase: 'finished', startedAt: '2026-01-01T00:00:00.000Z', counts: { 'user.emitted': 40 } });
    expect(formatRun(run)).toContain('user.emitted: 40');
  });

  it('is running while a started stage has not finished, failed when any stage failed', () => {
    const running = summariseRuns([
      event({ phase: 'finished' }),
      event({ stage: 'transformer', phase: 'started', at: '2026-01-01T00:01:00.000Z' }),
    ])[0];
    expect(running.status).toBe('running');
    expect(runIsDone(running, 'loader')).toBe(false);
    expect(runIsDone(running, 'extractor')).toBe(true);

    const failed = summariseRuns([event({ phase: 'failed', message: 'IC returned 401 twice; check the client secret' })])[0];
    expect(failed.status).toBe('failed');
    expect(runIsDone(failed, 'loader')).toBe(true);
    expect(formatRun(failed)).toContain('check the client secret');
  });

  it('separates runs and lists the newest first', () => {
    const runs = summariseRuns([
      event({ runId: 'old', at: '2026-01-01T00:00:00.000Z' }),
      event({ runId: 'new', at: '2026-01-02T00:00:00.000Z', kind: 'delta' }),
    ]);
    expect(runs.map((r) => [r.runId, r.kind])).toEqual([['new', 'delta'], ['old', 'full']]);
  });
});

describe('the loader stage', () => {
  it('shows the loader’s marker with its counts, which ends `ops sync --wait` (default --until loader)', () => {
    const [run] = summariseRuns([
      event({ phase: 'started' }),
      event({ phase: 'finished', counts: { 'user.emitted': 3 } }),
      event({ stage: 'transformer', phase: 'finished', counts: { 'user.published': 3 } }),
    ]);
    expect(runIsDone(run, 'loader')).toBe(false);
    expect(formatRun(run)).toContain('loader: not started (pending)');
    expect(run.status).toBe('running');
    expect(formatRunList([run])).toMatch(/running .*finished\s+finished\s+pending\s*$/m);

    const [loaded] = summariseRuns([
      event({ phase: 'finished' }),
      event({ stage: 'transformer', phase: 'finished' }),
      event({ stage: 'loader', phase: 'finished', at: '2026-01-01T00:09:00.000Z', counts: { 'rows.sent': 3, 'rows.applied': 3, imports: 1, 'rows.held': 0 } }),
    ]);
    expect(runIsDone(loaded, 'loader')).toBe(true);
    expect(loaded.status).toBe('finished');
    const text = formatRun(loaded);
    expect(text).toContain('loader: finished at 2026-01-01T00:09:00.000Z');
    expect(text).toContain('rows.applied: 3');
    expect(text).toContain('imports: 1');
    expect(formatRunList([loaded])).toMatch(/finished\s+finished\s+finished\s*$/m);
  });

  it('a run whose loader held rows for an operator never reads plain "finished"', () => {
    const [held] = summariseRuns([
      event({ phase: 'finished' }),
      event({ stage: 'transformer', phase: 'finished' }),
      event({ stage: 'loader', phase: 'finished', counts: { 'rows.sent': 1, 'rows.applied': 1, 'rows.held': 4 } }),
    ]);
    expect(held).toMatchObject({ status: 'finished', heldRows: 4 });
    expect(formatRunList([held])).toMatch(/finished, 4 held/);
    expect(formatRun(held)).toContain('4 rows held by the safety gate: decide with `ops plans list --tenant acme`');
  });

  it("says how many of the tenant's records are parked, flagged and blocked when the transformer finished, and where to look", () => {
    const [run] = summariseRuns([
      event({ phase: 'finished' }),
      event({ stage: 'transformer', phase: 'finished', counts: { records: 90, parked: 3, 'parked.stale': 1, 'parked.blocked': 62 } }),
    ]);
    expect(run.parked).toEqual({ waiting: 3, flagged: 1, blocked: 62 });
    expect(formatRun(run)).toContain(
      "parked records of the tenant: 3 waiting for a parent or settings (1 longer than the tenant's parking.flagAfterHours), " +
        '62 blocked by a deleted parent (nothing sent): see `ops parked list --tenant acme`',
    );
    const [clean] = summariseRuns([event({ stage: 'transformer', phase: 'finished', counts: { records: 9, parked: 0, 'parked.blocked': 0 } })]);
    expect(formatRun(clean)).not.toContain('parked records');
  });
});
