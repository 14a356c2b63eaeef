import { backoffDelay } from './backoff';

describe('backoff', () => {
  const exact = { initialDelayMs: 500, maxDelayMs: 4_000, jitter: 0 };
  it.each([
    [1, 500],
    [2, 1_000],
    [3, 2_000],
    [4, 4_000],
    [5, 4_000], // capped
    [1_000, 4_000], // no overflow however long the outage
    [0, 500], // a caller counting from 0 still gets the first wait
  ])('after %i failures waits %i ms (no jitter)', (failures, ms) => {
    expect(backoffDelay(exact, failures)).toBe(ms);
  });

  it.each([
    ['±20 % by default, lowest', { initialDelayMs: 1_000, maxDelayMs: 10_000 }, 0, 800],
    ['±20 % by default, highest', { initialDelayMs: 1_000, maxDelayMs: 10_000 }, 1, 1_200],
    ['full jitter, lowest', { initialDelayMs: 1_000, maxDelayMs: 10_000, jitter: 'full' as const }, 0, 0],
    ['full jitter, middle', { initialDelayMs: 1_000, maxDelayMs: 10_000, jitter: 'full' as const }, 0.5, 500],
  ])('%s', (_case, backoff, random, ms) => {
    expect(backoffDelay(backoff, 1, () => random)).toBe(ms);
  });
});
