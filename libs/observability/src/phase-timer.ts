/**
 * Milliseconds spent in each named phase of one piece of work, for its summary log line: `lap(name)` closes the
 * phase that ran since the previous lap (or since the timer was made). Laps of the same name add up.
 */
export class PhaseTimer {
  private readonly spent: Record<string, number> = {};
  private last: number;

  constructor(private readonly now: () => number = () => performance.now()) {
    this.last = this.now();
  }

  lap(name: string): void {
    const at = this.now();
    this.spent[name] = (this.spent[name] ?? 0) + at - this.last;
    this.last = at;
  }

  /** Records the time since the last lap under `name` without closing the phase (one of parallel branches ending). */
  mark(name: string): void {
    this.spent[name] = (this.spent[name] ?? 0) + this.now() - this.last;
  }

  /** Milliseconds per phase, to a tenth. */
  get laps(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.spent).map(([name, ms]) => [name, Math.round(ms * 10) / 10]));
  }
}
