/** Scheduled syncs stopped by an operator (`ops tenants pause T --reason …`) until `ops tenants resume T`. */
export interface SyncPause {
  reason: string;
  /** ISO instant the pause began. */
  since: string;
  by?: string;
}

/** What is wrong with `paused`, as phrases; empty when it is fine (null: not paused). */
export function pauseProblems(raw: unknown): string[] {
  if (raw === null) return [];
  if (typeof raw !== 'object' || Array.isArray(raw)) return ['paused: expected {reason, since, by?} — set it with `ops tenants pause`'];
  const p = raw as Record<string, unknown>;
  const problems = Object.keys(p).filter((k) => !['reason', 'since', 'by'].includes(k)).map((k) => `paused: unknown key ${k}`);
  if (typeof p.reason !== 'string' || p.reason.trim() === '') problems.push('paused.reason: a pause needs a reason');
  if (typeof p.since !== 'string' || Number.isNaN(Date.parse(p.since))) problems.push(`paused.since: ${JSON.stringify(p.since)} is not an instant`);
  if (p.by !== undefined && typeof p.by !== 'string') problems.push('paused.by: must be text');
  return problems;
}

/** One line for people: `since 2026-12-07T16:00:00.000Z by ana: IC upgrade weekend`. */
export function describePause(p: SyncPause): string {
  return `since ${p.since}${p.by ? ` by ${p.by}` : ''}: ${p.reason}`;
}
