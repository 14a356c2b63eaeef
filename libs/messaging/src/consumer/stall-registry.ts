import type { StalledWork } from '@rp/observability';
import type { FailureCause } from '../failure-cause';

/** One ordering key waiting for a dependency: what it waits for, since when, and the last error. */
export interface Stall {
  tenant: string;
  cause: FailureCause;
  topic: string;
  partition: number;
  since: Date;
  attempts: number;
  lastError: string;
}

/**
 * The consumer's current stalls, one per ordering key that is retrying a retriable failure. Feeds
 * `rp_stalled_seconds{stage,tenant,cause}` (a (tenant, cause) that recovered stays at 0 so the graph shows the end)
 * and the `/readyz` details.
 */
export class StallRegistry {
  private readonly active = new Map<string, Stall>();
  private readonly recovered = new Set<string>();

  constructor(private readonly stage: string, private readonly clock: () => Date) {}

  /** The key failed retriably again; starts its stall at the first failure. */
  failed(key: string, facts: Omit<Stall, 'since' | 'attempts'>): Stall {
    const known = this.active.get(key);
    const stall: Stall = { ...facts, since: known && known.cause === facts.cause ? known.since : this.clock(), attempts: (known?.attempts ?? 0) + 1 };
    this.active.set(key, stall);
    return stall;
  }

  /** The key's work passed, failed for good, or was dropped: it is no longer stalled. Returns the ended stall. */
  ended(key: string): Stall | undefined {
    const stall = this.active.get(key);
    if (!stall) return undefined;
    this.active.delete(key);
    this.recovered.add(`${stall.tenant}|${stall.cause}`);
    return stall;
  }

  list(): Stall[] {
    return [...this.active.values()];
  }

  /** Longest stall per (tenant, cause), with recovered pairs at 0. */
  metrics(): StalledWork[] {
    const now = this.clock().getTime();
    const byPair = new Map<string, StalledWork>();
    for (const pair of this.recovered) {
      const [tenant, cause] = pair.split('|');
      byPair.set(pair, { stage: this.stage, tenant, cause, seconds: 0 });
    }
    for (const s of this.active.values()) {
      const pair = `${s.tenant}|${s.cause}`;
      const seconds = Math.max(0, (now - s.since.getTime()) / 1000);
      if (seconds >= (byPair.get(pair)?.seconds ?? 0)) byPair.set(pair, { stage: this.stage, tenant: s.tenant, cause: s.cause, seconds });
    }
    return [...byPair.values()];
  }

  /** One line for `/readyz`: which tenants wait for what, since when (empty when nothing is stalled). */
  describe(): string {
    const now = this.clock().getTime();
    return this.list()
      .map((s) => `tenant ${s.tenant || 'unknown'} waiting for ${s.cause} since ${s.since.toISOString()} (${Math.round((now - s.since.getTime()) / 1000)} s, ${s.attempts} retries, ${s.topic}[${s.partition}]): ${s.lastError}`)
      .join('; ');
  }
}
