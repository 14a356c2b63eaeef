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

  const sign = (payload: Record<string, unknown>, options: { key?: KeyLike; kid?: string; exp?: number; jti?: string; iat?: number | null } = {}) => {
    let jwt = new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'k1', typ: 'JWT' }).setJti(options.jti ?? 'jti-1');
    if (options.iat !== null) jwt = jwt.setIssuedAt(options.iat ?? Math.floor(NOW.getTime() / 1000) - 5);
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
    tenants = [{ id: 'acme', rootAccountId: 'u-1', baseUrl: 'https://acme.instructure.com', liveEventsJwksUrl: 'https://jwks.test/acme' }];
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

  it('gives the same identity to the same event signed twice, and different ones to events sharing a request_id', async () => {
    const first = await accept(await sign({ metadata, body }, { jti: 'a' }));
    const again = await accept(await sign({ metadata, body }, { jti: 'b' }));
    const sibling = await accept(await sign({ metadata: { ...metadata, event_name: 'submission_updated' }, body }, { jti: 'c' }));
    expect(again.identity).toBe(first.identity);
    expect(sibling.identity).not.toBe(first.identity);
  });

  it('decides from the body, not the Content-Type: a signed token sent as JSON or text is accepted', async () => {
    const token = await sign({ metadata, body });
    for (const type of ['application/json', 'text/plain', undefined]) {
      expect((await accept(token, type as string)).tenant).toBe('acme');
    }
  });

  it('refuses an event from another Canvas instance whose root account has the same local id, naming no tenant', async () => {
    const foreign = { ...metadata, root_account_uuid: 'u-other', hostname: 'evil.example.com', root_account_lti_guid: 'x.evil.example.com' };
    const error = await refusal(await sign({ metadata: foreign, body }));
    expect(error).toMatchObject({ status: 403, outcome: 'unknown-tenant' });
    expect(error.message).not.toMatch(/acme/);
  });

  it.each([
    ['without iat', { iat: null }, /no iat/],
    ['issued a year ago', { iat: Math.floor(NOW.getTime() / 1000) - 365 * 86400, exp: Math.floor(NOW.getTime() / 1000) + 60 }, /too old/],
    ['expired', { exp: Math.floor(NOW.getTime() / 1000) - 3600 }, /expired/],
  ])('refuses a token %s with 401, naming no tenant', async (_what, options, reason) => {
    const error = await refusal(await sign({ metadata, body }, options));
    expect(error).toMatchObject({ status: 401, outcome: 'forged', message: expect.stringMatching(reason) });
    expect(error.message).not.toMatch(/acme/);
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
    expect(error).toMatchObject({ status: 401, outcome: 'forged', tenant: 'acme', message: 'token refused: signature verification failed' });
  });

  it('refuses with 403 an event of a root account no tenant has, or a tenant without a JWKS URL', async () => {
    expect(await refusal(await sign({ metadata: { ...metadata, root_account_id: '21070000000000002', root_account_uuid: 'u-2' }, body })))
      .toMatchObject({ status: 403, outcome: 'unknown-tenant' });
    tenants = [{ ...tenants[0], liveEventsJwksUrl: undefined }];
    expect(await refusal(await sign({ metadata, body }))).toMatchObject({
      status: 403, message: 'signed Live Events are not set up for this Canvas account', detail: expect.stringMatching(/acme has no canvas.liveEventsJwksUrl/),
    });
  });

  it('refuses with 400 what is neither JSON nor a JWT, and a JWT without a Canvas event', async () => {
    expect(await refusal('hello')).toMatchObject({ status: 400, outcome: 'malformed' });
    expect(await refusal(await sign({ hello: 'world' }))).toMatchObject({ status: 400, message: expect.stringMatching(/no Canvas-format event/) });
    expect(await refusal(await sign({ metadata: { ...metadata, event_name: undefined }, body }))).toMatchObject({ status: 400, message: expect.stringMatching(/event_name/) });
  });

  // canvas.md §6.4: what a subscription set to "Caliper IMS 1.1" sends for a grade_change.
  const caliper = {
    sensor: 'https://acme.instructure.com/', sendTime: '2026-03-02T09:59:59.200Z', dataVersion: 'http://purl.imsglobal.org/ctx/caliper/v1p1',
    data: [{
      '@context': 'http://purl.imsglobal.org/ctx/caliper/v1p1', type: 'GradeEvent', action: 'Graded', eventTime: '2026-03-02T09:59:59.123Z',
      actor: { id: 'urn:instructure:canvas:user:21070000000000987', type: 'Person' },
      object: { id: 'urn:instructure:canvas:submission:21070000000011086', type: 'Attempt', assignable: { id: 'urn:instructure:canvas:assignment:21070000000000355', type: 'AssignableDigitalResource' } },
      generated: { id: 'urn:instructure:canvas:submission:21070000000011086', type: 'Score', scoreGiven: 5, maxScore: 10 },
    }],
  };

  it('refuses a signed Caliper-format event by name: the subscription must use the Canvas format', async () => {
    const error = await refusal(await sign(caliper));
    expect(error).toMatchObject({ status: 400, outcome: 'malformed' });
    expect(error.message).toMatch(/Caliper-format event refused: the Live Events subscription must use the Canvas format/);
  });

  describe('unsigned delivery (Sign Payload off), authenticated by the tenant\'s delivery URL', () => {
    const unsigned = (m: Record<string, unknown> = metadata, b: Record<string, unknown> = body) => Buffer.from(JSON.stringify({ metadata: m, body: b }));
    const refuse = async (run: () => Promise<unknown>): Promise<IntakeRefusal> => {
      try {
        await run();
      } catch (error) {
        if (error instanceof IntakeRefusal) return error;
        throw error;
      }
      throw new Error('accepted');
    };

    it('accepts the plain event JSON for the URL\'s tenant, whatever the Content-Type', async () => {
      for (const type of ['application/json', 'text/plain', undefined]) {
        const accepted = await intake.acceptUnsigned(tenants[0], type, unsigned());
        expect(accepted).toMatchObject({ tenant: 'acme', key: 'acme|565', record: { eventName: 'grade_change', eventId: 'req-1' } });
      }
    });

    it('refuses an unsigned Caliper-format event by name, as on the signed path', async () => {
      const error = await refuse(() => intake.acceptUnsigned(tenants[0], 'application/json', Buffer.from(JSON.stringify(caliper))));
      expect(error).toMatchObject({ status: 400, outcome: 'malformed', message: expect.stringMatching(/Caliper.*must use the Canvas format/) });
    });

    it('refuses an event naming another Canvas instance than the URL\'s tenant', async () => {
      const error = await refuse(() => intake.acceptUnsigned(tenants[0], 'application/json', unsigned({ ...metadata, root_account_uuid: 'u-other' })));
      expect(error).toMatchObject({ status: 403, outcome: 'unknown-tenant' });
      expect(error.message).not.toMatch(/acme/);
    });

    it.each([
      ['older than the maximum age', '2026-03-02T06:00:00.000Z', /event too old/],
      ['ahead of the clock', '2026-03-02T10:05:00.000Z', /in the future/],
      ['without a time', undefined, /no valid metadata.event_time/],
    ])('refuses an event %s', async (_what, eventTime, message) => {
      const error = await refuse(() => intake.acceptUnsigned(tenants[0], 'application/json', unsigned({ ...metadata, event_time: eventTime })));
      expect(error.message).toMatch(message);
    });

    it('verifies a signed token sent to the URL as on the signed path, and refuses another tenant\'s', async () => {
      expect((await intake.acceptUnsigned(tenants[0], undefined, Buffer.from(await sign({ metadata, body })))).tenant).toBe('acme');
      const globex = { ...tenants[0], id: 'globex', rootAccountUuid: 'u-2' };
      const error = await refuse(async () => intake.acceptUnsigned(globex, undefined, Buffer.from(await sign({ metadata, body }))));
      expect(error).toMatchObject({ status: 403, message: 'the event belongs to another delivery URL' });
    });
  });
});
