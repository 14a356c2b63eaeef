import { isDestructive } from './destructive-change';
import { keyOf, LoaderRow } from './loader-row';
import { SafetyThresholds, thresholdFor } from './safety-thresholds';

export interface GateGroup {
  canvasType: string;
  school: string | null;
  /** Destructive rows of entities currently applied (active) in Canvas, plus `earlierInRun`. */
  destructive: number;
  /** Entities of that type and school before the run: active ones plus `earlierInRun`. */
  applied: number;
  /** Of `destructive`, those the same sync run's earlier batches already applied (not approved by an operator). */
  earlierInRun: number;
}

export interface ExceededGroup extends GateGroup {
  limit: string;
}

export interface GateDecision<R extends LoaderRow> {
  proceed: R[];
  /** Every destructive row of the batch when any group went over its threshold; else empty. */
  held: R[];
  counts: GateGroup[];
  exceeded: ExceededGroup[];
}

const groupKey = (canvasType: string, school: string | null) => `${canvasType}|${school ?? ''}`;

/**
 * The rows the gate counts: unapproved destructive rows of entities currently applied (active) in Canvas. Without
 * any, no threshold can be exceeded and the tenant's applied counts are not needed.
 */
export function gatedRows<R extends LoaderRow>(rows: readonly R[], isActiveApplied: (key: string) => boolean): R[] {
  return rows.filter((row) => !row.approved && isDestructive(row) && isActiveApplied(keyOf(row)));
}

/**
 * The safety gate: counts destructive rows of applied entities per type and school, compares each group with
 * the tenant's threshold (a fraction of that school's applied entities of the type, with a minimum count), and
 * when any group is over, holds every destructive row of the batch so a truncated extract cannot empty a school.
 * A sync run's deletions already applied by its earlier batches count too, against the school as it was before
 * the run. Rows an operator already approved pass untouched.
 */
export function holdPlanWhenThresholdExceeded<R extends LoaderRow>(
  rows: readonly R[],
  input: {
    isActiveApplied: (key: string) => boolean;
    appliedCounts: readonly { canvasType: string; school: string | null; count: number }[];
    /** What the batch's sync runs deleted in earlier batches (a run larger than one batch is judged as a whole). */
    runDeletedCounts?: readonly { canvasType: string; school: string | null; count: number }[];
    thresholds: SafetyThresholds;
  },
): GateDecision<R> {
  const applied = new Map(input.appliedCounts.map((c) => [groupKey(c.canvasType, c.school), c.count]));
  const earlier = new Map((input.runDeletedCounts ?? []).map((c) => [groupKey(c.canvasType, c.school), c.count]));
  const groups = new Map<string, GateGroup>();
  const gated = rows.filter((row) => !row.approved && isDestructive(row));
  for (const row of gated) {
    if (!input.isActiveApplied(keyOf(row))) continue;
    const key = groupKey(row.canvasType, row.school);
    const earlierInRun = earlier.get(key) ?? 0;
    const group = groups.get(key) ?? { canvasType: row.canvasType, school: row.school, destructive: earlierInRun, applied: (applied.get(key) ?? 0) + earlierInRun, earlierInRun };
    group.destructive += 1;
    groups.set(key, group);
  }
  const counts = [...groups.values()].sort((a, b) => groupKey(a.canvasType, a.school).localeCompare(groupKey(b.canvasType, b.school)));
  const exceeded: ExceededGroup[] = [];
  for (const group of counts) {
    const { maxDeleteFraction, minDeleteCount } = thresholdFor(input.thresholds, group.canvasType);
    if (group.destructive >= minDeleteCount && group.destructive > maxDeleteFraction * group.applied) {
      exceeded.push({ ...group, limit: `${Math.round(maxDeleteFraction * 1000) / 10}% of ${group.applied} (minimum ${minDeleteCount})` });
    }
  }
  if (exceeded.length === 0) return { proceed: [...rows], held: [], counts, exceeded };
  const held = new Set(gated);
  return { proceed: rows.filter((row) => !held.has(row)), held: gated, counts, exceeded };
}
