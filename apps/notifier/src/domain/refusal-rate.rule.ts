import type { NotificationSettings } from '@rp/config';
import type { GradebookWriteOutcomes } from '@rp/messaging';
import type { Notification } from './notification';
import { notificationKey } from './notification-keys';

/** The part of a tenant's notification settings the refusal rate uses. */
export type RefusalRateSettings = Pick<NotificationSettings, 'refusalWindowMinutes' | 'refusalMinWrites' | 'refusalMaxPercent'>;

/** One countable row of a window: a record's accepted writes, or one refusal. */
export interface RefusalCountRow {
  tenant: string;
  /** What makes a repeat count once: the record's id for its accepted count; write and content for a refusal. */
  outcomeKey: string;
  windowStart: string;
  writes: number;
  refused: number;
}

/** The start (ISO) of the fixed window an instant falls in; windows are aligned on the epoch so every replica agrees. */
export function windowStartOf(at: string, windowMinutes: number): string | undefined {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) return undefined;
  const windowMs = windowMinutes * 60_000;
  return new Date(Math.floor(ms / windowMs) * windowMs).toISOString();
}

/**
 * The rows one `gradebook.write-outcomes` record adds to its window. A refusal is keyed by write and content, so the
 * same write refused again by a retried batch counts once; the accepted count by the record's id (a retried batch
 * finds its accepted writes already in IC and does not count them again).
 */
export function refusalCountRows(record: GradebookWriteOutcomes, windowMinutes: number): RefusalCountRow[] {
  const windowStart = windowStartOf(record.at, windowMinutes);
  if (!windowStart) return [];
  const rows: RefusalCountRow[] = record.written > 0
    ? [{ tenant: record.tenant, outcomeKey: `written|${record.batchId}`, windowStart, writes: record.written, refused: 0 }]
    : [];
  for (const r of record.refused) {
    rows.push({ tenant: record.tenant, outcomeKey: `refused|${r.kind}|${r.sourcedId}|${r.contentHash}`, windowStart, writes: 1, refused: 1 });
  }
  return rows;
}

/**
 * "Passback refusals above a rate": a window of a tenant with at least `refusalMinWrites` grade writes of which
 * `refusalMaxPercent` or more were refused notifies — keyed by tenant and window, so it is sent once per window
 * however many batches push it over (and a replay derives the same key).
 */
export function refusalRateNotification(
  counts: { tenant: string; windowStart: string; writes: number; refused: number },
  settings: RefusalRateSettings,
  at: Date,
): Notification | undefined {
  const { tenant, windowStart, writes, refused } = counts;
  if (writes < settings.refusalMinWrites || refused * 100 < settings.refusalMaxPercent * writes) return undefined;
  const percent = Math.round((refused / writes) * 100);
  return {
    key: notificationKey('passback-refusals', tenant, windowStart),
    tenant, kind: 'passback-refusals', at: at.toISOString(),
    details: { windowStart, windowMinutes: String(settings.refusalWindowMinutes), writes: String(writes), refused: String(refused) },
    title: `tenant ${tenant}: IC refused ${percent}% of grade writes since ${windowStart}`,
    text: `tenant ${tenant}: ${refused} of ${writes} grade writes were refused by Infinite Campus in the ${settings.refusalWindowMinutes}-minute window from ${windowStart} ` +
      `(threshold ${settings.refusalMaxPercent}%); see the refusals with \`ops passback --tenant ${tenant}\``,
  };
}
