import type { ImportSpeed } from '@rp/sim-canvas';

/**
 * The Canvas simulator's import speed for a target apply rate: steps of a fifth of a second's rows with the pause that
 * gives `rowsPerSecond` (an upper bound: applying the rows takes a little time too). 0 = as fast as it can (its
 * default: yield every 50 rows). Canvas applies ~115 rows/s (docs/canvas.md); the default is far faster.
 */
export function importSpeedFor(rowsPerSecond: number): ImportSpeed {
  if (!Number.isFinite(rowsPerSecond) || rowsPerSecond < 0) throw new Error(`--canvas-rows-per-second must be ≥ 0, got ${rowsPerSecond}`);
  if (rowsPerSecond === 0) return { rowsPerStep: 50, stepDelayMs: 0 };
  const rowsPerStep = Math.max(1, Math.round(rowsPerSecond / 5));
  return { rowsPerStep, stepDelayMs: Math.round((rowsPerStep / rowsPerSecond) * 1000) };
}
