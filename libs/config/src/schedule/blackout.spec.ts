import { blackoutAt, blackoutProblems, type Blackout } from './blackout';

const winterBreak: Blackout = { from: '2026-12-21', to: '2027-01-03', mode: 'noRuns', reason: 'winter break' };
const exams: Blackout = { from: '2027-01-02', to: '2027-01-08', mode: 'holdDestructive', reason: 'exam week' };

describe('blackout dates', () => {
  // Both ends are local dates in the tenant's zone (America/Chicago, UTC−6 in winter).
  it.each([
    ['the evening before it starts (local)', '2026-12-21T05:59:00Z', undefined],
    ['its first local minute', '2026-12-21T06:00:00Z', 'winter break'],
    ['while both overlap, no runs wins', '2027-01-02T18:00:00Z', 'winter break'],
    ['its last local minute', '2027-01-04T05:59:00Z', 'winter break'],
    ['the next morning only the other one', '2027-01-04T06:00:00Z', 'exam week'],
    ['lifted after the last day', '2027-01-09T06:00:00Z', undefined],
  ])('%s → %s', (_, now, expected) => {
    expect(blackoutAt(Date.parse(now), [exams, winterBreak], 'America/Chicago')?.reason).toBe(expected);
  });

  it.each([
    [{ from: '2026-12-21', to: '2026-12-20', mode: 'noRuns' }, /from 2026-12-21 is after to 2026-12-20/],
    [{ from: '2026-13-01', to: '2026-12-20', mode: 'noRuns' }, /blackouts\[0\].from: "2026-13-01" is not a date/],
    [{ from: '2026-12-01', to: '2026-12-20', mode: 'quiet' }, /mode: "quiet" is not one of holdDestructive, noRuns/],
    [{ from: '2026-12-01', to: '2026-12-20', mode: 'noRuns', until: 'x' }, /unknown key until/],
    ['2026-12-01', /expected \{from, to, mode, reason\?\}/],
  ])('refuses %j', (raw, message) => {
    expect(blackoutProblems(0, raw).join('; ')).toMatch(message);
  });
});
