import { deliveryUrlSecretHash, matchesDeliveryUrlSecret, newDeliveryUrlSecret, redactDeliveryPath } from './delivery-url-secret';

describe('delivery URL secret', () => {
  it('is 256 random bits, URL-safe, stored only as its SHA-256', () => {
    const a = newDeliveryUrlSecret();
    const b = newDeliveryUrlSecret();
    expect(a.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.secret).not.toBe(b.secret);
    expect(a.sha256).toBe(deliveryUrlSecretHash(a.secret));
    expect(a.sha256).not.toContain(a.secret);
  });

  it.each([
    ['the secret', (s: string) => s, true],
    ['another secret', () => newDeliveryUrlSecret().secret, false],
    ['the secret with one character changed', (s: string) => `${s.slice(0, -1)}${s.endsWith('A') ? 'B' : 'A'}`, false],
    ['the hash itself', (_s: string, h: string) => h, false],
    ['an empty string', () => '', false],
  ])('matches %s: %s', (_what, candidate, expected) => {
    const { secret, sha256 } = newDeliveryUrlSecret();
    expect(matchesDeliveryUrlSecret(candidate(secret, sha256), sha256)).toBe(expected);
  });

  it('matches nothing when no (or a malformed) hash is stored', () => {
    expect(matchesDeliveryUrlSecret('x', undefined)).toBe(false);
    expect(matchesDeliveryUrlSecret('x', 'not-hex')).toBe(false);
  });

  it('redacts the secret from a delivery path', () => {
    expect(redactDeliveryPath('/live-events/abcDEF_-123')).toBe('/live-events/[redacted]');
    expect(redactDeliveryPath('/live-events')).toBe('/live-events');
    expect(redactDeliveryPath('/readyz')).toBe('/readyz');
  });
});
