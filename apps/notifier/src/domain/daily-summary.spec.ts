import type { LoadResult, SyncRunEvent } from '@rp/messaging';
import { dailySummary, factOf, summaryDayDue } from './daily-summary';

const run = (over: Partial<SyncRunEvent>): SyncRunEvent => ({
  tenant: 'acme', runId: 'r1', kind: 'delta', stage: 'loader', phase: 'finished', at: '2026-12-06T23:59:00.000Z', counts: {}, message: null, ...over,
});
const held: LoadResult = {
  tenant: 'acme', canvasType: 'user', sisId: 'u1', syncRun: 'r1', importId: null, outcome: 'held', message: null, at: '2026-12-07T00:00:01.000Z', planId: 'p9',
};

describe('daily summary', () => {
  it.each([
    ['the loader finishing a run', run({}), true, 'run-completed 2026-12-06 r1'],
    ['the extractor finishing (the run is not through yet)', run({ stage: 'extractor' }), true, undefined],
    ['a stage failing', run({ stage: 'extractor', phase: 'failed' }), true, 'run-failed 2026-12-06 r1'],
    ['a start', run({ phase: 'started' }), true, undefined],
    ['a held row (counted per plan, on its UTC day)', held, false, 'plan-held 2026-12-07 p9'],
    ['an applied row', { ...held, outcome: 'applied', planId: null } as LoadResult, false, undefined],
  ] as const)('counts %s: %s', (_what, event, fromSyncRuns, expected) => {
    const f = factOf(event, fromSyncRuns);
    expect(f ? `${f.kind} ${f.day} ${f.ref}` : undefined).toBe(expected);
  });

  it('a replayed record is the same fact (same key)', () => {
    expect(factOf(run({}), true)?.key).toBe(factOf(run({ at: '2026-12-06T23:59:30.000Z' }), true)?.key);
  });

  it.each([
    ['2026-12-07T06:59:59Z', 7, undefined],
    ['2026-12-07T07:00:00Z', 7, '2026-12-06'],
    ['2026-12-07T23:00:00Z', 7, '2026-12-06'],
    ['2027-01-01T00:00:00Z', 0, '2026-12-31'],
  ] as const)('at %s with hour %i the summary of %s is due', (now, hour, day) => {
    expect(summaryDayDue(new Date(now), hour)).toBe(day);
  });

  it('summarises counts, names failed runs and held plans with where to look, one key per tenant and day', () => {
    const facts = [
      { kind: 'run-completed', ref: 'r1' }, { kind: 'run-completed', ref: 'r2' }, { kind: 'run-failed', ref: 'r3' }, { kind: 'plan-held', ref: 'p9' },
    ] as const;
    const n = dailySummary('acme', '2026-12-06', [...facts], new Date('2026-12-07T07:00:00Z'));
    expect(n.title).toBe('tenant acme: 2026-12-06 — 2 run(s) completed, 1 failed (r3), 1 plan(s) held (p9)');
    expect(n.text).toContain('ops plans list --status held');
    expect(n.key).toBe(dailySummary('acme', '2026-12-06', [], new Date()).key);
    expect(n.key).not.toBe(dailySummary('acme', '2026-12-07', [], new Date()).key);
  });

  it('a quiet day still says so (the notifier is alive)', () => {
    expect(dailySummary('acme', '2026-12-06', [], new Date()).title).toBe('tenant acme: 2026-12-06 — 0 run(s) completed, 0 failed, 0 plan(s) held');
  });
});
