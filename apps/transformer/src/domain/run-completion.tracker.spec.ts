import type { SyncRunEvent } from '@rp/messaging';
import { RunCompletionTracker } from './run-completion.tracker';

const marker = (extra: Partial<SyncRunEvent> = {}): SyncRunEvent => ({
  tenant: 'acme', runId: 'r-1', kind: 'full', stage: 'extractor', phase: 'finished', at: '2024-10-01T00:00:00Z', counts: {}, message: null, ...extra,
});
const AT = new Date('2024-10-01T01:00:00Z');
const targets = [{ topic: 'oneroster.users', partition: 3, offset: 10 }, { topic: 'oneroster.orgs', partition: 3, offset: 0 }];

describe('RunCompletionTracker', () => {
  it('finishes a run once the committed offsets reach the ends seen with the extractor marker, with its counts', () => {
    const tracker = new RunCompletionTracker();
    expect(tracker.awaitRun(marker(), targets)).toBe(true);
    tracker.count('acme', 'r-1', { records: 4, 'course.published': 1 });
    tracker.count('acme', 'r-1', { records: 6, 'user.published': 2 });
    expect(tracker.completed(() => 9, AT)).toEqual([]);
    expect(tracker.completed((topic) => (topic === 'oneroster.users' ? 10 : -1), AT)).toEqual([
      marker({ stage: 'transformer', at: AT.toISOString(), counts: { records: 10, 'course.published': 1, 'user.published': 2 } }),
    ]);
    expect(tracker.hasPending()).toBe(false);
    expect(tracker.completed(() => 99, AT)).toEqual([]);
  });

  it.each([
    ['an extractor start', marker({ phase: 'started' })],
    ['a failed extraction', marker({ phase: 'failed' })],
    ['another stage', marker({ stage: 'loader' })],
  ])('ignores %s', (_what, event) => {
    const tracker = new RunCompletionTracker();
    expect(tracker.awaitRun(event, targets)).toBe(false);
    expect(tracker.hasPending()).toBe(false);
  });

  it('reports a run with nothing to transform with zero records', () => {
    const tracker = new RunCompletionTracker();
    tracker.awaitRun(marker({ runId: 'r-2', kind: 'delta' }), [{ topic: 'oneroster.users', partition: 0, offset: 0 }]);
    expect(tracker.completed(() => -1, AT)).toEqual([expect.objectContaining({ runId: 'r-2', kind: 'delta', counts: { records: 0 } })]);
  });
});
