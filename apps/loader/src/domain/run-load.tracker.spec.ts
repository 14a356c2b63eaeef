import type { LoadResult, SyncRunEvent } from '@rp/messaging';
import { RunLoadTracker } from './run-load.tracker';

const marker = (over: Partial<SyncRunEvent> = {}): SyncRunEvent => ({
  tenant: 'acme', runId: 'r1', kind: 'full', stage: 'transformer', phase: 'finished', at: '2026-01-01T00:00:00.000Z', counts: {}, message: null, ...over,
});
const result = (sisId: string, outcome: LoadResult['outcome'], importId: number | null, syncRun: string | null = 'r1'): LoadResult => ({
  tenant: 'acme', canvasType: 'user', sisId, syncRun, importId, outcome, message: null, at: '2026-01-01T00:00:00.000Z',
});

describe('RunLoadTracker', () => {
  it('waits only for transformer finished markers, until the committed offsets reach the ends seen with them', () => {
    const tracker = new RunLoadTracker();
    expect(tracker.awaitRun(marker({ stage: 'extractor' }), [])).toBe(false);
    expect(tracker.awaitRun(marker({ phase: 'started' }), [])).toBe(false);
    expect(tracker.awaitRun(marker(), [{ topic: 'canvas.users', partition: 2, offset: 10 }, { topic: 'canvas.terms', partition: 2, offset: 0 }])).toBe(true);
    expect(tracker.received(() => 9)).toEqual([]);
    expect(tracker.received(() => -1)).toEqual([]);
    const at = new Date('2026-01-01T00:05:00.000Z');
    expect(tracker.received((topic) => (topic === 'canvas.users' ? 10 : -1), at)).toEqual([expect.objectContaining({ runId: 'r1', receivedBy: at })]);
    // the moment its changes were all in stays the run's, however often it is asked
    expect(tracker.received(() => -1, new Date('2026-01-01T00:06:00.000Z'))).toEqual([expect.objectContaining({ runId: 'r1', receivedBy: at })]);
  });

  it('reports the run loaded with what was sent, applied and refused, and forgets it', () => {
    const tracker = new RunLoadTracker();
    tracker.recordResults([
      result('u1', 'applied', 7), result('u2', 'warning', 7), result('u3', 'error', 7), result('u3', 'applied', 8),
      result('u4', 'waiting', null), result('u5', 'held', null), result('x', 'applied', 9, 'other-run'), result('y', 'applied', 9, null),
    ]);
    tracker.awaitRun(marker(), []);
    const loaded = tracker.finish(marker(), new Date('2026-01-01T00:10:00.000Z'), { failed: 0, held: 1, waiting: 1 });
    expect(loaded).toMatchObject({ tenant: 'acme', runId: 'r1', kind: 'full', stage: 'loader', phase: 'finished', at: '2026-01-01T00:10:00.000Z' });
    expect(loaded.counts).toEqual({
      'rows.sent': 4, 'rows.applied': 3, 'rows.warning': 1, 'rows.error': 1, imports: 2, 'rows.failed': 0, 'rows.held': 1, 'rows.waiting': 1,
    });
    expect(tracker.hasPending()).toBe(false);
    expect(tracker.finish(marker(), new Date(), { failed: 0, held: 0, waiting: 0 }).counts).toMatchObject({ 'rows.sent': 0, imports: 0 });
  });

  it('reports a run with nothing to load with zero counts', () => {
    const tracker = new RunLoadTracker();
    expect(tracker.finish(marker({ kind: 'delta' }), new Date(), { failed: 0, held: 0, waiting: 0 }).counts).toEqual({
      'rows.sent': 0, 'rows.applied': 0, imports: 0, 'rows.failed': 0, 'rows.held': 0, 'rows.waiting': 0,
    });
  });
});
