import { addDays, instantOf, localTimeAt } from '@rp/config';
import type { LoadResult, SyncRunEvent } from '@rp/messaging';
import type { Notification } from './notification';
import { notificationKey } from './notification-keys';

/** What the daily summary counts. */
export type FactKind = 'run-completed' | 'run-failed' | 'plan-held';

/** One countable fact of a tenant's day; `key` makes a replayed record count once. */
export interface DayFact {
  key: string;
  tenant: string;
  /** UTC day, YYYY-MM-DD (what retention purges by). */
  day: string;
  /** When it happened (ISO 8601): the summary counts it on the tenant's local day. */
  at: string;
  kind: FactKind;
  /** The run or plan id. */
  ref: string;
}

/** A run that the loader finished (the end of the pipeline), a run that failed at any stage, a held plan. */
export function factOf(event: SyncRunEvent | LoadResult, fromSyncRuns: boolean): DayFact | undefined {
  if (fromSyncRuns) {
    const run = event as SyncRunEvent;
    if (run.phase === 'finished' && run.stage === 'loader') return fact(run.tenant, run.at, 'run-completed', run.runId);
    if (run.phase === 'failed') return fact(run.tenant, run.at, 'run-failed', run.runId);
    return undefined;
  }
  const result = event as LoadResult;
  return result.outcome === 'held' && result.planId ? fact(result.tenant, result.at, 'plan-held', result.planId) : undefined;
}

function fact(tenant: string, at: string, kind: FactKind, ref: string): DayFact | undefined {
  const time = new Date(at);
  if (Number.isNaN(time.getTime())) return undefined;
  return { key: `${kind}|${tenant}|${ref}`, tenant, day: time.toISOString().slice(0, 10), at: time.toISOString(), kind, ref };
}

/**
 * The local day whose summary is due at `now` in `timeZone`: yesterday there, once the wall clock there passed `hour`;
 * undefined before that hour.
 */
export function summaryDayDue(now: Date, hour: number, timeZone: string): string | undefined {
  const local = localTimeAt(now.getTime(), timeZone);
  if (local.minute < hour * 60) return undefined;
  return addDays(local.date, -1);
}

/** The instants a local day spans in `timeZone` (23 or 25 hours on the days clocks change): [from, to). */
export function localDayBounds(day: string, timeZone: string): { from: Date; to: Date } {
  return { from: new Date(instantOf(day, 0, timeZone)), to: new Date(instantOf(addDays(day, 1), 0, timeZone)) };
}

/** The daily summary of one tenant: runs completed and failed, plans held (with ids), one notification per day. */
export function dailySummary(tenant: string, day: string, facts: { kind: FactKind; ref: string }[], at: Date, timeZone = 'UTC'): Notification {
  const of = (kind: FactKind) => [...new Set(facts.filter((f) => f.kind === kind).map((f) => f.ref))];
  const completed = of('run-completed');
  const failed = of('run-failed');
  const held = of('plan-held');
  const parts = [
    `${completed.length} run(s) completed`,
    `${failed.length} failed${failed.length ? ` (${failed.slice(0, 5).join(', ')}${failed.length > 5 ? ', …' : ''})` : ''}`,
    `${held.length} plan(s) held${held.length ? ` (${held.slice(0, 5).join(', ')}${held.length > 5 ? ', …' : ''})` : ''}`,
  ];
  const attention = failed.length || held.length
    ? `; see \`ops runs list --tenant ${tenant}\`${held.length ? ' and `ops plans list --status held`' : ''}`
    : '';
  return {
    key: notificationKey('daily-summary', tenant, day),
    tenant, kind: 'daily-summary', at: at.toISOString(),
    details: { day, timeZone, completed: String(completed.length), failed: String(failed.length), held: String(held.length) },
    title: `tenant ${tenant}: ${day} — ${parts.join(', ')}`,
    text: `tenant ${tenant} on ${day} (${timeZone}): ${parts.join(', ')}${attention}`,
  };
}
