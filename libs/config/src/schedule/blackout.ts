import { localTimeAt } from './zoned-time';

/**
 * What a blackout stops: `holdDestructive` — runs go on, but the loader holds every destructive change (drops,
 * deletions) in a plan as the safety gate does; `noRuns` — no scheduled run starts at all.
 */
export const BLACKOUT_MODES = ['holdDestructive', 'noRuns'] as const;
export type BlackoutMode = (typeof BLACKOUT_MODES)[number];

/** A blackout date range, both ends inclusive local dates in the schedule's time zone. */
export interface Blackout {
  from: string;
  to: string;
  mode: BlackoutMode;
  reason?: string;
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** What is wrong with one `blackouts[]` entry, as phrases; empty when it is fine. */
export function blackoutProblems(index: number, raw: unknown): string[] {
  const at = `blackouts[${index}]`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return [`${at}: expected {from, to, mode, reason?}`];
  const b = raw as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(b)) if (!['from', 'to', 'mode', 'reason'].includes(key)) problems.push(`${at}: unknown key ${key}`);
  for (const key of ['from', 'to']) {
    if (typeof b[key] !== 'string' || !DATE.test(b[key] as string)) problems.push(`${at}.${key}: ${JSON.stringify(b[key])} is not a date YYYY-MM-DD`);
  }
  if (problems.length === 0 && (b.from as string) > (b.to as string)) problems.push(`${at}: from ${b.from as string} is after to ${b.to as string}`);
  if (!BLACKOUT_MODES.includes(b.mode as BlackoutMode)) problems.push(`${at}.mode: ${JSON.stringify(b.mode)} is not one of ${BLACKOUT_MODES.join(', ')}`);
  if (b.reason !== undefined && typeof b.reason !== 'string') problems.push(`${at}.reason: must be text`);
  return problems;
}

/** The blackout in force at an instant (the local date in `timeZone` within its range), `noRuns` first; else undefined. */
export function blackoutAt(nowMs: number, blackouts: readonly Blackout[], timeZone: string): Blackout | undefined {
  const today = localTimeAt(nowMs, timeZone).date;
  const inForce = blackouts.filter((b) => b.from <= today && today <= b.to);
  return inForce.find((b) => b.mode === 'noRuns') ?? inForce[0];
}

/** One line for people: `2026-12-21..2027-01-03 (noRuns: winter break)`. */
export function describeBlackout(b: Blackout): string {
  return `${b.from}..${b.to} (${b.mode}${b.reason ? `: ${b.reason}` : ''})`;
}
