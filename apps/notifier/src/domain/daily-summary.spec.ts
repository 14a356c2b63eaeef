import type { LoadResult, SyncRunEvent } from '@rp/messaging';
import { dailySummary, factOf, localDayBounds, summaryDayDue } from './daily-summary';

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
    ['2026-12-07T06:59:59Z', 7, 'UTC', undefined],
    ['2026-12-07T07:00:00Z', 7, 'UTC', '2026-12-06'],
    ['2026-12-07T23:00:00Z', 7, 'UTC', '2026-12-06'],
    ['2027-01-01T00:00:00Z', 0, 'UTC', '2026-12-31'],
    // Chicago, daylight time (UTC−5) then standard time (UTC−6) after 2026-11-01 02:00 local
    ['2026-10-31T11:59:00Z', 7, 'America/Chicago', undefined],
    ['2026-10-31T12:00:00Z', 7, 'America/Chicago', '2026-10-30'],
    ['2026-11-02T12:30:00Z', 7, 'America/Chicago', undefined],
    ['2026-11-02T13:00:00Z', 7, 'America/Chicago', '2026-11-01'],
    // 03:00 UTC on the 8th is still the 7th in Chicago: yesterday there is the 6th
    ['2026-12-08T03:00:00Z', 7, 'America/Chicago', '2026-12-06'],
    ['2026-12-07T20:00:00Z', 7, 'Pacific/Auckland', '2026-12-07'],
  ] as const)('at %s with hour %i in %s the summary of %s is due', (now, hour, zone, day) => {
    expect(summaryDayDue(new Date(now), hour, zone)).toBe(day);
  });

  it.each([
    ['2026-12-06', 'UTC', '2026-12-06T00:00:00.000Z', '2026-12-07T00:00:00.000Z', 24],
    ['2026-11-01', 'America/Chicago', '2026-11-01T05:00:00.000Z', '2026-11-02T06:00:00.000Z', 25],
    ['2026-03-08', 'America/Chicago', '2026-03-08T06:00:00.000Z', '2026-03-09T05:00:00.000Z', 23],
  ] as const)('the local day %s in %s spans [%s, %s): %i hours', (day, zone, from, to, hours) => {
    const bounds = localDayBounds(day, zone);
    expect([bounds.from.toISOString(), bounds.to.toISOString()]).toEqual([from, to]);
    expect((bounds.to.getTime() - bounds.from.getTime()) / 3_600_000).toBe(hours);
  });

  it('summarises counts, names failed runs and held plans with where to look, one key per tenant and day', () => {
    const facts = [
      { kind: 'run-completed', ref: 'r1' }, { kind: 'run-completed', ref: 'r2' }, { kind: 'run-failed', ref: 'r3' }, { kind: 'plan-held', ref: 'p9' },
    ] as const;
    const n = dailySummary('acme', '2026-12-06', [...facts], new Date('2026-12-07T07:00:00Z'));
    expect(n.title).toBe('tenant acme: 2026-12-06 — 2 run(s) completed, 1 failed (r3), 1 plan(s) held (p9)');
    expect(n.text).toContain('ops plans list --status held');
    expect(dailySummary('acme', '2026-12-06', [], new Date(), 'America/Chicago').text).toContain('on 2026-12-06 (America/Chicago)');
    expect(n.key).toBe(dailySummary('acme', '2026-12-06', [], new Date()).key);
    expect(n.key).not.toBe(dailySummary('acme', '2026-12-07', [], new Date()).key);
  });

  it('a quiet day still says so (the notifier is alive)', () => {
    expect(dailySummary('acme', '2026-12-06', [], new Date()).title).toBe('tenant acme: 2026-12-06 — 0 run(s) completed, 0 failed, 0 plan(s) held');
  });
});
