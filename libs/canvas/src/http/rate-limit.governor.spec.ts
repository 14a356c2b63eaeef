import { CanvasRetriableError } from '../errors/canvas.error';
import { FakeClock } from '../testing/fake-clock';
import { LeakyBucketCanvas } from '../testing/leaky-bucket-canvas';
import { CanvasHttpClient } from './canvas-http.client';
import { RateLimitGovernor } from './rate-limit.governor';

function setup(maxAttempts = 8) {
  const clock = new FakeClock();
  const canvas = new LeakyBucketCanvas({ clock, requestCost: 5 });
  const governor = new RateLimitGovernor({ clock, maxConcurrency: 8 });
  const client = new CanvasHttpClient({ baseUrl: 'https://canvas.test', token: 't', tenant: 'acme', fetch: canvas.fetch, clock, governor, maxAttempts });
  const burst = (n: number) => Promise.all(Array.from({ length: n }, (_, i) => client.request({ path: `/api/v1/courses/${i}` })));
  return { clock, canvas, governor, client, burst };
}

describe('RateLimitGovernor against a leaky-bucket Canvas', () => {
  it('a burst that would overflow the bucket when sent at once is throttled (control)', async () => {
    const { canvas } = setup();
    await Promise.all(Array.from({ length: 40 }, () => canvas.fetch('https://canvas.test/api/v1/courses/1', {})));
    expect(canvas.throttled).toBeGreaterThan(20);
  });

  it('paces a burst of 300 reads so that none is throttled', async () => {
    const { canvas, burst, governor } = setup();
    const responses = await burst(300);
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(canvas.served).toBe(300);
    expect(canvas.throttled).toBe(0);
    expect(governor.snapshot().inFlight).toBe(0);
  });

  it('backs off on forced 403s, then recovers and serves the rest unthrottled', async () => {
    const { canvas, burst, governor, client } = setup();
    canvas.forceThrottle(3);
    const first = await client.request({ path: '/api/v1/courses/1' });
    expect(first.status).toBe(200);
    expect(canvas.throttled).toBe(3);
    expect(governor.snapshot()).toMatchObject({ throttledResponses: 3, consecutiveThrottles: 0 });

    const rest = await burst(100);
    expect(rest).toHaveLength(100);
    expect(canvas.throttled).toBe(3);
  });

  it('backs off longer after each consecutive throttle', async () => {
    const { canvas, client, clock } = setup();
    const start = clock.now();
    canvas.forceThrottle(1);
    await client.request({ path: '/api/v1/a' });
    const afterOne = clock.now() - start;
    const again = setup();
    const start2 = again.clock.now();
    again.canvas.forceThrottle(4);
    await again.client.request({ path: '/api/v1/a' });
    expect(again.clock.now() - start2).toBeGreaterThan(afterOne + 7_000);
  });

  it('gives up with a retriable error naming the tenant when Canvas keeps throttling', async () => {
    const { canvas, client } = setup(3);
    canvas.forceThrottle(10);
    const error = await client.request({ path: '/api/v1/courses/9' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CanvasRetriableError);
    expect((error as Error).message).toBe('tenant acme: GET /api/v1/courses/9: Canvas rate limit exceeded (403); retry later; lower the concurrency for this token');
    expect(canvas.throttled).toBe(3);
  });
});
