import { latestFiring, parseTimeOfDay } from './time-of-day';
import { instantOf, localTimeAt } from './zoned-time';

const iso = (d: Date | undefined) => d?.toISOString().replace('.000', '');

describe('time of day', () => {
  it.each([
    ['06:30', { minute: 390 }],
    ['Mon-Fri 06:30', { days: [1, 2, 3, 4, 5], minute: 390 }],
    ['Sat,Sun 23:59', { days: [0, 6], minute: 1439 }],
    ['Fri-Mon 00:00', { days: [0, 1, 5, 6], minute: 0 }],
    ['6:30', undefined],
    ['24:00', undefined],
    ['Someday 06:30', undefined],
    ['Mon 06:30 extra', undefined],
  ])('%s parses as %j', (text, expected) => {
    expect(parseTimeOfDay(text)).toEqual(expected);
  });

  // America/Chicago: CST is UTC−6, CDT UTC−5; clocks go forward on 2026-03-08 at 02:00 and back on 2026-11-01 at 02:00.
  it.each([
    ['a winter morning', 'America/Chicago', ['06:30'], '2026-01-15T12:30:00Z', '2026-01-15T12:30:00Z'],
    ['a second before it: the day before', 'America/Chicago', ['06:30'], '2026-01-15T12:29:59Z', '2026-01-14T12:30:00Z'],
    ['a summer morning (CDT)', 'America/Chicago', ['06:30'], '2026-07-15T12:00:00Z', '2026-07-15T11:30:00Z'],
    ['spring-forward day, before the gap (CST)', 'America/Chicago', ['01:30'], '2026-03-08T12:00:00Z', '2026-03-08T07:30:00Z'],
    ['spring-forward day, a time in the gap runs an hour later, not never', 'America/Chicago', ['02:30'], '2026-03-08T12:00:00Z', '2026-03-08T08:30:00Z'],
    ['spring-forward day, after the gap (CDT)', 'America/Chicago', ['06:30'], '2026-03-08T12:00:00Z', '2026-03-08T11:30:00Z'],
    ['fall-back day, a time that happens twice fires at the first', 'America/Chicago', ['01:30'], '2026-11-01T12:00:00Z', '2026-11-01T06:30:00Z'],
    ['fall-back day, after the change (CST)', 'America/Chicago', ['06:30'], '2026-11-01T13:00:00Z', '2026-11-01T12:30:00Z'],
    ['weekdays only: on Sunday the last one was Friday', 'America/Chicago', ['Mon-Fri 06:30'], '2026-01-18T20:00:00Z', '2026-01-16T12:30:00Z'],
    ['the latest of several times', 'America/Chicago', ['06:30', '12:00', 'Sun 02:00'], '2026-01-15T19:00:00Z', '2026-01-15T18:00:00Z'],
    ['weekly: the Sunday before', 'America/Chicago', ['Sun 02:00'], '2026-01-15T19:00:00Z', '2026-01-11T08:00:00Z'],
    ['a zone ahead of UTC: the local date is already tomorrow', 'Asia/Tokyo', ['Fri 08:00'], '2026-01-15T23:00:00Z', '2026-01-15T23:00:00Z'],
    ['London across its spring change (BST from 01:00 UTC)', 'Europe/London', ['06:00'], '2026-03-29T06:00:00Z', '2026-03-29T05:00:00Z'],
  ])('%s', (_, zone, times, now, expected) => {
    expect(iso(latestFiring(Date.parse(now), times.map((t) => parseTimeOfDay(t)!), zone))).toBe(expected.replace('.000', ''));
  });

  it('has fired nothing when no listed weekday came in the last week', () => {
    expect(latestFiring(Date.parse('2026-01-15T12:00:00Z'), [], 'UTC')).toBeUndefined();
  });

  it('reads the wall clock and back: a local time maps to the instant whose wall clock it is', () => {
    const at = instantOf('2026-11-01', 6 * 60 + 30, 'America/Chicago');
    expect(localTimeAt(at, 'America/Chicago')).toEqual({ date: '2026-11-01', weekday: 0, minute: 390 });
  });
});
