import { canvasEndDate, canvasStartDate, dayBeforeDate, hasEnded, localCalendarDate } from './canvas-dates';

describe('Canvas dates from OneRoster dates', () => {
  it.each([
    // OneRoster endDate is EXCLUSIVE: Canvas ends at the last second of the day before, in the district's zone.
    ['UTC', '2025-06-14', '2025-06-13T23:59:59+00:00'],
    ['America/Chicago (CDT)', '2025-06-14', '2025-06-13T23:59:59-05:00'],
    ['America/Chicago (CST)', '2025-01-10', '2025-01-09T23:59:59-06:00'],
    ['Europe/Berlin', '2025-01-01', '2024-12-31T23:59:59+01:00'],
    ['Asia/Kolkata', '2025-03-01', '2025-02-28T23:59:59+05:30'],
  ])('end date in %s: exclusive %s → %s', (zoneLabel, endDate, expected) => {
    expect(canvasEndDate(endDate, zoneLabel.split(' ')[0])).toBe(expected);
  });

  it.each([
    ['UTC', '2024-08-15', '2024-08-15T00:00:00+00:00'],
    ['America/Chicago', '2024-08-15', '2024-08-15T00:00:00-05:00'],
    ['America/Chicago', '2024-12-02', '2024-12-02T00:00:00-06:00'],
  ])('start date in %s: inclusive %s → %s', (zone, startDate, expected) => {
    expect(canvasStartDate(startDate, zone)).toBe(expected);
  });

  it('steps back across month and leap-year boundaries', () => {
    expect(dayBeforeDate('2024-03-01')).toBe('2024-02-29');
    expect(dayBeforeDate('2025-01-01')).toBe('2024-12-31');
  });

  it('rejects a value that is not a calendar date', () => {
    expect(() => canvasEndDate('06/14/2025', 'UTC')).toThrow('"06/14/2025" is not a calendar date');
  });

  it.each([
    ['before the end date', '2025-06-13T12:00:00Z', 'UTC', false],
    ['on the exclusive end date', '2025-06-14T00:00:00Z', 'UTC', true],
    ['after the end date', '2025-07-01T00:00:00Z', 'UTC', true],
    ['still the 13th in Chicago at 03:00 UTC on the 14th', '2025-06-14T03:00:00Z', 'America/Chicago', false],
    ['the 14th in Chicago', '2025-06-14T06:00:00Z', 'America/Chicago', true],
  ])('enrollment ending 2025-06-14: %s → ended=%s', (_case, now, zone, ended) => {
    expect(hasEnded('2025-06-14', new Date(now), zone)).toBe(ended);
  });

  it('an enrollment without end date never ends', () => {
    expect(hasEnded(undefined, new Date('2100-01-01T00:00:00Z'), 'UTC')).toBe(false);
  });

  it('reads the local calendar date of an instant', () => {
    expect(localCalendarDate(new Date('2025-01-01T03:00:00Z'), 'America/Los_Angeles')).toBe('2024-12-31');
  });
});
