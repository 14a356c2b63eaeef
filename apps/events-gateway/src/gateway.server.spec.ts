import { GatewayServer } from './gateway.server';
import { type AcceptedEvent, IntakeRefusal } from './live-event.intake';

const accepted: AcceptedEvent = {
  tenant: 'acme', key: 'acme|5', identity: 'id-1',
  record: { tenant: 'acme', eventName: 'grade_change', eventTime: 't', metadata: '{}', body: '{}', eventId: 'j1' },
};

describe('GatewayServer', () => {
  let server: GatewayServer;
  let url: string;
  let published: AcceptedEvent[];
  let counted: string[];
  let publish: (e: AcceptedEvent) => Promise<void>;
  let accept: (type: string | undefined, body: Buffer) => Promise<AcceptedEvent>;
  let claimed: Set<string>;

  beforeEach(async () => {
    published = [];
    counted = [];
    claimed = new Set();
    publish = async (e) => void published.push(e);
    accept = async (_type, body) => {
      if (body.toString() === 'forged') throw new IntakeRefusal(401, 'forged', 'signature verification failed', 'acme');
      return accepted;
    };
    server = new GatewayServer({
      host: '127.0.0.1', port: 0, maxBodyBytes: 1024,
      accept: (t, b) => accept(t, b), publish: (e) => publish(e),
      acceptUnsigned: async (secret, _t, _b) => {
        if (secret !== 'the-secret') throw new IntakeRefusal(401, 'forged', 'unknown delivery URL');
        return { ...accepted, identity: 'unsigned-1' };
      },
      deliveries: {
        claim: async (tenant, identity) => !claimed.has(`${tenant}|${identity}`) && !!claimed.add(`${tenant}|${identity}`),
        release: async (tenant, identity) => void claimed.delete(`${tenant}|${identity}`),
      },
      readiness: async () => ({ ready: true, checks: { startup: { ok: true } } }),
      count: (outcome, tenant) => void counted.push(`${tenant ?? 'unknown'}:${outcome}`),
      log: () => undefined,
    });
    url = `http://127.0.0.1:${await server.start()}`;
  });
  afterEach(() => server.stop());

  const post = (body: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/jwt' }) =>
    fetch(`${url}/live-events`, { method: 'POST', headers, body });

  it('answers 202 after the record was published', async () => {
    const res = await post('token');
    expect(res.status).toBe(202);
    const answer = await res.json();
    expect(answer).toEqual({ status: 'accepted', eventName: 'grade_change', eventId: 'j1' });
    expect(published).toEqual([accepted]);
    expect(counted).toEqual(['acme:accepted']);
  });

  it('acknowledges a delivery seen before with 200 and does not publish it again', async () => {
    expect((await post('token')).status).toBe(202);
    const again = await post('token');
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: 'duplicate' });
    expect(published).toEqual([accepted]);
    expect(counted).toEqual(['acme:accepted', 'acme:duplicate']);
  });

  it('answers 503 (not 2xx) when Kafka did not acknowledge, so the sender knows it was not stored', async () => {
    publish = async () => {
      throw new Error('broker down');
    };
    const res = await post('token');
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(text).not.toMatch(/broker down|acme/);
    publish = async (e) => void published.push(e);
    expect((await post('token')).status).toBe(202); // the failed delivery's claim was released: Canvas's retry goes through
  });

  it('routes /live-events/<secret> to the unsigned intake, and never logs the secret', async () => {
    const logged: string[] = [];
    const res = await fetch(`${url}/live-events/the-secret`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(202);
    expect((await fetch(`${url}/live-events/wrong`, { method: 'POST', body: '{}' })).status).toBe(401);
    await server.stop();
    server = new GatewayServer({
      host: '127.0.0.1', port: 0, maxBodyBytes: 1024, accept: async () => accepted, publish: async () => undefined,
      acceptUnsigned: async () => {
        throw new Error('boom');
      },
      deliveries: { claim: async () => true, release: async () => undefined },
      readiness: async () => ({ ready: true, checks: {} }), count: () => undefined,
      log: (_level, message, fields) => void logged.push(`${message} ${JSON.stringify(fields)}`),
    });
    url = `http://127.0.0.1:${await server.start()}`;
    expect((await fetch(`${url}/live-events/s3cr3t-value`, { method: 'POST', body: '{}' })).status).toBe(500);
    expect(logged.join('\n')).toContain('/live-events/[redacted]');
    expect(logged.join('\n')).not.toContain('s3cr3t-value');
  });

  it('serves Live Events only when health and metrics live on the admin port', async () => {
    await server.stop();
    server = new GatewayServer({
      host: '127.0.0.1', port: 0, maxBodyBytes: 1024, accept: async () => accepted, acceptUnsigned: async () => accepted,
      publish: async () => undefined, deliveries: { claim: async () => true, release: async () => undefined },
      count: () => undefined, log: () => undefined,
    });
    url = `http://127.0.0.1:${await server.start()}`;
    for (const path of ['/healthz', '/readyz', '/metrics']) expect([path, (await fetch(`${url}${path}`)).status]).toEqual([path, 404]);
    expect((await post('token')).status).toBe(202);
  });

  it('answers 500 without echoing the internal error', async () => {
    accept = async () => {
      throw new Error('connection to 10.0.0.5:5432 refused');
    };
    const res = await post('token');
    expect(res.status).toBe(500);
    expect(await res.text()).not.toMatch(/10\.0\.0\.5|refused/);
  });

  it('refuses with the intake’s status and a JSON error, publishing nothing', async () => {
    const res = await post('forged');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'forged', message: 'signature verification failed' });
    expect(published).toEqual([]);
    expect(counted).toEqual(['acme:forged']);
  });

  it('refuses bodies over the limit with 413 without calling the intake', async () => {
    accept = async () => {
      throw new Error('must not be called');
    };
    const res = await post(Buffer.alloc(4096, 'a'));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { message: string }).message).toMatch(/1024 bytes \(GATEWAY_MAX_BODY_BYTES\)/);
    expect(published).toEqual([]);
  });

  it('serves health and readiness on the same port; other methods and paths are refused', async () => {
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/live-events`)).status).toBe(405);
    expect((await fetch(`${url}/nope`)).status).toBe(404);
  });
});
