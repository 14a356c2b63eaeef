import { metrics } from '@opentelemetry/api';
import type { Logger } from '@rp/observability';

const meter = metrics.getMeter('transformer');

/**
 * `rp_transformer_parked{tenant}`: entities waiting for parents or settings, per tenant. Counts are read from the
 * database on an interval and after batches that parked or released something; a change is also logged.
 */
export class ParkedGauge {
  private counts: Record<string, number> = {};
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly read: () => Promise<Record<string, number>>,
    private readonly logger: Logger,
    intervalMs = 15_000,
  ) {
    meter
      .createObservableGauge('rp_transformer_parked', { description: 'OneRoster entities parked (waiting) per tenant' })
      .addCallback((result) => {
        for (const [tenant, count] of Object.entries(this.counts)) result.observe(count, { tenant });
      });
    this.timer = setInterval(() => void this.refresh(), intervalMs);
    this.timer.unref();
  }

  async refresh(): Promise<void> {
    let fresh: Record<string, number>;
    try {
      fresh = await this.read();
    } catch (error) {
      this.logger.warn('could not count parked entities', { err: error });
      return;
    }
    // Tenants that had parked entities stay at 0 rather than vanishing, so the series shows the release.
    const next: Record<string, number> = Object.fromEntries(Object.keys(this.counts).map((tenant) => [tenant, 0]));
    Object.assign(next, fresh);
    for (const [tenant, count] of Object.entries(next)) {
      if (this.counts[tenant] !== count) this.logger.info('parked entities', { tenant, parked: count });
    }
    this.counts = next;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
