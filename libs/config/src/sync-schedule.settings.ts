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

/**
 * The smallest value of each field. Intervals below 10 s are refused: the extractor's schedule ticks every few
 * seconds and Infinite Campus limits requests, so a shorter interval would not run more often, only hide mistakes.
 */
export const SCHEDULE_MINIMUM_SECONDS: Readonly<SyncSchedule> = {
  deltaIntervalSeconds: 10,
  fullIntervalSeconds: 10,
  deltaOverlapSeconds: 0,
};

/** What is wrong with a schedule JSON, one phrase per field (unknown keys included); empty when it is fine. */
export function scheduleProblems(raw: Record<string, unknown>): string[] {
  const keys = Object.keys(DEFAULT_SCHEDULE) as (keyof SyncSchedule)[];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (!(keys as string[]).includes(key)) {
      problems.push(`unknown key ${key} (allowed: ${keys.join(', ')})`);
      continue;
    }
    const min = SCHEDULE_MINIMUM_SECONDS[key as keyof SyncSchedule];
    const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
    if (!Number.isInteger(n) || n < min) problems.push(`${key}: ${JSON.stringify(value)} is not a whole number of seconds ≥ ${min}`);
  }
  return problems;
}

/** Reads the tenant's schedule over the defaults; a bad value throws a message naming the tenant, the field and the fix. */
export function resolveSchedule(tenant: string, raw: Record<string, unknown> = {}): SyncSchedule {
  const problems = scheduleProblems(raw);
  if (problems.length > 0) {
    throw new Error(`tenant ${tenant}: invalid schedule (${problems.join('; ')}); fix it with \`ops tenants update ${tenant} --schedule …\``);
  }
  const schedule = { ...DEFAULT_SCHEDULE };
  for (const key of Object.keys(DEFAULT_SCHEDULE) as (keyof SyncSchedule)[]) {
    if (raw[key] !== undefined) schedule[key] = Number(raw[key]);
  }
  return schedule;
}
