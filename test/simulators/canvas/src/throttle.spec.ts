import { ManualClock, startCanvasSimulator, type CanvasSimulator } from './index';
import { api } from './testing/test-kit';

describe('Canvas simulator: leaky-bucket throttle', () => {
  let sim: CanvasSimulator;
  const clock = new ManualClock();
  beforeEach(async () => {
    sim = await startCanvasSimulator({
      rootAccounts: [{ key: 'acme', tokens: ['tok', 'tok2'] }],
      clock,
      throttle: { hwm: 10, maximum: 20, outflowPerSecond: 1, upFrontCost: 5, requestCost: 2 },
    });
  });
  afterEach(() => sim.close());

  it('refuses a sustained burst with 403 Rate Limit Exceeded and refills over time', async () => {
    const first = await api(sim, 'tok', '/api/v1/accounts/self');
    expect(first.status).toBe(200);
    expect(first.headers.get('x-request-cost')).toBe('2.0');
    expect(first.headers.get('x-rate-limit-remaining')).toBe('8.0');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await api(sim, 'tok', '/api/v1/accounts/self')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 403]);
    const refused = await api(sim, 'tok', '/api/v1/accounts/self');
    expect(refused).toMatchObject({ status: 403, body: '403 Forbidden (Rate Limit Exceeded)' });
    expect(refused.headers.get('x-rate-limit-remaining')).toBe('0.0');
    expect(refused.headers.get('x-request-cost')).toBeNull();
    // another token has its own bucket
    expect((await api(sim, 'tok2', '/api/v1/accounts/self')).status).toBe(200);

    clock.advance(3000); // leaks 3 units: 10 → 7
    const after = await api(sim, 'tok', '/api/v1/accounts/self');
    expect(after.status).toBe(200);
    expect(after.headers.get('x-rate-limit-remaining')).toBe('1.0');
  });
});
