import type { StallReport } from '@rp/messaging';

/** A stall is refreshed every 30 s while it lasts (StallReporter); silent for longer than this, its instance may be gone. */
export const SILENT_AFTER_MS = 90_000;

/** A tenant waiting in one service instance, as `ops` shows it. */
export interface ActiveStall extends Omit<StallReport, 'resumedAt'> {
  /** True when its instance has not refreshed the report for SILENT_AFTER_MS (it may have stopped without saying so). */
  silent: boolean;
}

/** The stalls going on now: the latest report per tenant, stage and instance that has not resumed, oldest first. */
export function activeStalls(reports: StallReport[], now: Date, filter: { tenant?: string; stage?: (stage: string) => boolean } = {}): ActiveStall[] {
  const latest = new Map<string, StallReport>();
  for (const r of reports) {
    const key = `${r.tenant}|${r.stage}|${r.instance}`;
    const known = latest.get(key);
    if (!known || r.at >= known.at) latest.set(key, r);
  }
  return [...latest.values()]
    .filter((r) => !r.resumedAt && (!filter.tenant || r.tenant === filter.tenant) && (!filter.stage || filter.stage(r.stage)))
    .map(({ resumedAt: _resumed, ...r }) => ({ ...r, silent: now.getTime() - Date.parse(r.at) > SILENT_AFTER_MS }))
    .sort((a, b) => a.since.localeCompare(b.since) || a.tenant.localeCompare(b.tenant) || a.stage.localeCompare(b.stage));
}

const duration = (ms: number): string => {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
};

/** One line: "<stage> of tenant <t> stalled since <T> (<how long>): waiting for <cause> — <last error>". */
export function formatStall(s: ActiveStall, now: Date): string {
  const how = `${s.keys} key${s.keys === 1 ? '' : 's'}, ${s.attempts} retries, ${s.instance}`;
  const silent = s.silent ? `; no report since ${s.at} — the instance may have stopped` : '';
  return `${s.stage} of tenant ${s.tenant} stalled since ${s.since} (${duration(now.getTime() - Date.parse(s.since))}): ` +
    `waiting for ${s.cause} (${how}${silent}) — ${s.lastError}`;
}

/** Lines under a heading, or nothing when no stall goes on. */
export function stallSection(stalls: ActiveStall[], now: Date, heading: string): string[] {
  return stalls.length === 0 ? [] : [heading, ...stalls.map((s) => `  ${formatStall(s, now)}`)];
}
