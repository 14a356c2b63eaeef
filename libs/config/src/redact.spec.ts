import { redact, REDACTED } from '@rp/config';

describe('redact', () => {
  it('hides secret-named fields at any depth', () => {
    const out = redact({
      tenant: 'acme',
      canvas: { baseUrl: 'https://acme.instructure.com', accessToken: 'tok-123', client_secret: 'cs' },
      headers: { Authorization: 'Bearer abc.def', 'x-vendor-authorization': 'v' },
      users: [{ password: 'hunter2', name: 'Ann' }],
      secretsKey: Buffer.alloc(32),
    });
    expect(out).toEqual({
      tenant: 'acme',
      canvas: { baseUrl: 'https://acme.instructure.com', accessToken: REDACTED, client_secret: REDACTED },
      headers: { Authorization: REDACTED, 'x-vendor-authorization': REDACTED },
      users: [{ password: REDACTED, name: 'Ann' }],
      secretsKey: REDACTED,
    });
  });

  it('removes credentials from free text and errors', () => {
    const error = new Error('connect failed for postgres://svc:s3cret@db:5432/x with Bearer eyJabc.def');
    const out = redact({ msg: 'stored v1:AAAAAAAAAAAAAAAA:BBBBBBBBBBBBBBBBBBBBBB==:CCCC', keyed: 'v2:0123456789ab:AAAAAAAAAAAAAAAA:BBBBBBBBBBBBBBBBBBBBBB==:CCCC', err: error }) as {
      msg: string;
      keyed: string;
      err: { message: string; stack: string };
    };
    expect(out.msg).toBe(`stored ${REDACTED}`);
    expect(out.keyed).toBe(REDACTED);
    expect(out.err.message).toBe(`connect failed for postgres://svc:${REDACTED}@db:5432/x with Bearer ${REDACTED}`);
    expect(out.err.stack).not.toContain('s3cret');
  });

  it('survives cycles and keeps shared objects', () => {
    const shared = { id: 1 };
    const cyclic: Record<string, unknown> = { a: shared, b: shared };
    cyclic.self = cyclic;
    expect(redact(cyclic)).toEqual({ a: { id: 1 }, b: { id: 1 }, self: '[Circular]' });
  });
});

describe('redact: Kafka and registry credentials in a loaded config', () => {
  it('hides the SASL and registry passwords and the client private key', () => {
    const out = redact({ kafkaSaslPassword: 'pw1', schemaRegistryPassword: 'pw2', kafkaSslPrivateKey: '-----BEGIN PRIVATE KEY-----', kafkaSaslUsername: 'rp' });
    expect(out).toEqual({ kafkaSaslPassword: REDACTED, schemaRegistryPassword: REDACTED, kafkaSslPrivateKey: REDACTED, kafkaSaslUsername: 'rp' });
  });
});
