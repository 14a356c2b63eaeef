import { blackoutAt, describeBlackout, describePause, resolveSchedule, type SyncPause } from '@rp/config';
import type { TenantSummary } from '@rp/persistence';
import { UserError } from '../ops-errors';

/** What the schedule does now, for `tenants show`: the pause with its reason, the blackout in force. */
export function scheduleStatus(t: TenantSummary, now: Date): { paused?: string; blackout?: string; problem?: string } {
  try {
    const schedule = resolveSchedule(t.id, t.schedule);
    const blackout = blackoutAt(now.getTime(), schedule.blackouts, schedule.timeZone);
    return {
      ...(schedule.paused ? { paused: `${describePause(schedule.paused)}; resume with \`ops tenants resume ${t.id}\`` } : {}),
      ...(blackout ? { blackout: describeBlackout(blackout) } : {}),
    };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

/** The schedule patch of `tenants pause`: a reason is required, so whoever looks later knows why nothing runs. */
export function pausePatch(tenant: string, reason: string | undefined, by: string, now: Date): { paused: SyncPause } {
  if (!reason?.trim()) throw new UserError(`tenants pause ${tenant}: say why with --reason "…" (shown by \`ops tenants show ${tenant}\`)`);
  return { paused: { reason: reason.trim(), since: now.toISOString(), by } };
}

/** The schedule patch of `tenants resume` (the repository merges the schedule shallowly: null clears the pause). */
export function resumePatch(t: TenantSummary): { paused: null } {
  if (!t.schedule.paused) throw new UserError(`tenant ${t.id} is not paused; nothing to resume`);
  return { paused: null };
}
