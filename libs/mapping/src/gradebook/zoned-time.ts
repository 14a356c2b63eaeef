import { wallClockFormatter } from '../time-zone-formats';

function wallClock(instant: Date, zone: string): Record<string, number> {
  const parts: Record<string, number> = {};
  for (const part of wallClockFormatter(zone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return parts;
}

/** Parses an ISO 8601 instant; throws a clear error for anything else. */
export function parseInstant(iso: string): Date {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) throw new RangeError(`'${iso}' is not an ISO 8601 date-time`);
  return instant;
}

/** Local dates already computed, by zone and instant; cleared when full (a bound, not an eviction policy). */
const localDates = new Map<string, string>();
const LOCAL_DATES_KEPT = 10_000;

/**
 * The calendar date (YYYY-MM-DD) an instant falls on in an IANA zone. Remembered: the gradebook asks it for the same
 * due dates and event times on every grade of an assignment, and `formatToParts` is the costly part.
 */
export function localDateIn(iso: string, zone: string): string {
  const key = `${zone}|${iso}`;
  const known = localDates.get(key);
  if (known !== undefined) return known;
  const p = wallClock(parseInstant(iso), zone);
  const date = `${String(p.year).padStart(4, '0')}-${pad(p.month)}-${pad(p.day)}`;
  if (localDates.size >= LOCAL_DATES_KEPT) localDates.clear();
  localDates.set(key, date);
  return date;
}

/** The UTC instant (ISO) of a wall-clock time on a calendar date in an IANA zone, e.g. noon local. */
export function zonedTimeToUtc(date: string, hour: number, zone: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const guess = Date.UTC(y, m - 1, d, hour);
  // Offset of the zone at (about) that instant; two passes settle the rare case of a DST change in between.
  let instant = guess;
  for (let pass = 0; pass < 2; pass += 1) {
    const p = wallClock(new Date(instant), zone);
    const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    instant = guess - (asUtc - instant);
  }
  return new Date(instant).toISOString();
}

/** The calendar date before a YYYY-MM-DD date (turns an exclusive end date into the last day). */
export function previousDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
