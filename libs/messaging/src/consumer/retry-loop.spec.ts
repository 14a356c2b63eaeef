import { PermanentError, RetriableError } from '../errors';
import { DEFAULT_BACKOFF } from './backoff';
import { ChunkRun, givesUp, runWithRetries } from './retry-loop';

describe('givesUp (when a failure is dead-lettered instead of retried)', () => {
  it.each([
    { errorClass: 'permanent', attempt: 1, limit: undefined, gives: true },
    { errorClass: 'unknown', attempt: 4, limit: undefined, gives: false },
    { errorClass: 'unknown', attempt: 5, limit: undefined, gives: true },
    { errorClass: 'retriable', attempt: 5, limit: undefined, gives: false },
    { errorClass: 'retriable', attempt: 100_000, limit: undefined, gives: false },
    { errorClass: 'retriable', attempt: 9, limit: 10, gives: false },
    { errorClass: 'retriable', attempt: 10, limit: 10, gives: true },
  ] as const)('$errorClass failure, attempt $attempt, retriable limit $limit → gives up: $gives', ({ errorClass, attempt, limit, gives }) => {
    expect(givesUp({ ...DEFAULT_BACKOFF, retriableMaxAttempts: limit }, errorClass, attempt)).toBe(gives);
  });
});

describe('runWithRetries', () => {
  const run = (overrides: Partial<ChunkRun> = {}): ChunkRun & { waits: number[] } => {
    const waits: number[] = [];
    return {
      topic: 't', partition: 0, policy: { ...DEFAULT_BACKOFF, maxDelayMs: 1000 }, heartbeatEveryMs: 10_000, waits,
      sleep: async (ms) => void waits.push(ms), heartbeat: async () => undefined, shouldAbort: () => false,
      onRetry: () => undefined, commit: async () => undefined, ...overrides,
    };
  };

  it('keeps retrying a retriable failure far beyond the default attempts, with waits capped, until it passes', async () => {
    const r = run();
    let failures = 40;
    const outcome = await runWithRetries(r, async () => {
      if (failures-- > 0) throw new RetriableError('tenant acme: IC answered 503');
    });
    expect(outcome).toEqual({ kind: 'done' });
    expect(r.waits).toHaveLength(40);
    expect(Math.max(...r.waits)).toBeLessThanOrEqual(1200);
  });

  it('stops waiting when the consumer stops (the record stays uncommitted)', async () => {
    let stopped = false;
    const r = run({ onRetry: (_e, attempt) => void (stopped = attempt >= 3), shouldAbort: () => stopped });
    const outcome = await runWithRetries(r, async () => {
      throw new RetriableError('database away');
    });
    expect(outcome).toEqual({ kind: 'aborted' });
  });

  it('fails a permanent failure at once', async () => {
    const outcome = await runWithRetries(run(), async () => {
      throw new PermanentError('tenant acme: user u1 has no sourcedId');
    });
    expect(outcome).toMatchObject({ kind: 'failed', errorClass: 'permanent', attempts: 1 });
  });

  it('runs each attempt through the gate, not the waits', async () => {
    let inside = 0;
    const seen: number[] = [];
    const r = run({
      gate: async (work) => {
        inside++;
        try {
          return await work();
        } finally {
          inside--;
        }
      },
      sleep: async () => void seen.push(inside),
    });
    let failures = 2;
    await runWithRetries(r, async () => {
      if (failures-- > 0) throw new RetriableError('x');
    });
    expect(seen).toEqual([0, 0]);
  });
});
