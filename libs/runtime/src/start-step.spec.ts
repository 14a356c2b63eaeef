import { PermanentError, RetriableError } from '@rp/messaging';
import { retryStartStep, startWaitDetail } from './start-step';

describe('retryStartStep', () => {
  const failingTimes = (n: number, error: Error) => {
    let calls = 0;
    return { step: async () => (++calls <= n ? Promise.reject(error) : `done after ${calls}`), calls: () => calls };
  };

  it('waits through retriable failures however many, with growing capped delays, then returns the result', async () => {
    const { step } = failingTimes(12, new RetriableError('schema registry unavailable while registering x-value'));
    const waits: number[] = [];
    const result = await retryStartStep(step, { sleep: async () => undefined, onWait: (_e, _n, ms) => waits.push(ms) });
    expect(result).toBe('done after 13');
    expect(waits).toHaveLength(12);
    expect(waits[1]).toBeGreaterThan(waits[0] * 1.2); // exponential…
    expect(Math.max(...waits)).toBeLessThanOrEqual(36_000); // …capped (30 s + jitter)
  });

  it.each([
    ['permanent', new PermanentError('the schema registry refused registering x-value: 401')],
    ['unknown', new Error('a bug')],
  ])('throws a %s failure at once', async (_kind, error) => {
    const { step, calls } = failingTimes(1, error);
    await expect(retryStartStep(step, { sleep: async () => undefined, onWait: () => undefined })).rejects.toBe(error);
    expect(calls()).toBe(1);
  });

  it('names the dependency and since when in the readiness detail', () => {
    const detail = startWaitDetail(new RetriableError('schema registry unavailable while registering x-value: connect ECONNREFUSED'), new Date('2026-12-07T03:00:00Z'));
    expect(detail).toBe('waiting for schema-registry since 2026-12-07T03:00:00.000Z: schema registry unavailable while registering x-value: connect ECONNREFUSED');
  });
});
