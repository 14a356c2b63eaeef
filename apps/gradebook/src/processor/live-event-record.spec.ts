import { routeLiveEvent } from '@rp/mapping';
import { envelopeOf } from './live-event-record';

describe('live event record → envelope', () => {
  it('rebuilds the Canvas envelope so the router reads global ids as local ones', () => {
    const out = envelopeOf({
      tenant: 'acme', eventName: 'grade_change', eventTime: '2026-10-01T10:00:00Z',
      metadata: JSON.stringify({ event_name: 'grade_change', event_time: '2026-10-01T10:00:00Z', context_type: 'Course', context_id: '21070000000000005' }),
      body: JSON.stringify({ assignment_id: '21070000000000007', student_id: '21070000000000009', user_id: '21070000000000009' }),
    });
    if (!('envelope' in out)) throw new Error(out.problem);
    expect(routeLiveEvent(out.envelope)).toMatchObject({ kind: 'result', courseId: '5', assignmentId: '7', canvasUserId: '9' });
  });

  it('falls back to the record fields for name and time and reports broken JSON', () => {
    const ok = envelopeOf({ tenant: 'acme', eventName: 'logged_in', eventTime: '2026-10-01T10:00:00Z', metadata: '{}', body: '' });
    expect('envelope' in ok && ok.envelope.metadata.event_name).toBe('logged_in');
    const bad = envelopeOf({ tenant: 'acme', eventName: 'grade_change', eventTime: 't', metadata: '{', body: '{}' });
    expect('problem' in bad && bad.problem).toMatch(/tenant acme: grade_change event is not valid JSON/);
  });
});
