import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { CanvasRetriableError } from '../errors/canvas.error';
import { FakeClock } from '../testing/fake-clock';
import { json } from '../testing/scripted-fetch';
import { JwksKeyStore } from './jwks-key.store';
import { LiveEventAuthError, LiveEventVerifier } from './live-event.verifier';

const event = {
  metadata: { event_name: 'grade_change', event_time: '2025-01-01T00:00:00.000Z', root_account_id: '21070000000000001', context_id: '21070000000000565' },
  body: { submission_id: '21070000000011086', assignment_id: '21070000000000355', user_id: '21070000000000048', score: 5, muted: false },
};

interface Pair { kid: string; privateKey: KeyLike; jwk: object }
async function keyPair(kid: string): Promise<Pair> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' } };
}

describe('LiveEventVerifier', () => {
  let clock: FakeClock;
  let published: Pair[];
  let store: JwksKeyStore;
  let verifier: LiveEventVerifier;
  let current: Pair;
  let other: Pair;

  beforeAll(async () => {
    current = await keyPair('2025-01');
    other = await keyPair('2025-02');
  });

  beforeEach(() => {
    clock = new FakeClock(Date.UTC(2025, 0, 1));
    published = [current];
    store = new JwksKeyStore({ jwksUrl: 'https://jwks.test/main/jwks', clock, fetch: async () => json({ keys: published.map((p) => p.jwk) }), tenant: 'acme' });
    verifier = new LiveEventVerifier({ keys: store, clock, audience: 'rostering-platform', tenant: 'acme' });
  });

  const sign = (pair: Pair, options: { expiresIn?: number; notBefore?: number; audience?: string; claims?: object; alg?: string; kid?: string; issuedAgo?: number | null } = {}) => {
    const now = Math.floor(clock.now() / 1000);
    const jwt = new SignJWT({ ...(options.claims ?? event) })
      .setProtectedHeader({ alg: options.alg ?? 'RS256', kid: options.kid ?? pair.kid });
    if (options.issuedAgo !== null) jwt.setIssuedAt(now - (options.issuedAgo ?? 0));
    return jwt
      .setNotBefore(now + (options.notBefore ?? 0))
      .setExpirationTime(now + (options.expiresIn ?? 300))
      .setAudience(options.audience ?? 'rostering-platform')
      .sign(pair.privateKey);
  };

  it('accepts a valid token and returns the parsed event with local ids', async () => {
    const { event: parsed } = await verifier.verify(await sign(current));
    expect(parsed).toMatchObject({ kind: 'event', eventName: 'grade_change', metadata: { context_id: 565 }, body: { submission_id: 11086, user_id: 48 } });
  });

  it('finds the event when it is nested in a claim (as JSON text)', async () => {
    const { event: parsed } = await verifier.verify(await sign(current, { claims: { data: JSON.stringify(event) } }));
    expect(parsed).toMatchObject({ kind: 'event', eventName: 'grade_change' });
  });

  it('rejects a token signed by another key that claims a published kid (forged)', async () => {
    const forged = await sign(other, { kid: current.kid });
    await expect(verifier.verify(forged)).rejects.toThrow(new LiveEventAuthError('signature verification failed', 'refuse the request; check the JWKS URL and the subscription', { tenant: 'acme', what: 'Live Events JWT' }).message);
  });

  it('rejects an expired token and one not yet valid', async () => {
    const expired = await sign(current, { expiresIn: 60 });
    clock.advance(10 * 60_000);
    await expect(verifier.verify(expired)).rejects.toThrow(/token expired/);
    await expect(verifier.verify(await sign(current, { notBefore: 600 }))).rejects.toThrow(/claim nbf rejected/);
  });

  it.each([
    ['without iat', { issuedAgo: null }, /token has no iat/],
    ['issued longer ago than the maximum age (3 h by default)', { issuedAgo: 3 * 3600 + 120, expiresIn: 3600 }, /token too old/],
    ['issued a year ago', { issuedAgo: 365 * 86400, expiresIn: 3600 }, /token too old/],
    ['issued in the future', { issuedAgo: -600 }, /claim iat rejected/],
  ])('refuses a token %s', async (_what, options, reason) => {
    const error = await verifier.verify(await sign(current, options)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LiveEventAuthError);
    expect((error as LiveEventAuthError).reason).toMatch(reason);
    expect((error as LiveEventAuthError).reason).not.toMatch(/acme/);
  });

  it('accepts a token within a tenant-set maximum age and refuses it past that age', async () => {
    const strict = new LiveEventVerifier({ keys: store, clock, audience: 'rostering-platform', maxTokenAgeSeconds: 600 });
    await expect(strict.verify(await sign(current, { issuedAgo: 500 }))).resolves.toMatchObject({ event: { kind: 'event' } });
    await expect(strict.verify(await sign(current, { issuedAgo: 700 }))).rejects.toThrow(/token too old/);
  });

  it('rejects a token for another audience', async () => {
    await expect(verifier.verify(await sign(current, { audience: 'someone-else' }))).rejects.toThrow(/claim aud rejected/);
  });

  it('rejects other algorithms: HS256 with the public key as secret, and alg none', async () => {
    const secret = new TextEncoder().encode(JSON.stringify(current.jwk));
    const hs = await new SignJWT(event).setProtectedHeader({ alg: 'HS256', kid: current.kid }).setExpirationTime('5m').sign(secret);
    await expect(verifier.verify(hs)).rejects.toBeInstanceOf(LiveEventAuthError);
    await expect(verifier.verify(hs)).rejects.toThrow(/algorithm not allowed/);
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: current.kid })).toString('base64url')}.${Buffer.from(JSON.stringify(event)).toString('base64url')}.`;
    await expect(verifier.verify(none)).rejects.toBeInstanceOf(LiveEventAuthError);
  });

  it('picks up a rotated key by refetching the JWKS on an unknown kid', async () => {
    await verifier.verify(await sign(current));
    expect(store.fetches).toBe(1);
    published = [current, other];
    clock.advance(31_000);
    const { event: parsed } = await verifier.verify(await sign(other));
    expect(parsed.kind).toBe('event');
    expect(store.fetches).toBe(2);
    await verifier.verify(await sign(current));
    expect(store.fetches).toBe(2);
  });

  it('refetches at most once per cooldown when tokens carry unknown kids', async () => {
    await verifier.verify(await sign(current));
    clock.advance(31_000);
    for (let i = 0; i < 5; i += 1) {
      await expect(verifier.verify(await sign(other))).rejects.toThrow(/no signing key with kid 2025-02 in the JWKS/);
    }
    expect(store.fetches).toBe(2);
  });

  it('treats an unreachable JWKS as retriable, not as a forged token', async () => {
    const down = new JwksKeyStore({ jwksUrl: 'https://jwks.test/x', clock, fetch: async () => json({}, 503) });
    const error = await new LiveEventVerifier({ keys: down, clock }).verify(await sign(current)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CanvasRetriableError);
  });
});

describe('JwksKeyStore limits', () => {
  const clock = new FakeClock(Date.UTC(2025, 0, 1));

  it('refuses a JWKS over the size cap (declared or streamed) as a retriable failure', async () => {
    const big = JSON.stringify({ keys: [], padding: 'x'.repeat(200_000) });
    const declared = new JwksKeyStore({ jwksUrl: 'https://jwks.test/big', clock, fetch: async () => new Response(big, { headers: { 'content-length': String(big.length) } }) });
    await expect(declared.getKey({ kid: 'k' })).rejects.toThrow(/over the 65536-byte limit/);
    const streamed = new JwksKeyStore({ jwksUrl: 'https://jwks.test/big', clock, maxBytes: 1000, fetch: async () => new Response(new Blob([big]).stream()) });
    const error = await streamed.getKey({ kid: 'k' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CanvasRetriableError);
    expect((error as Error).message).toMatch(/over the 1000-byte limit/);
  });

  it('gives up on a JWKS that does not answer within the timeout', async () => {
    const hanging = new JwksKeyStore({
      jwksUrl: 'https://jwks.test/slow', clock, timeoutMs: 50,
      fetch: (_url, init) => new Promise((_resolve, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason))),
    });
    await expect(hanging.getKey({ kid: 'k' })).rejects.toBeInstanceOf(CanvasRetriableError);
  });
});
