import { resolveNotificationSettings } from '@rp/config';
import type { GradebookWriteOutcomes } from '@rp/messaging';
import type { Notification } from './domain/notification';
import { RefusalCountRow, refusalCountRows, refusalRateNotification } from './domain/refusal-rate.rule';

/** Every side effect of the refusal count: the tenants' thresholds and the windows' store. */
export interface RefusalCounterPorts {
  /** Raw notification settings of the tenants asked for (absent: the defaults). */
  settingsOf(tenants: string[]): Promise<Map<string, Record<string, unknown>>>;
  /** Stores the rows (a key stored before is ignored) and returns the totals of every window they touch. */
  record(rows: RefusalCountRow[]): Promise<{ tenant: string; windowStart: string; writes: number; refused: number }[]>;
  clock: () => Date;
}

/**
 * Counts `gradebook.write-outcomes` records into each tenant's windows (its own window length and thresholds) in
 * PostgreSQL — so a restart or a second replica keeps counting where the other stopped — and returns the
 * `passback-refusals` notifications of the windows now over the rate (the outbox keeps each one once).
 */
export class PassbackRefusalCounter {
  constructor(private readonly ports: RefusalCounterPorts) {}

  async notificationsOf(records: GradebookWriteOutcomes[]): Promise<Notification[]> {
    if (records.length === 0) return [];
    const raw = await this.ports.settingsOf([...new Set(records.map((r) => r.tenant))]);
    const settingsOf = (tenant: string) => resolveNotificationSettings(raw.get(tenant));
    const rows = records.flatMap((r) => refusalCountRows(r, settingsOf(r.tenant).refusalWindowMinutes));
    const windows = await this.ports.record(rows);
    const now = this.ports.clock();
    return windows.flatMap((w) => refusalRateNotification(w, settingsOf(w.tenant), now) ?? []);
  }
}
