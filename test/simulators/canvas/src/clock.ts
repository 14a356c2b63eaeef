/** Time source for the simulator; tests inject a manual clock so throttling and timestamps are deterministic. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to (for throttle refill tests). */
export class ManualClock implements Clock {
  constructor(private current = Date.parse('2025-01-06T15:00:00Z')) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
  set(ms: number): void {
    this.current = ms;
  }
}

export const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
export const isoMillis = (ms: number): string => new Date(ms).toISOString();
