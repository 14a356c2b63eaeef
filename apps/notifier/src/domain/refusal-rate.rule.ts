import type { Notification } from './notification';
import { notificationKey } from './notification-keys';

export interface RefusalRateSettings {
  /** Length of the fixed windows the rate is measured in. */
  windowMs: number;
  /** Fewer grade writes than this in a window never notify (two refusals of three writes is not a spike). */
  minWrites: number;
  /** Share of refused writes (0–1) at or above which the window notifies. */
  maxRefusedRate: number;
}

export const DEFAULT_REFUSAL_RATE: RefusalRateSettings = { windowMs: 15 * 60_000, minWrites: 20, maxRefusedRate: 0.2 };

interface WindowCounts {
  start: number;
  writes: number;
  refused: number;
  notified: boolean;
}

/**
 * "Passback refusals above a rate": counts a tenant's grade-write outcomes in fixed windows and notifies once per
 * window when the refused share reaches the threshold. Fixed (not sliding) windows make the key deterministic, so a
 * replay of the same outcomes yields the same notification, sent once.
 */
export class RefusalRateRule {
  private readonly windows = new Map<string, WindowCounts>();

  constructor(private readonly settings: RefusalRateSettings = DEFAULT_REFUSAL_RATE) {}

  /** Counts one outcome; returns the notification when this outcome makes the window cross the threshold. */
  observe(tenant: string, outcome: 'written' | 'refused', at: Date): Notification | undefined {
    const start = Math.floor(at.getTime() / this.settings.windowMs) * this.settings.windowMs;
    let counts = this.windows.get(tenant);
    if (!counts || counts.start !== start) {
      if (counts && counts.start > start) return undefined; // a late outcome of a window already closed
      counts = { start, writes: 0, refused: 0, notified: false };
      this.windows.set(tenant, counts);
    }
    counts.writes += 1;
    if (outcome === 'refused') counts.refused += 1;
    if (counts.notified || counts.writes < this.settings.minWrites) return undefined;
    const rate = counts.refused / counts.writes;
    if (rate < this.settings.maxRefusedRate) return undefined;
    counts.notified = true;
    const windowStart = new Date(start).toISOString();
    const percent = Math.round(rate * 100);
    return {
      key: notificationKey('passback-refusals', tenant, windowStart),
      tenant, kind: 'passback-refusals', at: at.toISOString(),
      details: { windowStart, writes: String(counts.writes), refused: String(counts.refused) },
      title: `tenant ${tenant}: IC refused ${percent}% of grade writes since ${windowStart}`,
      text: `tenant ${tenant}: ${counts.refused} of ${counts.writes} grade writes were refused by Infinite Campus since ${windowStart} ` +
        `(threshold ${Math.round(this.settings.maxRefusedRate * 100)}%); see the refusals with \`ops passback --tenant ${tenant}\``,
    };
  }
}
