import type { RunKind } from '@rp/persistence';

/** A tenant's sync cadence (tenant `schedule` JSON); every field has a safe default. */
export interface SyncSchedule {
  deltaIntervalSeconds: number;
  fullIntervalSeconds: number;
  /** A delta asks for records modified after `watermark − overlap`, because `>` is strict and clocks drift. */
  deltaOverlapSeconds: number;
}

export const DEFAULT_SCHEDULE: SyncSchedule = {
  deltaIntervalSeconds: 300,
  fullIntervalSeconds: 7 * 24 * 3600,
  deltaOverlapSeconds: 120,
};

/** Reads the tenant's schedule; a bad value throws a message naming the tenant, the field and the fix. */
export function resolveSchedule(tenant: string, raw: Record<string, unknown> = {}): SyncSchedule {
  const schedule = { ...DEFAULT_SCHEDULE };
  const problems: string[] = [];
  for (const key of Object.keys(DEFAULT_SCHEDULE) as (keyof SyncSchedule)[]) {
    if (raw[key] === undefined) continue;
    const value = Number(raw[key]);
    if (!Number.isFinite(value) || value < (key === 'deltaOverlapSeconds' ? 0 : 10)) {
      problems.push(`${key}: ${JSON.stringify(raw[key])} is not a number of seconds${key === 'deltaOverlapSeconds' ? '' : ' ≥ 10'}`);
    } else {
      schedule[key] = value;
    }
  }
  if (problems.length > 0) {
    throw new Error(`tenant ${tenant}: invalid schedule (${problems.join('; ')}); fix it with \`ops tenants update ${tenant} --schedule …\``);
  }
  return schedule;
}

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
