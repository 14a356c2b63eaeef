import { gradingPeriodAt } from './grading-period';
import type { GradingPeriodWindow } from './ports/class-context';

const q1: GradingPeriodWindow = { sourcedId: 'q1', title: 'Q1', startDate: '2024-08-15', endDate: '2024-10-01' };
const q2: GradingPeriodWindow = { sourcedId: 'q2', title: 'Q2', startDate: '2024-10-01', endDate: '2024-12-20' };
const q3Closed: GradingPeriodWindow = { sourcedId: 'q3', title: 'Q3', startDate: '2025-01-06', endDate: '2025-03-15', open: false };

describe('gradingPeriodAt', () => {
  // 2024-10-01T04:30Z is 23:30 on Sep 30 in Chicago (Q1) but already Oct 1 in New York and UTC (Q2).
  it.each([
    ['2024-10-01T04:30:00Z', 'America/Chicago', 'open', 'q1', '2024-09-30'],
    ['2024-10-01T04:30:00Z', 'America/New_York', 'open', 'q2', '2024-10-01'],
    ['2024-10-01T04:30:00Z', 'UTC', 'open', 'q2', '2024-10-01'],
    ['2024-08-15T05:00:00Z', 'America/Chicago', 'open', 'q1', '2024-08-15'], // start date inclusive
    ['2024-08-15T04:59:00Z', 'America/Chicago', 'outside', undefined, '2024-08-14'],
    ['2024-12-20T12:00:00Z', 'America/Chicago', 'outside', undefined, '2024-12-20'], // end date exclusive
    ['2024-12-20T03:00:00Z', 'America/Los_Angeles', 'open', 'q2', '2024-12-19'],
    ['2025-02-01T12:00:00Z', 'America/Chicago', 'closed', 'q3', '2025-02-01'],
  ])('%s in %s → %s %s', (due, zone, kind, period, localDate) => {
    const match = gradingPeriodAt(due, zone, [q3Closed, q2, q1]);
    expect(match.kind).toBe(kind);
    expect(match.localDate).toBe(localDate);
    expect(match.kind === 'outside' ? undefined : match.period.sourcedId).toBe(period);
  });

  it('prefers an open period over a closed one covering the same day', () => {
    const reopened: GradingPeriodWindow = { sourcedId: 'q3-make-up', title: 'Q3 make-up', startDate: '2025-02-01', endDate: '2025-02-10' };
    const match = gradingPeriodAt('2025-02-03T12:00:00Z', 'America/Chicago', [q3Closed, reopened]);
    expect(match.kind === 'open' && match.period.sourcedId).toBe('q3-make-up');
  });
});
