import type { StallReport } from '@rp/messaging';
import type { Notification } from './notification';
import { notificationKey } from './notification-keys';

/**
 * A stage stalled beyond `thresholdMs` (`pipeline.stalls`, ADR 0102): reports repeat every 30 s while a stall lasts,
 * so the first one past the threshold notifies, and every later one of the same stall (same instance and `since`)
 * yields the same key. A report that ends the stall (`resumedAt`) notifies nothing.
 */
export function notificationOfStall(report: StallReport, thresholdMs: number): Notification | undefined {
  if (report.resumedAt) return undefined;
  const stalledMs = Date.parse(report.at) - Date.parse(report.since);
  if (!(stalledMs >= thresholdMs)) return undefined;
  const minutes = Math.floor(stalledMs / 60_000);
  return {
    key: notificationKey('stage-stalled', report.tenant, report.stage, report.instance, report.since),
    tenant: report.tenant, kind: 'stage-stalled', at: report.at,
    details: { stage: report.stage, cause: report.cause, since: report.since, instance: report.instance },
    title: `tenant ${report.tenant}: ${report.stage} stalled for ${minutes} min, waiting for ${report.cause}`,
    text: `tenant ${report.tenant}: ${report.stage} (${report.instance}) has been waiting for ${report.cause} since ${report.since} ` +
      `(${report.keys} key(s), ${report.attempts} attempt(s)); last error: ${report.lastError}. It resumes by itself once ${report.cause} answers; ` +
      `see \`ops runs list --tenant ${report.tenant}\``,
  };
}
