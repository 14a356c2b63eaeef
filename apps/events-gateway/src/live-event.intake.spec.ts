import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { JwksKeyStore, LiveEventVerifier } from '@rp/canvas';
import { IntakeRefusal, LiveEventIntake } from './live-event.intake';
import { type GatewayTenant, matchTenant } from './tenant-directory';

const NOW = new Date('2026-03-02T10:00:00Z');
const metadata = {
  root_account_id: '21070000000000001', root_account_uuid: 'u-1', event_name: 'grade_change', event_time: '2026-03-02T09:59:59.123Z',
  context_type: 'Course', context_id: '21070000000000565', request_id: 'req-1', hostname: 'acme.instructure.com',
};
const body = { assignment_id: '21070000000000007', user_id: '21070000000000009', score: 18 };

describe('LiveEventIntake', () => {
  let canvasKey: KeyLike;
  let otherKey: KeyLike;
  let jwks: unknown;
  let tenants: GatewayTenant[];
  let intake: LiveEventIntake;

  const sign = (payload: Record<string, unknown>, options: { key?: KeyLike; kid?: string; exp?: number; jti?: string } = {}) => {
    let jwt = new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'k1', typ: 'JWT' })
      .setIssuedAt(Math.floor(NOW.getTime() / 1000) - 5).setJti(options.jti ?? 'jti-1');
    if (options.exp !== undefined) jwt = jwt.setExpirationTime(options.exp);
    return jwt.sign(options.key ?? canvasKey);
  };
  const accept = async (token: string, type = 'application/jwt') => intake.accept(type, Buffer.from(token));
  const refusal = async (token: string, type?: string): Promise<IntakeRefusal> => {
    try {
      await accept(token, type);
    } catch (error) {
      if (error instanceof IntakeRefusal) return error;
      throw error;
    }
    throw new Error('accepted');
  };

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    canvasKey = pair.privateKey;
    otherKey = (await generateKeyPair('RS256')).privateKey;
    jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] };
  });

  const clock = { now: () => NOW.getTime(), sleep: async () => undefined };

  beforeEach(() => {
    tenants = [{ id: 'acme', rootAccountId: '1', baseUrl: 'https://acme.instructure.com', liveEventsJwksUrl: 'https://jwks.test/acme' }];
    const keys = new JwksKeyStore({ jwksUrl: 'https://jwks.test/acme', fetch: async () => new Response(JSON.stringify(jwks)), clock });
    intake = new LiveEventIntake({
      resolveTenant: async (m) => matchTenant(tenants, m),
      verifierFor: (t) => new LiveEventVerifier({ keys, tenant: t.id, clock }),
      clock: () => NOW,
    });
  });

  it('turns a signed grade_change into the tenant’s record, metadata and body kept as received', async () => {
    const accepted = await accept(await sign({ metadata, body }));
    expect(accepted.tenant).toBe('acme');
    expect(accepted.key).toBe('acme|565');
    expect(accepted.record).toEqual({
      tenant: 'acme', eventName: 'grade_change', eventTime: '2026-03-02T09:59:59.123Z',
      metadata: JSON.stringify(metadata), body: JSON.stringify(body),
      rootAccountId: '1', contextType: 'Course', contextId: '565', eventId: 'jti-1', receivedAt: NOW.toISOString(),
    });
  });

  it('accepts event types it does not know (the gradebook decides) and events nested in one claim', async () => {
    const unknown = { ...metadata, event_name: 'wiki_page_created', context_id: undefined };
    const accepted = await accept(await sign({ event: JSON.stringify({ metadata: unknown, body: { title: 'x' } }) }));
    expect(accepted.record).toMatchObject({ eventName: 'wiki_page_created', contextId: null, body: '{"title":"x"}' });
    expect(accepted.key).toBe('acme|-');
  });

  it('refuses unsigned JSON with 401', async () => {
    const error = await refusal(JSON.stringify({ metadata, body }), 'application/json');
    expect(error).toMatchObject({ status: 401, outcome: 'unsigned', message: expect.stringMatching(/signed by Canvas/) });
  });

  it('refuses an unsecured (alg none) token with 401', async () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const error = await refusal(`${b64({ alg: 'none' })}.${b64({ metadata, body })}.`);
    expect(error).toMatchObject({ status: 401, outcome: 'unsigned' });
  });

  it('refuses a token signed by another key, even with Canvas’s kid, with 401', async () => {
    const error = await refusal(await sign({ metadata, body }, { key: otherKey }));
    expect(error).toMatchObject({ status: 401, outcome: 'forged', tenant: 'acme', message: expect.stringMatching(/signature verification failed/) });
  });

  it('refuses an expired token with 401', async () => {
    const error = await refusal(await sign({ metadata, body }, { exp: Math.floor(NOW.getTime() / 1000) - 3600 }));
    expect(error).toMatchObject({ status: 401, outcome: 'forged', message: expect.stringMatching(/expired/) });
  });

  it('refuses with 403 an event of a root account no tenant has, or a tenant without a JWKS URL', async () => {
    expect(await refusal(await sign({ metadata: { ...metadata, root_account_id: '21070000000000002', root_account_uuid: 'u-2' }, body })))
      .toMatchObject({ status: 403, outcome: 'unknown-tenant' });
    tenants = [{ ...tenants[0], liveEventsJwksUrl: undefined }];
    expect(await refusal(await sign({ metadata, body }))).toMatchObject({ status: 403, message: expect.stringMatching(/acme has no canvas.liveEventsJwksUrl/) });
  });

  it('refuses with 400 what is neither JSON nor a JWT, and a JWT without a Canvas event', async () => {
    expect(await refusal('hello')).toMatchObject({ status: 400, outcome: 'malformed' });
    expect(await refusal(await sign({ hello: 'world' }))).toMatchObject({ status: 400, message: expect.stringMatching(/no Canvas-format event/) });
    expect(await refusal(await sign({ metadata: { ...metadata, event_name: undefined }, body }))).toMatchObject({ status: 400, message: expect.stringMatching(/event_name/) });
  });
});
