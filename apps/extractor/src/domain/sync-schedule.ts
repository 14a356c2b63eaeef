import type { SyncSchedule } from '@rp/config';
import type { RunKind } from '@rp/persistence';

// The schedule's settings are read in one place (ops validates with the same rule the extractor applies).
export { DEFAULT_SCHEDULE, resolveSchedule } from '@rp/config';
export type { SyncSchedule } from '@rp/config';

export interface RunHistory {
  lastFullFinished?: Date;
  lastEnded?: Date;
  /** When a run of the tenant last failed: the schedule waits a delta interval before trying again. */
  lastFailed?: Date;
  hasWatermark: boolean;
}

/**
 * Which run the schedule wants now: a full one first and then weekly, deltas in between; null when none is due.
 * After a failure it waits a delta interval, so a tenant with broken credentials is not retried every tick.
 */
export function dueRun(now: Date, schedule: SyncSchedule, history: RunHistory): RunKind | null {
  if (history.lastFailed && now.getTime() - history.lastFailed.getTime() < schedule.deltaIntervalSeconds * 1000) return null;
  if (!history.lastFullFinished || !history.hasWatermark) return 'full';
  if (now.getTime() - history.lastFullFinished.getTime() >= schedule.fullIntervalSeconds * 1000) return 'full';
  const lastEnded = history.lastEnded ?? history.lastFullFinished;
  if (now.getTime() - lastEnded.getTime() >= schedule.deltaIntervalSeconds * 1000) return 'delta';
  return null;
}

/** The delta window's lower bound. */
export function deltaSince(watermark: Date, schedule: SyncSchedule): Date {
  return new Date(watermark.getTime() - schedule.deltaOverlapSeconds * 1000);
}
