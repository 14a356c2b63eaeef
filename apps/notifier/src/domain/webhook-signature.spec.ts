import { createHmac } from 'node:crypto';
import { signWebhookBody, verifyWebhookSignature } from './webhook-signature';

const at = new Date('2026-12-07T10:00:00Z');
const body = '{"kind":"plan-held","tenant":"acme"}';

describe('webhook signatures (HMAC-SHA256 over "<timestamp>.<body>")', () => {
  it('is the documented HMAC, recomputable by any receiver with the secret', () => {
    const t = at.getTime() / 1000;
    const expected = createHmac('sha256', 's3cret').update(`${t}.${body}`).digest('hex');
    expect(signWebhookBody('s3cret', body, at)).toBe(`t=${t},v1=${expected}`);
  });

  it.each([
    ['the same secret, body and a fresh timestamp', 's3cret', body, 0, true],
    ['another secret', 'other', body, 0, false],
    ['a changed body', 's3cret', `${body} `, 0, false],
    ['a timestamp older than the tolerance (a replay)', 's3cret', body, 301, false],
    ['a timestamp within the tolerance', 's3cret', body, 299, true],
  ] as const)('verifies with %s: %s', (_what, secret, received, ageSeconds, ok) => {
    const header = signWebhookBody('s3cret', body, at);
    expect(verifyWebhookSignature(secret, received, header, new Date(at.getTime() + ageSeconds * 1000))).toBe(ok);
  });

  it.each(['', 't=1', 'v1=abc', 't=x,v1=' + '0'.repeat(64)])('refuses a malformed header %j', (header) => {
    expect(verifyWebhookSignature('s3cret', body, header, at)).toBe(false);
  });
});
