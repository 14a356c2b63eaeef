import type { LoadResult, SyncRunEvent } from '@rp/messaging';
import { notificationOfLoadResult, notificationOfRun } from './notifications-from-events';

const run = (over: Partial<SyncRunEvent>): SyncRunEvent => ({
  tenant: 'acme', runId: 'r1', kind: 'delta', stage: 'extractor', phase: 'failed', at: '2026-12-07T10:00:00.000Z', counts: {}, message: null, ...over,
});
const held = (over: Partial<LoadResult>): LoadResult => ({
  tenant: 'acme', canvasType: 'enrollment', sisId: 'e1', syncRun: 'r1', importId: null, outcome: 'held',
  message: 'tenant acme: 120 destructive row(s) held in plan 42 (…); inspect with `ops plans show 42`, then approve or reject',
  at: '2026-12-07T10:00:00.000Z', planId: '42', ...over,
});

describe('which pipeline events notify, and as what', () => {
  it.each([
    ['a started run', run({ phase: 'started' }), undefined],
    ['a finished run', run({ phase: 'finished' }), undefined],
    ['a failed run', run({ message: 'tenant acme: run r1 failed at /users: HTTP 500' }), 'run-failed'],
    ['a failed run without a message', run({ message: null }), 'run-failed'],
    ['a run failed on refused credentials', run({ message: 'tenant acme: run r1 failed at /orgs: the OneRoster token endpoint refused the client credentials (HTTP 401: …)' }), 'credentials-rejected'],
    ['a run failed on an IC 403', run({ message: 'tenant acme: run r1 failed at /users: HTTP 403 forbidden; check the connection\'s credentials' }), 'credentials-rejected'],
  ] as const)('%s → %s', (_what, event, kind) => {
    expect(notificationOfRun(event)?.kind).toBe(kind);
  });

  it.each([
    ['an applied row', held({ outcome: 'applied', planId: null }), undefined],
    ['a waiting row', held({ outcome: 'waiting', planId: null }), undefined],
    ['a held row', held({}), '42'],
    ['a held row from a loader without planId (plan named in the message)', held({ planId: undefined }), '42'],
  ] as const)('%s → plan %s', (_what, result, planId) => {
    expect(notificationOfLoadResult(result)?.details.planId).toBe(planId);
  });

  it('every held row of one plan is one notification; another plan is another', () => {
    const a = notificationOfLoadResult(held({ sisId: 'e1' }));
    const b = notificationOfLoadResult(held({ sisId: 'e2', canvasType: 'user' }));
    const other = notificationOfLoadResult(held({ planId: '43' }));
    expect(a?.key).toBe(b?.key);
    expect(other?.key).not.toBe(a?.key);
  });

  it('a failed run names tenant, run and stage, and carries the pipeline\'s message with its fix', () => {
    const n = notificationOfRun(run({ stage: 'loader', message: 'tenant acme: run r1 failed: Canvas token lacks SIS import permission; grant it' }));
    expect(n).toMatchObject({ tenant: 'acme', details: { runId: 'r1', stage: 'loader' }, text: expect.stringContaining('grant it') });
    expect(n?.title).toContain('r1');
    expect(n?.key).not.toBe(notificationOfRun(run({ stage: 'extractor' }))?.key);
  });
});
