import { blackoutAt, describeBlackout, resolveSchedule } from '@rp/config';
import { isDestructive } from './destructive-change';
import type { LoaderRow } from './loader-row';

export interface BlackoutHold<R extends LoaderRow> {
  proceed: R[];
  /** The destructive rows an operator has not approved, when a `holdDestructive` blackout is in force; else empty. */
  held: R[];
  /** The blackout, for the plan and the message (`2026-12-21..2027-01-03 (holdDestructive: exams)`). */
  blackout?: string;
}

/**
 * During a tenant's `holdDestructive` blackout no drop or deletion reaches Canvas: every unapproved destructive row
 * is held in a plan, as the safety gate holds a mass drop; creates and updates go on. After the blackout's last
 * local day nothing more is held; the held plan waits for an operator (IC may have changed meanwhile).
 */
export function holdDestructiveDuringBlackout<R extends LoaderRow>(
  tenant: string, rows: readonly R[], schedule: Record<string, unknown>, now: Date,
): BlackoutHold<R> {
  const resolved = resolveSchedule(tenant, schedule);
  const blackout = blackoutAt(now.getTime(), resolved.blackouts, resolved.timeZone);
  if (blackout?.mode !== 'holdDestructive') return { proceed: [...rows], held: [] };
  const held = rows.filter((row) => !row.approved && isDestructive(row));
  if (held.length === 0) return { proceed: [...rows], held: [] };
  const heldSet = new Set(held);
  return { proceed: rows.filter((row) => !heldSet.has(row)), held, blackout: describeBlackout(blackout) };
}
