import { Blackout, blackoutProblems } from './schedule/blackout';
import { PeakHours, peakHoursProblems } from './schedule/peak-hours';
import { pauseProblems, SyncPause } from './schedule/sync-pause';
import { parseTimeOfDay, TimeOfDay } from './schedule/time-of-day';
import { isTimeZone } from './schedule/zoned-time';

/** A tenant's sync cadence (tenant `schedule` JSON); every field has a safe default. */
export interface SyncSchedule {
  deltaIntervalSeconds: number;
  fullIntervalSeconds: number;
  /** A delta asks for records modified after `watermark − overlap`, because `>` is strict and clocks drift. */
  deltaOverlapSeconds: number;
  /** The district's IANA time zone: times of day, blackout dates and peak hours are read in it. */
  timeZone: string;
  /** Full runs at these local times (cron-like, e.g. `Sun 02:00`) instead of every `fullIntervalSeconds`. */
  fullAt: TimeOfDay[];
  /** Delta runs at these local times instead of every `deltaIntervalSeconds`. */
  deltaAt: TimeOfDay[];
  blackouts: Blackout[];
  peakHours?: PeakHours;
  /** Set while an operator paused the tenant's scheduled syncs. */
  paused?: SyncPause;
}

export const DEFAULT_SCHEDULE: SyncSchedule = {
  deltaIntervalSeconds: 300,
  fullIntervalSeconds: 7 * 24 * 3600,
  deltaOverlapSeconds: 120,
  timeZone: 'UTC',
  fullAt: [],
  deltaAt: [],
  blackouts: [],
};

type SecondsKey = 'deltaIntervalSeconds' | 'fullIntervalSeconds' | 'deltaOverlapSeconds';

/**
 * The smallest value of each field. Intervals below 10 s are refused: the extractor's schedule ticks every few
 * seconds and Infinite Campus limits requests, so a shorter interval would not run more often, only hide mistakes.
 */
export const SCHEDULE_MINIMUM_SECONDS: Readonly<Record<SecondsKey, number>> = {
  deltaIntervalSeconds: 10,
  fullIntervalSeconds: 10,
  deltaOverlapSeconds: 0,
};

const SCHEDULE_KEYS = [...Object.keys(SCHEDULE_MINIMUM_SECONDS), 'timeZone', 'fullAt', 'deltaAt', 'blackouts', 'peakHours', 'paused'];

function secondsProblem(key: SecondsKey, value: unknown): string | undefined {
  const min = SCHEDULE_MINIMUM_SECONDS[key];
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return !Number.isInteger(n) || n < min ? `${key}: ${JSON.stringify(value)} is not a whole number of seconds ≥ ${min}` : undefined;
}

function timesProblems(key: string, value: unknown): string[] {
  if (!Array.isArray(value)) return [`${key}: expected a list of times like ["Mon-Fri 06:30", "12:00"]`];
  return value
    .filter((t) => typeof t !== 'string' || !parseTimeOfDay(t))
    .map((t) => `${key}: ${JSON.stringify(t)} is not a time of day ("HH:MM" or "Mon-Fri HH:MM", 24-hour)`);
}

/** What is wrong with a schedule JSON, one phrase per problem (unknown keys included); empty when it is fine. */
export function scheduleProblems(raw: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (!SCHEDULE_KEYS.includes(key)) {
      problems.push(`unknown key ${key} (allowed: ${SCHEDULE_KEYS.join(', ')})`);
    } else if (key in SCHEDULE_MINIMUM_SECONDS) {
      const problem = secondsProblem(key as SecondsKey, value);
      if (problem) problems.push(problem);
    } else if (key === 'timeZone') {
      if (typeof value !== 'string' || !isTimeZone(value)) problems.push(`timeZone: ${JSON.stringify(value)} is not an IANA time zone (e.g. America/Chicago)`);
    } else if (key === 'fullAt' || key === 'deltaAt') {
      problems.push(...timesProblems(key, value));
    } else if (key === 'blackouts') {
      if (!Array.isArray(value)) problems.push('blackouts: expected a list of {from, to, mode, reason?}');
      else value.forEach((b, i) => problems.push(...blackoutProblems(i, b)));
    } else if (key === 'peakHours' && value !== null) {
      problems.push(...peakHoursProblems(value));
    } else if (key === 'paused') {
      problems.push(...pauseProblems(value));
    }
  }
  return problems;
}

/** Reads the tenant's schedule over the defaults; a bad value throws a message naming the tenant, the field and the fix. */
export function resolveSchedule(tenant: string, raw: Record<string, unknown> = {}): SyncSchedule {
  const problems = scheduleProblems(raw);
  if (problems.length > 0) {
    throw new Error(`tenant ${tenant}: invalid schedule (${problems.join('; ')}); fix it with \`ops tenants update ${tenant} --schedule …\``);
  }
  const schedule: SyncSchedule = { ...DEFAULT_SCHEDULE };
  for (const key of Object.keys(SCHEDULE_MINIMUM_SECONDS) as SecondsKey[]) {
    if (raw[key] !== undefined) schedule[key] = Number(raw[key]);
  }
  if (raw.timeZone !== undefined) schedule.timeZone = raw.timeZone as string;
  if (raw.fullAt !== undefined) schedule.fullAt = (raw.fullAt as string[]).map((t) => parseTimeOfDay(t)!);
  if (raw.deltaAt !== undefined) schedule.deltaAt = (raw.deltaAt as string[]).map((t) => parseTimeOfDay(t)!);
  if (raw.blackouts !== undefined) schedule.blackouts = raw.blackouts as Blackout[];
  if (raw.peakHours) schedule.peakHours = raw.peakHours as PeakHours;
  if (raw.paused) schedule.paused = raw.paused as SyncPause;
  return schedule;
}
