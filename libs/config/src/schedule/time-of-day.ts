import { addDays, instantOf, localTimeAt } from './zoned-time';

/** When a scheduled run fires: a local time of day, on some weekdays (all when absent). */
export interface TimeOfDay {
  /** 0 = Sunday … 6 = Saturday */
  days?: number[];
  /** Minutes since local midnight. */
  minute: number;
}

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** `HH:MM` → minutes since midnight; undefined when it is not a 24-hour time. */
export function minuteOfDay(hhmm: string): number | undefined {
  const match = HHMM.exec(hhmm.trim());
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/** `Mon-Fri`, `Sat,Sun`, `Mon` → weekday numbers; undefined when a name is unknown. */
export function parseDays(text: string): number[] | undefined {
  const days = new Set<number>();
  for (const part of text.toLowerCase().split(',')) {
    const [from, to] = part.trim().split('-').map((d) => DAY_NAMES.indexOf(d.trim().slice(0, 3)));
    if (from < 0 || (to !== undefined && to < 0)) return undefined;
    for (let d = from; ; d = (d + 1) % 7) {
      days.add(d);
      if (to === undefined || d === to) break;
    }
  }
  return [...days].sort();
}

/**
 * A cron-like time of day: `"06:30"` (every day), `"Mon-Fri 06:30"`, `"Sat,Sun 02:00"`; undefined when malformed.
 */
export function parseTimeOfDay(text: string): TimeOfDay | undefined {
  const parts = text.trim().split(/\s+/);
  if (parts.length > 2) return undefined;
  const minute = minuteOfDay(parts[parts.length - 1]);
  if (minute === undefined) return undefined;
  if (parts.length === 1) return { minute };
  const days = parseDays(parts[0]);
  return days ? { days, minute } : undefined;
}

/**
 * The latest instant at or before `nowMs` at which one of `times` fired in `timeZone` (looking back a week), or
 * undefined when none did. A run is due when this is later than the last run of its kind.
 */
export function latestFiring(nowMs: number, times: readonly TimeOfDay[], timeZone: string): Date | undefined {
  const today = localTimeAt(nowMs, timeZone).date;
  let latest: number | undefined;
  for (let back = 0; back <= 7 && latest === undefined; back++) {
    const date = addDays(today, -back);
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    for (const time of times) {
      if (time.days && !time.days.includes(weekday)) continue;
      const at = instantOf(date, time.minute, timeZone);
      if (at <= nowMs && (latest === undefined || at > latest)) latest = at;
    }
  }
  return latest === undefined ? undefined : new Date(latest);
}
