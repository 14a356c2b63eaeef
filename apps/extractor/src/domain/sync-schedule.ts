import { blackoutAt, latestFiring, type SyncSchedule, type TimeOfDay } from '@rp/config';
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
 * Which run the schedule wants now: a full one first and then weekly (or at the tenant's `fullAt` local times),
 * deltas in between (every interval, or at the `deltaAt` times); null when none is due or a `noRuns` blackout is in
 * force or an operator paused the tenant's syncs. After a failure it waits a delta interval, so a tenant with broken credentials is not retried every tick.
 */
export function dueRun(now: Date, schedule: SyncSchedule, history: RunHistory): RunKind | null {
  if (schedule.paused) return null;
  if (blackoutAt(now.getTime(), schedule.blackouts, schedule.timeZone)?.mode === 'noRuns') return null;
  if (history.lastFailed && now.getTime() - history.lastFailed.getTime() < schedule.deltaIntervalSeconds * 1000) return null;
  if (!history.lastFullFinished || !history.hasWatermark) return 'full';
  if (isDue(now, schedule.fullAt, schedule.fullIntervalSeconds, schedule.timeZone, history.lastFullFinished)) return 'full';
  const lastEnded = history.lastEnded ?? history.lastFullFinished;
  if (isDue(now, schedule.deltaAt, schedule.deltaIntervalSeconds, schedule.timeZone, lastEnded)) return 'delta';
  return null;
}

/** Due when a time of day fired since `last` (when times are set), else when the interval has passed since it. */
function isDue(now: Date, times: readonly TimeOfDay[], intervalSeconds: number, timeZone: string, last: Date): boolean {
  if (times.length > 0) return (latestFiring(now.getTime(), times, timeZone)?.getTime() ?? 0) > last.getTime();
  return now.getTime() - last.getTime() >= intervalSeconds * 1000;
}

/** The delta window's lower bound. */
export function deltaSince(watermark: Date, schedule: SyncSchedule): Date {
  return new Date(watermark.getTime() - schedule.deltaOverlapSeconds * 1000);
}
