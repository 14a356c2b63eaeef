import { RunCounts } from './run-counts';
import { DEFAULT_SCHEDULE, deltaSince, dueRun, resolveSchedule } from './sync-schedule';

const at = (iso: string) => new Date(iso);

describe('schedule', () => {
  const s = { ...DEFAULT_SCHEDULE, deltaIntervalSeconds: 300, fullIntervalSeconds: 86_400 };
  it.each([
    ['never synced', {}, 'full'],
    ['full finished but no watermark', { lastFullFinished: at('2026-11-28T10:00:00Z'), hasWatermark: false }, 'full'],
    ['full older than its interval', { lastFullFinished: at('2026-11-27T09:59:00Z'), lastEnded: at('2026-11-28T09:58:00Z') }, 'full'],
    ['delta interval passed', { lastFullFinished: at('2026-11-28T08:00:00Z'), lastEnded: at('2026-11-28T09:54:59Z') }, 'delta'],
    ['nothing due yet', { lastFullFinished: at('2026-11-28T08:00:00Z'), lastEnded: at('2026-11-28T09:58:00Z') }, null],
    ['first full failed a minute ago', { lastEnded: at('2026-11-28T09:59:00Z'), lastFailed: at('2026-11-28T09:59:00Z'), hasWatermark: false }, null],
    ['first full failed a delta interval ago', { lastEnded: at('2026-11-28T09:55:00Z'), lastFailed: at('2026-11-28T09:55:00Z'), hasWatermark: false }, 'full'],
    ['weekly full failed a minute ago', { lastFullFinished: at('2026-11-20T10:00:00Z'), lastEnded: at('2026-11-28T09:59:00Z'), lastFailed: at('2026-11-28T09:59:00Z') }, null],
    ['failed long ago, delta due', { lastFullFinished: at('2026-11-28T08:00:00Z'), lastEnded: at('2026-11-28T09:50:00Z'), lastFailed: at('2026-11-28T07:00:00Z') }, 'delta'],
  ])('%s → %s', (_, history, expected) => {
    expect(dueRun(at('2026-11-28T10:00:00Z'), s, { hasWatermark: true, ...history })).toBe(expected);
  });

  it('overlaps the delta window', () => {
    expect(deltaSince(at('2026-11-28T10:00:00Z'), { ...s, deltaOverlapSeconds: 120 }).toISOString()).toBe('2026-11-28T09:58:00.000Z');
  });

  it('takes tenant values and names every bad one with the fix', () => {
    expect(resolveSchedule('acme', { deltaIntervalSeconds: 60 }).deltaIntervalSeconds).toBe(60);
    expect(() => resolveSchedule('acme', { deltaIntervalSeconds: 'soon', fullIntervalSeconds: 1 })).toThrow(
      /tenant acme: invalid schedule \(deltaIntervalSeconds: "soon".*; fullIntervalSeconds: 1 .*ops tenants update acme/,
    );
  });
});

describe('run counts', () => {
  it('keeps per-type counters and totals', () => {
    const c = new RunCounts();
    c.add('users', 'read', 3);
    c.add('users', 'emitted', 2);
    c.add('classes', 'emitted');
    c.add('classes', 'invalid', 0);
    expect(c.toJSON()).toEqual({ 'classes.emitted': 1, 'users.emitted': 2, 'users.read': 3 });
    expect(c.total('emitted')).toBe(3);
  });
});

describe('run queue', () => {
  // imported here to keep one table file for the extractor's rules
  const { RunQueue } = jest.requireActual('./run-queue') as typeof import('./run-queue');

  it('runs one run per tenant, merges waiting requests (full covers delta) and respects the parallel limit', () => {
    const q = new RunQueue(2);
    expect(q.add({ tenant: 'a', runId: 'r1', kind: 'delta' }).merged).toBe(false);
    expect(q.add({ tenant: 'a', runId: 'r2', kind: 'full' })).toEqual({ run: { tenant: 'a', runId: 'r1', kind: 'full' }, merged: true });
    q.add({ tenant: 'b', runId: 'r3', kind: 'delta' });
    q.add({ tenant: 'c', runId: 'r4', kind: 'delta' });
    expect(q.takeStartable().map((r) => r.runId)).toEqual(['r1', 'r3']);
    q.add({ tenant: 'a', runId: 'r5', kind: 'delta' });
    expect(q.takeStartable()).toEqual([]); // a is running, limit reached
    q.done('a');
    expect(q.takeStartable().map((r) => r.runId)).toEqual(['r4']); // c first (queued earlier), then a's next run
    expect(q.waitingKind('a')).toBe('delta');
    q.add({ tenant: 'a', runId: 'r6', kind: 'full' });
    expect(q.waitingKind('a')).toBe('full'); // the waiting delta now covers the full request
    q.done('b');
    expect(q.takeStartable()).toEqual([{ tenant: 'a', runId: 'r5', kind: 'full' }]);
    expect(q.waitingKind('a')).toBeUndefined();
  });

  it.each([
    ['a plan-only request to a waiting applying run', undefined, true],
    ['an applying request to a waiting plan-only run', true, undefined],
  ])('refuses %s, and merges plan-only requests among themselves', (_, waiting, incoming) => {
    const q = new RunQueue(1);
    q.add({ tenant: 'busy', runId: 'r0', kind: 'full' });
    q.takeStartable(); // the limit is reached: later runs wait
    q.add({ tenant: 'a', runId: 'r1', kind: 'full', planOnly: waiting });
    expect(q.add({ tenant: 'a', runId: 'r2', kind: 'full', planOnly: incoming })).toEqual({ run: expect.objectContaining({ runId: 'r1' }), merged: false, refused: true });
    expect(q.add({ tenant: 'a', runId: 'r3', kind: 'full', planOnly: waiting }).merged).toBe(true);
  });
});
