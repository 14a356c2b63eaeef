import { backoffDelay } from '@rp/config';
import type { Logger } from '@rp/observability';

/** A failing tenant's step waits 1 s, doubling to a minute, ±20 %. */
const STEP_BACKOFF = { initialDelayMs: 1_000, maxDelayMs: 60_000 };

export interface TenantWork {
  tenantsWithWork(): Promise<string[]>;
  runOnce(tenant: string, signal: AbortSignal): Promise<void>;
}

/**
 * The batch loop: every tick, each tenant with work that is not already busy gets one step (tenants run side by
 * side, each tenant strictly one step at a time). A failing tenant backs off exponentially up to a minute.
 * `stop()` stops ticking, aborts in-flight polls (the imports go on in Canvas and are resumed at the next start)
 * and waits for the steps to settle.
 */
export class LoaderLoop {
  private timer?: NodeJS.Timeout;
  private readonly controller = new AbortController();
  private readonly running = new Map<string, Promise<void>>();
  private readonly backoff = new Map<string, { until: number; failures: number }>();
  private ticking = false;

  constructor(private readonly work: TenantWork, private readonly options: { tickMs: number; logger: Logger; now?: () => number; random?: () => number }) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.options.tickMs);
  }

  async tick(): Promise<void> {
    if (this.ticking || this.controller.signal.aborted) return;
    this.ticking = true;
    try {
      const now = (this.options.now ?? Date.now)();
      for (const tenant of await this.work.tenantsWithWork()) {
        if (this.running.has(tenant) || (this.backoff.get(tenant)?.until ?? 0) > now) continue;
        const step = this.step(tenant).finally(() => this.running.delete(tenant));
        this.running.set(tenant, step);
      }
    } catch (error) {
      this.options.logger.warn('loader tick failed; retrying at the next tick', { err: error });
    } finally {
      this.ticking = false;
    }
  }

  /** Resolves once every in-flight step has settled. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.controller.abort();
    await this.idle();
  }

  private async step(tenant: string): Promise<void> {
    try {
      await this.work.runOnce(tenant, this.controller.signal);
      this.backoff.delete(tenant);
    } catch (error) {
      if (this.controller.signal.aborted) {
        this.options.logger.info(`tenant ${tenant}: stopped waiting for the import; it is resumed at the next start`, { tenant });
        return;
      }
      const failures = (this.backoff.get(tenant)?.failures ?? 0) + 1;
      const delayMs = backoffDelay(STEP_BACKOFF, failures, this.options.random);
      this.backoff.set(tenant, { until: (this.options.now ?? Date.now)() + delayMs, failures });
      this.options.logger.error(`tenant ${tenant}: loader step failed; retrying in ${delayMs} ms`, { tenant, err: error });
    }
  }
}
