/**
 * Cached Intl formatters per IANA zone. Building an Intl.DateTimeFormat costs far more than using one, and
 * the mapping formats dates for every enrollment and grade, so each zone's formatter is built once.
 */
const wallClock = new Map<string, Intl.DateTimeFormat>();
const calendarDate = new Map<string, Intl.DateTimeFormat>();

/** Formats an instant as the zone's wall clock (24 h, all fields two digits, year numeric). */
export function wallClockFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = wallClock.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallClock.set(timeZone, formatter);
  }
  return formatter;
}

/** Formats an instant as the zone's calendar date parts (en-CA: year, month, day). */
export function calendarDateFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = calendarDate.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    calendarDate.set(timeZone, formatter);
  }
  return formatter;
}
