import { credentialExpiryNotifications, ExpiringCredential } from './credential-expiry';

const NOW = new Date('2026-12-07T12:00:00Z');
const secret = (expiresAt: string): ExpiringCredential => ({ credential: 'ic-client-secret', expiresAt });

describe('credentials about to expire', () => {
  it.each([
    ['far away', '2027-06-30T00:00:00Z', [14], undefined],
    ['15 days ahead', '2026-12-22T12:00:01Z', [14], undefined],
    ['exactly 14 days ahead', '2026-12-21T12:00:00Z', [14], '14'],
    ['10 days ahead, thresholds 14 and 3', '2026-12-17T12:00:00Z', [3, 14], '14'],
    ['2 days ahead, thresholds 14 and 3: the smaller one', '2026-12-09T12:00:00Z', [14, 3], '3'],
    ['expired yesterday, threshold 14 (still the same notice)', '2026-12-06T12:00:00Z', [14], '14'],
    ['an unreadable date', 'soon', [14], undefined],
  ] as const)('%s (expires %s, notice days %j) → threshold %s', (_why, expiresAt, days, threshold) => {
    const [n] = credentialExpiryNotifications('acme', [secret(expiresAt)], [...days], NOW);
    expect(n?.details.thresholdDays).toBe(threshold);
  });

  it('names tenant, credential, date and the fix', () => {
    const [n] = credentialExpiryNotifications('acme', [{ credential: 'canvas-token', expiresAt: '2026-12-10T00:00:00Z' }], [14], NOW);
    expect(n.title).toBe('tenant acme: the Canvas API token expires on 2026-12-10T00:00:00.000Z (in 2 day(s))');
    expect(n.text).toContain('ops tenants update acme');
  });

  it('one key per credential, expiry and threshold: repeated checks agree, a renewal or the next threshold differs', () => {
    const key = (expiresAt: string, now = NOW) => credentialExpiryNotifications('acme', [secret(expiresAt)], [14, 3], now)[0].key;
    expect(key('2026-12-17T00:00:00Z')).toBe(key('2026-12-17T00:00:00.000Z', new Date('2026-12-08T00:00:00Z')));
    expect(key('2026-12-17T00:00:00Z')).not.toBe(key('2026-12-17T00:00:00Z', new Date('2026-12-15T00:00:00Z')));
    expect(key('2026-12-17T00:00:00Z')).not.toBe(key('2026-12-18T00:00:00Z'));
    const both = credentialExpiryNotifications('acme', [secret('2026-12-17T00:00:00Z'), { credential: 'canvas-token', expiresAt: '2026-12-17T00:00:00Z' }], [14], NOW);
    expect(new Set(both.map((n) => n.key)).size).toBe(2);
  });
});
