import type { StallReport } from '@rp/messaging';
import { notificationOfStall } from './stall-notification';

const report = (over: Partial<StallReport>): StallReport => ({
  tenant: 'acme', stage: 'gradebook-writer', instance: 'pod-1:7', cause: 'ic', since: '2026-12-07T10:00:00.000Z', at: '2026-12-07T10:20:00.000Z',
  attempts: 12, keys: 3, lastError: 'HTTP 503', resumedAt: null, ...over,
});
const FIFTEEN_MIN = 15 * 60_000;

describe('stage stalled beyond a threshold', () => {
  it.each([
    ['stalled 20 min, threshold 15', report({}), true],
    ['stalled exactly the threshold', report({ at: '2026-12-07T10:15:00.000Z' }), true],
    ['stalled 14 min', report({ at: '2026-12-07T10:14:00.000Z' }), false],
    ['the report that ends the stall', report({ resumedAt: '2026-12-07T10:20:00.000Z' }), false],
    ['unreadable times', report({ since: 'yesterday' }), false],
  ] as const)('%s → notifies: %s', (_what, r, notifies) => {
    expect(notificationOfStall(r, FIFTEEN_MIN) !== undefined).toBe(notifies);
  });

  it('every later report of the same stall is the same notification; a new stall or another instance is another', () => {
    const key = notificationOfStall(report({}), FIFTEEN_MIN)?.key;
    expect(notificationOfStall(report({ at: '2026-12-07T10:40:00.000Z', attempts: 30 }), FIFTEEN_MIN)?.key).toBe(key);
    expect(notificationOfStall(report({ since: '2026-12-07T11:00:00.000Z', at: '2026-12-07T11:30:00.000Z' }), FIFTEEN_MIN)?.key).not.toBe(key);
    expect(notificationOfStall(report({ instance: 'pod-2:7' }), FIFTEEN_MIN)?.key).not.toBe(key);
  });

  it('names tenant, stage, cause, how long, and the last error', () => {
    const n = notificationOfStall(report({}), FIFTEEN_MIN);
    expect(n?.title).toBe('tenant acme: gradebook-writer stalled for 20 min, waiting for ic');
    expect(n?.text).toContain('last error: HTTP 503');
  });
});
