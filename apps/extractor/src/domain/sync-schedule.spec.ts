import { dueRun, resolveSchedule } from './sync-schedule';

const at = (iso: string) => new Date(iso);

describe('schedule at times of day in the tenant time zone', () => {
  // A district in Chicago: fulls on Sunday 02:00, deltas at 06:30 and 12:00 on school days.
  const chicago = resolveSchedule('acme', { timeZone: 'America/Chicago', fullAt: ['Sun 02:00'], deltaAt: ['Mon-Fri 06:30', 'Mon-Fri 12:00'] });
  const synced = { hasWatermark: true, lastFullFinished: at('2026-01-11T09:00:00Z') };

  it.each([
    ['a minute before 06:30 CST', '2026-01-15T12:29:00Z', { lastEnded: at('2026-01-14T18:10:00Z') }, null],
    ['06:30 CST (12:30 UTC)', '2026-01-15T12:30:00Z', { lastEnded: at('2026-01-14T18:10:00Z') }, 'delta'],
    ['the 06:30 delta already ran', '2026-01-15T15:00:00Z', { lastEnded: at('2026-01-15T12:31:00Z') }, null],
    ['noon (18:00 UTC)', '2026-01-15T18:00:00Z', { lastEnded: at('2026-01-15T12:31:00Z') }, 'delta'],
    ['Saturday: no school-day delta', '2026-01-17T18:30:00Z', { lastEnded: at('2026-01-16T18:05:00Z') }, null],
    ['Sunday 02:00 CST: the weekly full', '2026-01-18T08:00:00Z', { lastEnded: at('2026-01-16T18:05:00Z') }, 'full'],
    ['the extractor was down at 02:00: the full runs when it is back', '2026-01-18T15:00:00Z', { lastEnded: at('2026-01-16T18:05:00Z') }, 'full'],
    ['summer (CDT): 06:30 is 11:30 UTC', '2026-07-15T11:30:00Z', { lastFullFinished: at('2026-07-12T07:30:00Z'), lastEnded: at('2026-07-14T17:05:00Z') }, 'delta'],
    ['spring-forward Sunday: 02:00 does not exist, the full runs at 03:00 CDT', '2026-03-08T08:00:00Z', { lastFullFinished: at('2026-03-01T08:30:00Z'), lastEnded: at('2026-03-06T18:05:00Z') }, 'full'],
    ['spring-forward Sunday, a minute earlier', '2026-03-08T07:59:00Z', { lastFullFinished: at('2026-03-01T08:30:00Z'), lastEnded: at('2026-03-06T18:05:00Z') }, null],
    ['fall-back Monday 06:30 CST', '2026-11-02T12:30:00Z', { lastFullFinished: at('2026-11-01T08:30:00Z'), lastEnded: at('2026-11-01T08:30:00Z') }, 'delta'],
    ['fall-back Monday 06:30 CDT would have been an hour early', '2026-11-02T11:30:00Z', { lastFullFinished: at('2026-11-01T08:30:00Z'), lastEnded: at('2026-11-01T08:30:00Z') }, null],
  ])('%s', (_, now, history, expected) => {
    expect(dueRun(at(now), chicago, { ...synced, ...history })).toBe(expected);
  });

  it('still starts with a full run the first time, whatever the time of day', () => {
    expect(dueRun(at('2026-01-15T03:00:00Z'), chicago, { hasWatermark: false })).toBe('full');
  });
});

describe('blackout dates stop runs', () => {
  const schedule = resolveSchedule('acme', {
    timeZone: 'America/Chicago',
    deltaIntervalSeconds: 300,
    fullIntervalSeconds: 60 * 86_400,
    blackouts: [{ from: '2026-12-21', to: '2027-01-03', mode: 'noRuns', reason: 'winter break' }, { from: '2027-01-04', to: '2027-01-08', mode: 'holdDestructive' }],
  });
  const history = { hasWatermark: true, lastFullFinished: at('2026-12-20T08:00:00Z'), lastEnded: at('2026-12-20T08:00:00Z') };

  it.each([
    ['the day before (local)', '2026-12-21T05:59:00Z', 'delta'],
    ['inside a noRuns blackout, however late the delta is', '2026-12-25T12:00:00Z', null],
    ['the blackout keeps out even the first full', '2026-12-25T12:00:00Z', null],
    ['a holdDestructive blackout lets runs go on (the loader holds their drops)', '2027-01-05T12:00:00Z', 'delta'],
    ['lifted after it', '2027-01-09T06:00:00Z', 'delta'],
  ])('%s → %s', (name, now, expected) => {
    const h = name.includes('first full') ? { hasWatermark: false } : history;
    expect(dueRun(at(now), schedule, h)).toBe(expected);
  });
});

describe('pause and resume', () => {
  const history = { hasWatermark: true, lastFullFinished: at('2026-01-11T09:00:00Z'), lastEnded: at('2026-01-15T10:00:00Z') };
  const paused = { paused: { reason: 'IC upgrade weekend', since: '2026-01-15T11:00:00Z', by: 'ana' } };

  it('starts no scheduled run while paused, however overdue, and runs again once resumed', () => {
    const now = at('2026-01-20T12:00:00Z');
    expect(dueRun(now, resolveSchedule('acme', paused), history)).toBeNull();
    expect(dueRun(now, resolveSchedule('acme', paused), { hasWatermark: false })).toBeNull();
    expect(dueRun(now, resolveSchedule('acme', { ...paused, paused: null }), history)).toBe('full'); // resume stores paused: null
  });

  it('refuses a pause without a reason', () => {
    expect(() => resolveSchedule('acme', { paused: { reason: ' ', since: '2026-01-15T11:00:00Z' } })).toThrow(/paused.reason: a pause needs a reason/);
  });
});

describe('schedule settings', () => {
  it.each([
    [{ timeZone: 'Mars/Olympus' }, /timeZone: "Mars\/Olympus" is not an IANA time zone/],
    [{ fullAt: ['Sun 2am'] }, /fullAt: "Sun 2am" is not a time of day/],
    [{ deltaAt: '06:30' }, /deltaAt: expected a list of times/],
    [{ peakHours: { from: '07:00', to: '3pm' } }, /peakHours.to: "3pm" is not a time HH:MM/],
    [{ blackouts: [{ from: '2026-12-21', to: '2026-12-01', mode: 'noRuns' }] }, /blackouts\[0\]: from 2026-12-21 is after to 2026-12-01/],
    [{ hourly: true }, /unknown key hourly/],
  ])('refuses %j naming the field and the fix', (raw, message) => {
    expect(() => resolveSchedule('acme', raw)).toThrow(message);
    expect(() => resolveSchedule('acme', raw)).toThrow(/ops tenants update acme --schedule/);
  });
});
