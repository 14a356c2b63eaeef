import { exportJWK, generateKeyPair } from 'jose';
import type { FetchPort } from '@rp/canvas';
import { checkJwks } from './jwks.check';

const URL = 'https://canvas.example/jwks';
const answer = (status: number, body: unknown): FetchPort => async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('checkJwks', () => {
  let rsaKey: Record<string, unknown>;
  beforeAll(async () => {
    rsaKey = { ...(await exportJWK((await generateKeyPair('RS256')).publicKey)), kid: 'k1', use: 'sig' };
  });

  it('passes a key set with an RSA signing key, counting the keys', async () => {
    expect(await checkJwks('acme', URL, answer(200, { keys: [rsaKey] }))).toMatchObject({ status: 'pass', detail: `${URL} served 1 signing key(s)` });
  });

  it.each([
    ['unreachable', (async () => { throw new TypeError('fetch failed'); }) as FetchPort, /could not load the JWKS/],
    ['an HTTP error', answer(404, { errors: [] }), /JWKS answered 404/],
    ['an empty key set', answer(200, { keys: [] }), /served no RSA signing key/],
    ['only encryption keys', answer(200, { keys: [{ kty: 'RSA', use: 'enc', n: 'x', e: 'AQAB' }] }), /served no RSA signing key/],
  ])('fails %s, naming the setting to fix', async (_name, fetchPort, detail) => {
    const result = await checkJwks('acme', URL, fetchPort);
    expect(result.status).toBe('fail');
    expect(result.detail).toMatch(detail);
    expect(result.hint).toContain('ops tenants update acme --canvas-jwks-url');
  });

  it('skips a tenant without a JWKS URL (no signed Live Events)', async () => {
    expect((await checkJwks('acme', undefined)).status).toBe('skipped');
  });
});
