import type { Clock } from '../http/ports';

/**
 * Virtual time for tests: `sleep` never waits for real. Once all pending work has settled
 * (a macrotask later), the earliest sleeper wakes and the clock jumps to its time.
 */
export class FakeClock implements Clock {
  private current: number;
  private sequence = 0;
  private scheduled = false;
  private readonly timers: { at: number; seq: number; wake: () => void }[] = [];

  constructor(start = Date.UTC(2025, 0, 1)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((wake) => {
      this.timers.push({ at: this.current + Math.max(0, ms), seq: this.sequence++, wake });
      this.schedule();
    });
  }

  /** Moves time forward without waking anyone early (e.g. to expire a token). */
  advance(ms: number): void {
    this.current += ms;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift();
      if (!next) return;
      this.current = Math.max(this.current, next.at);
      next.wake();
      if (this.timers.length > 0) this.schedule();
    });
  }
}
