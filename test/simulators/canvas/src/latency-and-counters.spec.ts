import { startCanvasSimulator, type CanvasSimulator } from './index';
import { api } from './testing/test-kit';

describe('Canvas simulator: per-request latency and request counters', () => {
  let sim: CanvasSimulator | undefined;
  afterEach(() => sim?.close());
  const start = (latencyMs: number) =>
    startCanvasSimulator({
      rootAccounts: [{ key: 'acme', tokens: ['tok'] }, { key: 'globex', tokens: ['tok-g'] }],
      latencyMs,
      throttle: { hwm: 10, maximum: 20, outflowPerSecond: 1, upFrontCost: 6, requestCost: 1 },
    }).then((s) => (sim = s));
  const parallel = (s: CanvasSimulator, n: number, path = '/api/v1/accounts/self') =>
    Promise.all(Array.from({ length: n }, () => api(s, 'tok', path))).then((rs) => rs.map((r) => r.status).sort());

  it('answers quick requests one after another without holding the up-front cost', async () => {
    const s = await start(0);
    expect(await parallel(s, 3)).toEqual([200, 200, 200]);
    expect(s.admin.requestCounts('acme')).toMatchObject({ total: 3, throttled: 0 });
  });

  it('holds the up-front cost while a slow request is in flight, so too many in parallel are refused and counted', async () => {
    const s = await start(400);
    // two slow requests in flight hold 2 × 6 > hwm: the third is refused as Canvas does
    expect(await parallel(s, 3)).toEqual([200, 200, 403]);
    expect(s.admin.requestCounts('acme')).toEqual({ calls: { 'GET /api/v1/accounts/:id': 2 }, total: 2, throttled: 1 });
  });

  it('counts answered calls per root account and endpoint pattern, and starts again from zero when reset', async () => {
    const s = await start(0);
    await api(s, 'tok', '/api/v1/accounts/self');
    await api(s, 'tok', '/api/v1/courses/sis_course_id:C1/assignments/7');
    await api(s, 'tok', '/api/v1/courses/sis_course_id:C2/assignments/8');
    await api(s, 'tok-g', '/api/v1/accounts/self');
    const acme = s.admin.requestCounts('acme');
    expect(acme.total).toBe(3);
    expect(acme.calls['GET /api/v1/accounts/:id']).toBe(1);
    expect(Object.entries(acme.calls).find(([k]) => k.startsWith('GET /api/v1/courses/:'))?.[1]).toBe(2);
    expect(s.admin.requestCounts('globex').total).toBe(1);
    s.admin.resetRequestCounts('acme');
    expect(s.admin.requestCounts('acme')).toEqual({ calls: {}, total: 0, throttled: 0 });
    expect(s.admin.requestCounts('globex').total).toBe(1);
  });

  it('exposes the counts and the latency switch over the admin HTTP API', async () => {
    const s = await start(0);
    await api(s, 'tok', '/api/v1/accounts/self');
    const read = await fetch(`${s.baseUrl}/__admin/accounts/acme/requests`).then((r) => r.json());
    expect(read).toMatchObject({ total: 1, throttled: 0 });
    expect((await fetch(`${s.baseUrl}/__admin/latency`, { method: 'POST', body: JSON.stringify({ ms: 400 }) })).status).toBe(200);
    expect(await parallel(s, 3)).toEqual([200, 200, 403]);
  });
});
