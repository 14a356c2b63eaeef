import type { EventOutcomeView } from '@rp/persistence';
import { formatEventOutcomes } from './event-outcomes-view';

const event = (o: Partial<EventOutcomeView>): EventOutcomeView => ({
  eventKey: 'k', eventName: 'grade_change', labelledAs: null, canvasEventTime: '2026-10-01T10:00:00.000Z', canvasCourseId: '5',
  outcome: 'written', reason: '2 lineItem/result(s) in IC', grades: 2, recordedAt: '2026-10-01T10:00:01.000Z', ...o,
});

describe('ops passback status --tenant T (per Live Event)', () => {
  it('counts outcomes and shows each event with its reason, and the name a relabelled event carried', () => {
    const text = formatEventOutcomes([
      event({}),
      event({ eventName: 'enrollment_created', outcome: 'ignored', reason: 'enrollments come from the SIS roster' }),
      event({ eventName: 'grade_override', labelledAs: 'grade_change', outcome: 'waiting', reason: 'waiting for its lineItem to be written to IC' }),
    ]);
    expect(text.split('\n')[0]).toBe('3 event(s): written: 1, ignored: 1, waiting: 1');
    expect(text).toContain('grade_override (labelled grade_change)');
    expect(text).toContain('enrollments come from the SIS roster');
  });

  it('says so when nothing was recorded', () => {
    expect(formatEventOutcomes([])).toBe('no Live Event recorded for this selection');
  });
});
