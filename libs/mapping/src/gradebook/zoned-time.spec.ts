import { localDateIn, previousDate, zonedTimeToUtc } from './zoned-time';

describe('zoned time', () => {
  it.each([
    ['2024-10-01T05:59:59Z', 'America/Denver', '2024-09-30'],
    ['2024-10-01T05:59:59Z', 'America/New_York', '2024-10-01'],
    ['2024-10-01T05:59:59Z', 'UTC', '2024-10-01'],
    ['2024-12-31T23:30:00Z', 'Pacific/Auckland', '2025-01-01'],
    ['2024-12-31T23:30:00Z', 'America/Los_Angeles', '2024-12-31'],
    ['2024-03-10T08:30:00.000Z', 'America/Chicago', '2024-03-10'], // just after the spring-forward change
  ])('%s in %s is the local day %s', (iso, zone, expected) => {
    expect(localDateIn(iso, zone)).toBe(expected);
  });

  it('rejects a date-time that is not ISO 8601', () => {
    expect(() => localDateIn('yesterday', 'UTC')).toThrow(/not an ISO 8601/);
  });

  it.each([
    ['2024-01-15', 12, 'America/Chicago', '2024-01-15T18:00:00.000Z'], // CST, UTC-6
    ['2024-07-15', 12, 'America/Chicago', '2024-07-15T17:00:00.000Z'], // CDT, UTC-5
    ['2024-03-10', 12, 'America/New_York', '2024-03-10T16:00:00.000Z'], // DST starts that night
    ['2024-06-01', 12, 'Asia/Kolkata', '2024-06-01T06:30:00.000Z'],
  ])('%s %s:00 in %s is %s', (date, hour, zone, expected) => {
    expect(zonedTimeToUtc(date, hour, zone)).toBe(expected);
  });

  it.each([
    ['2024-03-01', '2024-02-29'],
    ['2025-01-01', '2024-12-31'],
    ['2024-10-15', '2024-10-14'],
  ])('the day before %s is %s', (date, expected) => {
    expect(previousDate(date)).toBe(expected);
  });
});
