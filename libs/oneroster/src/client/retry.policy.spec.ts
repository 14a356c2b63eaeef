import { backoffDelayMs, defaultRetrySettings, parseRetryAfterMs } from './retry.policy';

const now = Date.parse('2024-09-02T12:00:00Z');

describe('parseRetryAfterMs', () => {
  it.each<[string | null, number | undefined]>([
    ['120', 120_000],
    ['0', 0],
    ['1.5', 1500],
    ['Mon, 02 Sep 2024 12:00:30 GMT', 30_000],
    ['Mon, 02 Sep 2024 11:00:00 GMT', 0],
    ['soon', undefined],
    [null, undefined],
  ])('%s → %s ms', (header, expected) => {
    expect(parseRetryAfterMs(header, now)).toBe(expected);
  });
});

describe('backoffDelayMs', () => {
  it.each([
    [0, 1, 500],
    [3, 1, 4000],
    [10, 1, 30_000],
    [3, 0, 0],
    [3, 0.5, 2000],
  ])('attempt %i with random %d → %i ms (full jitter, capped)', (attempt, random, expected) => {
    expect(backoffDelayMs(attempt, defaultRetrySettings, () => random)).toBe(expected);
  });
});
