import { sleep } from '../support';

/** One fault of a script: armed once the previous one landed, done when `landed()` says the system saw it. */
export interface FaultStep {
  name: string;
  /** True when it is time to arm this step (e.g. enough healthy requests since the previous fault). */
  ready?: () => boolean;
  arm: () => void;
  landed: () => boolean;
}

/**
 * Plays fault steps one after another in the background while a run goes on: each step waits until it is
 * `ready`, is armed, and must be observed (`landed`) before the next is armed, so the faults hit different
 * moments of the run instead of piling onto one request. `stop()` ends it; `landed` lists what took effect.
 */
export class FaultScript {
  readonly landed: string[] = [];
  private stopped = false;
  readonly done: Promise<void>;

  constructor(private readonly steps: FaultStep[], pollMs = 50) {
    this.done = this.play(pollMs);
  }

  private async play(pollMs: number): Promise<void> {
    for (const step of this.steps) {
      while (!this.stopped && step.ready && !step.ready()) await sleep(pollMs);
      if (this.stopped) return;
      step.arm();
      while (!this.stopped && !step.landed()) await sleep(pollMs);
      if (this.stopped) return;
      this.landed.push(step.name);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
  }
}

/** Counts how many times `key` appears per key; returns the keys seen more than once with their counts. */
export function duplicates(keys: string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 1);
}
