/** A wall-clock reading in a time zone. */
export interface LocalTime {
  /** `YYYY-MM-DD` */
  date: string;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
  /** Minutes since local midnight. */
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function partsOf(instantMs: number, timeZone: string): Record<string, string> {
  return Object.fromEntries(formatter(timeZone).formatToParts(new Date(instantMs)).map((p) => [p.type, p.value]));
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock in `timeZone` at an instant. */
export function localTimeAt(instantMs: number, timeZone: string): LocalTime {
  const p = partsOf(instantMs, timeZone);
  return { date: `${p.year}-${p.month}-${p.day}`, weekday: WEEKDAYS.indexOf(p.weekday), minute: Number(p.hour) * 60 + Number(p.minute) };
}

/** How far `timeZone` is ahead of UTC at an instant, in ms. */
function offsetAt(instantMs: number, timeZone: string): number {
  const p = partsOf(instantMs, timeZone);
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return wall - Math.floor(instantMs / 1000) * 1000;
}

/**
 * The instant a local date and minute of day happen in `timeZone`. On the day clocks go back, a time that happens
 * twice is its first occurrence; on the day they go forward, a time that never happens (02:30 in the gap) is read
 * with the offset before the change, i.e. the same distance after the gap (03:30) — a run is late, never skipped.
 */
export function instantOf(date: string, minute: number, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d, Math.floor(minute / 60), minute % 60);
  const before = wall - offsetAt(wall - 12 * 3600_000, timeZone);
  const after = wall - offsetAt(wall + 12 * 3600_000, timeZone);
  const happens = (t: number) => { const l = localTimeAt(t, timeZone); return l.date === date && l.minute === minute; };
  const valid = [before, after].filter(happens);
  return valid.length > 0 ? Math.min(...valid) : before;
}

/** The local date `days` after `date` (calendar arithmetic, no time zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
