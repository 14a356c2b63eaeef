import type { Logger } from './json-logger';

export interface TenantCountsPollerOptions {
  /** Reads the current counts per tenant (e.g. from the database). */
  read: () => Promise<Record<string, number>>;
  /** Where fresh counts go (a gauge setter of `pipelineMetrics`). */
  publish: (counts: Record<string, number>) => void;
  logger: Logger;
  /** What is counted, for log lines ("parked entities", "held plans"). */
  what: string;
  intervalMs?: number;
}

/**
 * Feeds a per-tenant gauge from a query: on an interval and whenever the owner calls `refresh()` (e.g. after it
 * parked or held something). A change per tenant is logged; a failed read keeps the last counts.
 */
export class TenantCountsPoller {
  private last: Record<string, number> = {};
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly options: TenantCountsPollerOptions) {
    this.timer = setInterval(() => void this.refresh(), options.intervalMs ?? 15_000);
    this.timer.unref();
  }

  async refresh(): Promise<void> {
    let fresh: Record<string, number>;
    try {
      fresh = await this.options.read();
    } catch (error) {
      this.options.logger.warn(`could not count ${this.options.what}`, { err: error });
      return;
    }
    const next: Record<string, number> = Object.fromEntries(Object.keys(this.last).map((tenant) => [tenant, 0]));
    Object.assign(next, fresh);
    for (const [tenant, count] of Object.entries(next)) {
      if (this.last[tenant] !== count) this.options.logger.info(this.options.what, { tenant, count });
    }
    this.last = next;
    this.options.publish(next);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
