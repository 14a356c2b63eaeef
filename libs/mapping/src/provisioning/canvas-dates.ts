import { calendarDateFormatter, wallClockFormatter } from '../time-zone-formats';

/**
 * OneRoster session and enrollment dates are calendar dates in the district's time zone; `startDate` is
 * inclusive and `endDate` is EXCLUSIVE (the first day no longer in the session). Canvas wants instants.
 *
 * Decision: Canvas `start_date` = 00:00:00 local on startDate; Canvas `end_date` = 23:59:59 local on the day
 * BEFORE endDate, i.e. the last included day. Canvas then shows the real last day to admins and teachers, and
 * access closes one second before the OneRoster end instant. Offsets are written explicitly (±HH:MM).
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDate(date: string): { y: number; m: number; d: number } {
  const match = DATE.exec(date);
  if (!match) throw new RangeError(`"${date}" is not a calendar date (YYYY-MM-DD)`);
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
}

/** Offset of the zone from UTC, in minutes, at the given instant. */
function offsetMinutes(epochMs: number, timeZone: string): number {
  const parts = wallClockFormatter(timeZone).formatToParts(new Date(epochMs));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wallAsUtc = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return Math.round((wallAsUtc - Math.floor(epochMs / 1000) * 1000) / 60000);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** ISO 8601 instant for a local wall-clock time in the zone, written with that zone's offset. */
export function zonedIso(date: string, time: string, timeZone: string): string {
  const { y, m, d } = parseDate(date);
  const [hh, mm, ss] = time.split(':').map(Number);
  const wallAsUtc = Date.UTC(y, m - 1, d, hh, mm, ss);
  // Two passes settle the offset across a DST change between the guess and the real instant.
  let offset = offsetMinutes(wallAsUtc, timeZone);
  offset = offsetMinutes(wallAsUtc - offset * 60000, timeZone);
  return `${date}T${time}${formatOffset(offset)}`;
}

/** The calendar date one day before `date`. */
export function dayBeforeDate(date: string): string {
  const { y, m, d } = parseDate(date);
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

/** Canvas start_date for an inclusive OneRoster start date: midnight local. */
export function canvasStartDate(startDate: string, timeZone: string): string {
  return zonedIso(startDate, '00:00:00', timeZone);
}

/** Canvas end_date for an EXCLUSIVE OneRoster end date: the last second of the previous local day. */
export function canvasEndDate(exclusiveEndDate: string, timeZone: string): string {
  return zonedIso(dayBeforeDate(exclusiveEndDate), '23:59:59', timeZone);
}

/** The last answer of `localCalendarDate`: a batch asks for the same `now` and zone once per enrollment. */
let lastCalendarDate: { ms: number; timeZone: string; date: string } | undefined;

/** The local calendar date of an instant in the zone. */
export function localCalendarDate(instant: Date, timeZone: string): string {
  const ms = instant.getTime();
  if (lastCalendarDate && lastCalendarDate.ms === ms && lastCalendarDate.timeZone === timeZone) return lastCalendarDate.date;
  const parts = calendarDateFormatter(timeZone).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value;
  const date = `${part('year')}-${part('month')}-${part('day')}`;
  lastCalendarDate = { ms, timeZone, date };
  return date;
}

/** True once the local date at `now` has reached the EXCLUSIVE end date. */
export function hasEnded(exclusiveEndDate: string | undefined, now: Date, timeZone: string): boolean {
  return exclusiveEndDate !== undefined && localCalendarDate(now, timeZone) >= exclusiveEndDate;
}
