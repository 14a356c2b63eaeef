import { minuteOfDay, parseDays } from './time-of-day';

/** Hours in which Infinite Campus asks for serial requests: the extractor's IC concurrency becomes 1. */
export interface PeakHours {
  /** `HH:MM` local start (inclusive) and end (exclusive); may cross midnight. */
  from: string;
  to: string;
  /** Weekdays as `Mon-Fri` (every day when absent). */
  days?: string;
}

/** The OneRoster client's peak-hours form (libs/oneroster PeakHoursSettings): serial requests inside the window. */
export interface SerialPeakHours {
  timeZone: string;
  windows: { days?: number[]; start: string; end: string }[];
  limit: number;
}

/** What is wrong with `peakHours`, as phrases; empty when it is fine. */
export function peakHoursProblems(raw: unknown): string[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return ['peakHours: expected {from: "HH:MM", to: "HH:MM", days?: "Mon-Fri"}'];
  const p = raw as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(p)) if (!['from', 'to', 'days'].includes(key)) problems.push(`peakHours: unknown key ${key}`);
  for (const key of ['from', 'to']) {
    if (typeof p[key] !== 'string' || minuteOfDay(p[key] as string) === undefined) problems.push(`peakHours.${key}: ${JSON.stringify(p[key])} is not a time HH:MM`);
  }
  if (p.days !== undefined && (typeof p.days !== 'string' || !parseDays(p.days))) problems.push(`peakHours.days: ${JSON.stringify(p.days)} is not a list of weekdays like "Mon-Fri"`);
  return problems;
}

/** The tenant's peak hours as the OneRoster client's serial window. */
export function serialPeakHours(peak: PeakHours, timeZone: string): SerialPeakHours {
  const days = peak.days ? parseDays(peak.days) : undefined;
  return { timeZone, windows: [{ ...(days ? { days } : {}), start: peak.from, end: peak.to }], limit: 1 };
}
