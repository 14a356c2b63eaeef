import type { GradebookOutcomeEntity } from '@rp/persistence';
import { formatPassbackStatus, passbackStatusRows } from './passback.command';

const outcome = (o: Partial<GradebookOutcomeEntity>): GradebookOutcomeEntity => ({
  tenant: 'acme', outcomeKey: 'k', kind: 'result', canvasCourseId: '5', canvasAssignmentId: '7', canvasUserId: '9', classSourcedId: 'class-1',
  studentSourcedId: 'stu-1', lineItemSourcedId: 'li', resultSourcedId: 'r', status: 'sent', reason: null, canvasEventTime: null,
  updatedAt: new Date('2026-10-01T10:00:00Z'), ...o,
});

describe('ops passback status output', () => {
  it('counts statuses and shows every grade with its reason', () => {
    const text = formatPassbackStatus(passbackStatusRows([
      outcome({}),
      outcome({ kind: 'lineItem', status: 'refused', studentSourcedId: null, reason: 'The name "x" is 60 characters; the SIS accepts at most 50.' }),
      outcome({ status: 'held', reason: 'the grade is hidden in Canvas (not posted); it is sent when posted' }),
    ]));
    expect(text.split('\n')[0]).toBe('sent: 1, refused: 1, held: 1');
    expect(text).toContain('refused');
    expect(text).toContain('is 60 characters');
    expect(text).toContain('5/7');
  });

  it('says that writes waiting for IC are still being retried, and since when the last retry', () => {
    const text = formatPassbackStatus(passbackStatusRows([
      outcome({ status: 'waiting', reason: 'IC is unavailable; retrying: IC answered 503', updatedAt: new Date('2026-10-01T10:05:00Z') }),
      outcome({ status: 'waiting', reason: 'IC is unavailable; retrying: IC answered 503', updatedAt: new Date('2026-10-01T10:07:00Z') }),
      outcome({ status: 'waiting', reason: 'waiting for its lineItem to be written to IC' }),
    ]));
    expect(text.split('\n')[1]).toBe('2 waiting for IC to answer (last retry 2026-10-01T10:07:00.000Z): the writer retries them until IC is back; ' +
      'nothing is dead-lettered (rp_stalled_seconds{stage="gradebook-writer"} shows how long)');
  });

  it('says how many grades wait for an enrollment and what sends them', () => {
    const reason = (s: string) => `waiting for the enrollment of student ${s} in class c1: neither the SIS roster (canvas.enrollments) nor Canvas has it yet; the grade is sent when it arrives`;
    const text = formatPassbackStatus(passbackStatusRows([
      outcome({ status: 'waiting', reason: reason('s1'), classSourcedId: 'c1' }),
      outcome({ status: 'waiting', reason: reason('s2'), classSourcedId: 'c1' }),
      outcome({ status: 'waiting', reason: 'queued for the IC writer' }),
    ]));
    expect(text.split('\n')[1]).toBe('2 waiting for an enrollment (1 class): sent as soon as the SIS roster (the next sync\'s canvas.enrollments) ' +
      'has the student in the class; check the student is enrolled there in IC');
    expect(text).toContain(reason('s2'));
  });

  it('says so when nothing was recorded', () => {
    expect(formatPassbackStatus([])).toMatch(/no grade passback activity/);
  });
});
