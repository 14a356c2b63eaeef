import { importSpeedFor } from './import-speed';

describe('Canvas simulator import speed for a target rate', () => {
  it.each([
    [115, { rowsPerStep: 23, stepDelayMs: 200 }],
    [1000, { rowsPerStep: 200, stepDelayMs: 200 }],
    [2, { rowsPerStep: 1, stepDelayMs: 500 }],
    [0, { rowsPerStep: 50, stepDelayMs: 0 }],
  ])('%d rows/s → %o', (rate, speed) => {
    expect(importSpeedFor(rate)).toEqual(speed);
    if (rate > 0) expect((speed.rowsPerStep / speed.stepDelayMs) * 1000).toBeCloseTo(rate, 0);
  });

  it('refuses a negative rate, naming the flag', () => {
    expect(() => importSpeedFor(-1)).toThrow(/--canvas-rows-per-second/);
  });
});
