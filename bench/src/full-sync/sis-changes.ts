import type { District } from '@rp/fixtures';

/** Stable pick of every n-th record so each run of the benchmark changes the same ones. */
export function everyNth<T>(items: readonly T[], percent: number): T[] {
  const step = Math.max(1, Math.round(100 / percent));
  return items.filter((_, i) => i % step === step - 1);
}

/** YYYY-MM-DD one calendar day later. */
export function nextDay(date: string): string {
  const d = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Students whose rename shows in Canvas: active, enabled, without a preferred first name (Canvas shows that one). */
export function renameCandidates(district: Pick<District, 'users'>, count: number): string[] {
  return district.users
    .filter((u) => u.status === 'active' && u.enabledUser && u.roles[0]?.role === 'student' && !u.preferredFirstName)
    .slice(0, count)
    .map((u) => u.sourcedId);
}

/** One SIS update: kind, sourcedId and the fields it changes. */
export interface SisChange { kind: 'users' | 'classes' | 'enrollments'; sourcedId: string; patch: Record<string, string> }

/**
 * The delta-cost changes: `percent` % of the active users (given name + "x"), classes (title + " (changed)") and
 * enrollments with an end date (a day later, which Canvas shows as the enrollment's end).
 */
export function deltaCostChanges(district: Pick<District, 'users' | 'classes' | 'enrollments'>, percent: number): SisChange[] {
  return [
    ...everyNth(district.users.filter((u) => u.status === 'active'), percent)
      .map((u): SisChange => ({ kind: 'users', sourcedId: u.sourcedId, patch: { givenName: `${u.givenName}x` } })),
    ...everyNth(district.classes.filter((c) => c.status === 'active'), percent)
      .map((c): SisChange => ({ kind: 'classes', sourcedId: c.sourcedId, patch: { title: `${c.title} (changed)` } })),
    ...everyNth(district.enrollments.filter((e) => e.status === 'active' && e.endDate), percent)
      .map((e): SisChange => ({ kind: 'enrollments', sourcedId: e.sourcedId, patch: { endDate: nextDay(e.endDate!) } })),
  ];
}
