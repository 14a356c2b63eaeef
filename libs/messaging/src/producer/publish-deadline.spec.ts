import { classifyError } from '../errors';
import { failureCauseOf } from '../failure-cause';
import { withinDeadline } from './publish-deadline';

describe('withinDeadline', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('fails a publish the broker does not acknowledge in time, as retriable and waiting for kafka', async () => {
    const outcome = withinDeadline(3000, 'publishing a live event of tenant acme', () => new Promise(() => undefined)).catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(3000);
    const error = await outcome;
    expect((error as Error).message).toBe('publishing a live event of tenant acme: no acknowledgement within 3000 ms (Kafka unavailable?)');
    expect([classifyError(error), failureCauseOf(error)]).toEqual(['retriable', 'kafka']);
  });

  it('passes the result and the failure of a timely publish through', async () => {
    await expect(withinDeadline(3000, 'x', async () => 'acked')).resolves.toBe('acked');
    await expect(withinDeadline(3000, 'x', async () => { throw new Error('record too large'); })).rejects.toThrow('record too large');
  });
});
