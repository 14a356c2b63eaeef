import type { GradingPeriodWindow } from './ports/class-context';
import { localDateIn } from './zoned-time';

/** Where a moment falls among a school's grading periods, judged on the school's local calendar day. */
export type GradingPeriodMatch =
  | { kind: 'open'; period: GradingPeriodWindow; localDate: string }
  | { kind: 'closed'; period: GradingPeriodWindow; localDate: string }
  | { kind: 'outside'; localDate: string };

/** True when a YYYY-MM-DD day lies in [startDate, endDate) — OneRoster end dates are exclusive. */
export function periodContains(period: GradingPeriodWindow, localDate: string): boolean {
  return period.startDate <= localDate && localDate < period.endDate;
}

/**
 * The grading period of an instant (e.g. a due date) in the school's zone. A due date of 23:59 local on the last
 * day belongs to that period even when it is already the next day in UTC. Open periods win over closed overlaps.
 */
export function gradingPeriodAt(instantIso: string, zone: string, periods: GradingPeriodWindow[]): GradingPeriodMatch {
  const localDate = localDateIn(instantIso, zone);
  const containing = periods
    .filter((p) => periodContains(p, localDate))
    .sort((a, b) => (a.startDate === b.startDate ? a.sourcedId.localeCompare(b.sourcedId) : a.startDate < b.startDate ? -1 : 1));
  const open = containing.find((p) => p.open !== false);
  if (open) return { kind: 'open', period: open, localDate };
  if (containing.length > 0) return { kind: 'closed', period: containing[0], localDate };
  return { kind: 'outside', localDate };
}
