import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { referenceSpec } from '@rp/testing';
import { routeLiveEvent, routedLiveEventTypes } from './live-event.router';
import type { LiveEventEnvelope } from './ports/live-event-envelope';

const SPECS = referenceSpec('canvas/live-events');
const example = (file: string, index = 0): LiveEventEnvelope =>
  JSON.parse(readFileSync(join(SPECS, file), 'utf8')).examples[index].payload as LiveEventEnvelope;

const event = (event_name: string, body: Record<string, unknown>, metadata: Record<string, unknown> = {}): LiveEventEnvelope => ({
  metadata: { event_name, event_time: '2024-10-16T14:00:00.000Z', context_type: 'Course', context_id: '21070000000000565', ...metadata },
  body,
});

describe('routeLiveEvent on Canvas example payloads', () => {
  it('assignment_created → lineItem decision for the assignment, local ids', () => {
    expect(routeLiveEvent(example('assignment_created.json'))).toEqual({
      kind: 'line-item',
      eventName: 'assignment_created',
      eventTime: '2019-11-01T19:11:11.323Z',
      courseId: '565',
      assignmentId: '371',
      needs: ['assignment', 'class-context', 'line-item-link'],
    });
  });

  it('assignment_group_created → re-decide every assignment of the group', () => {
    expect(routeLiveEvent(example('assignment_group_created.json'))).toEqual({
      kind: 'line-items-of-group',
      eventName: 'assignment_group_created',
      eventTime: '2019-11-01T19:11:42.910Z',
      courseId: '565',
      assignmentGroupId: '642',
      needs: ['assignments-of-group', 'class-context', 'line-item-link'],
    });
  });

  it('grade_change → result of the student (not the grader, with the SIS id it names), needing the submission read', () => {
    expect(routeLiveEvent(example('grade_change.json'))).toEqual({
      kind: 'result',
      eventName: 'grade_change',
      eventTime: '2019-11-01T19:11:05.222Z',
      courseId: '565',
      assignmentId: '355',
      canvasUserId: '48',
      userSisId: 'ABC.123',
      needs: ['assignment', 'class-context', 'submission', 'student', 'enrollment-state'],
    });
  });

  it('system-generated grade_change (posting job) routes by student_id', () => {
    const route = routeLiveEvent(example('metadata.json', 0));
    expect(route.kind === 'result' && [route.assignmentId, route.canvasUserId, route.courseId]).toEqual(['371', '48', '565']);
  });

  it('submission_updated → result of body.user_id', () => {
    const route = routeLiveEvent(example('submission_updated.json'));
    expect(route.kind === 'result' && [route.assignmentId, route.canvasUserId, route.eventTime, route.userSisId]).toEqual(['396', '47', '2019-11-01T19:11:11.325Z', undefined]);
  });

  it('course_grade_change → course grade with the posted scores from the body', () => {
    expect(routeLiveEvent(example('course_grade_change.json'))).toEqual({
      kind: 'course-grade',
      eventName: 'course_grade_change',
      eventTime: '2019-12-11T16:26:34.552Z',
      courseId: '2',
      canvasUserId: '2',
      currentScore: 17.31,
      finalScore: 12.5,
      needs: ['class-context', 'student', 'enrollment-state', 'course-grades'],
    });
  });

  it('grade_override → course grade carrying the Final Grade Override (ids made local; the total is read from Canvas)', () => {
    const body = {
      score_id: '3', enrollment_id: '21070000000000044', user_id: '21070000000000047', course_id: '21070000000000565',
      grading_period_id: null, override_score: 91.5, old_override_score: null, updated_at: '2024-10-16T14:00:00Z',
    };
    expect(routeLiveEvent(event('grade_override', body))).toEqual({
      kind: 'course-grade', eventName: 'grade_override', eventTime: '2024-10-16T14:00:00.000Z', courseId: '565', canvasUserId: '47',
      currentScore: null, finalScore: null, overrideScore: 91.5, needs: ['class-context', 'student', 'enrollment-state', 'course-grades'],
    });
    const removed = routeLiveEvent(event('grade_override', { ...body, override_score: null, old_override_score: 91.5 }));
    expect(removed.kind === 'course-grade' && removed.overrideScore).toBeNull();
  });

  it('enrollment_created is known and ignored with a reason', () => {
    const route = routeLiveEvent(example('enrollment_created.json'));
    expect(route.kind === 'ignored' && route.reason).toMatch(/SIS roster/);
  });
});

describe('routeLiveEvent tables', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['assignment_updated', { assignment_id: '21070000000000371', context_type: 'Course', context_id: '565' }, 'line-item'],
    ['assignment_override_created', { assignment_id: '371', assignment_override_id: '9' }, 'line-item'],
    ['assignment_override_updated', { assignment_id: '371', assignment_override_id: '9' }, 'line-item'],
    ['assignment_group_updated', { assignment_group_id: '642', context_type: 'Course', context_id: '565' }, 'line-items-of-group'],
    ['submission_created', { assignment_id: '371', user_id: '48' }, 'result'],
    ['submission_updated', { assignment_id: '371', user_id: '48' }, 'result'],
    ['grade_change', { assignment_id: '371', user_id: '48' }, 'result'],
    ['course_grade_change', { course_id: '2', user_id: '2', workflow_state: 'active' }, 'course-grade'],
    ['course_grade_change', { course_id: '2', user_id: '2', workflow_state: 'deleted' }, 'ignored'],
    ['grade_override', { course_id: '2', user_id: '2', grading_period_id: null, override_score: 80 }, 'course-grade'],
    ['grade_override', { course_id: '2', user_id: '2', override_score: 80 }, 'course-grade'],
    ['grade_override', { course_id: '2', user_id: '2', grading_period_id: '7', override_score: 80 }, 'ignored'],
    ['grade_override', { score_id: '1', grading_period_id: null }, 'invalid'],
    ['submission_custom_grade_status', {}, 'ignored'],
    ['course_section_updated', {}, 'ignored'],
    ['user_created', {}, 'ignored'],
    ['sis_batch_updated', {}, 'ignored'],
    ['outcome_proficiency_updated', {}, 'unknown'],
    ['brand_new_event', {}, 'unknown'],
    ['grade_change', { user_id: '48' }, 'invalid'],
    ['submission_updated', { assignment_id: '371' }, 'invalid'],
    ['assignment_created', {}, 'invalid'],
  ])('%s %j → %s', (name, body, kind) => {
    expect(routeLiveEvent(event(name, body)).kind).toBe(kind);
  });

  it('names what is wrong with an invalid event', () => {
    expect(routeLiveEvent(event('grade_change', { user_id: '48' }))).toEqual({ kind: 'invalid', eventName: 'grade_change', problem: 'body.assignment_id is missing' });
    expect(routeLiveEvent({ metadata: { event_name: 'grade_change' }, body: { assignment_id: '1', user_id: '2' } })).toEqual({
      kind: 'invalid',
      eventName: 'grade_change',
      problem: 'metadata.event_time is missing or not a date-time',
    });
    expect(routeLiveEvent({ metadata: {} } as never).kind).toBe('invalid');
  });

  it('reports an unknown type by name so it can be counted, whatever its body', () => {
    expect(routeLiveEvent({ metadata: { event_name: 'new_quizzes_item_created' }, body: null })).toEqual({ kind: 'unknown', eventName: 'new_quizzes_item_created' });
  });

  it('leaves the course open when the event context is not a course', () => {
    const route = routeLiveEvent(event('submission_updated', { assignment_id: '371', user_id: '48' }, { context_type: 'User', context_id: '48' }));
    expect(route.kind === 'result' && route.courseId).toBeNull();
  });

  it('acts on exactly the passback event types', () => {
    expect(routedLiveEventTypes().sort()).toEqual([
      'assignment_created',
      'assignment_group_created',
      'assignment_group_updated',
      'assignment_override_created',
      'assignment_override_updated',
      'assignment_updated',
      'course_grade_change',
      'grade_change',
      'grade_override',
      'submission_created',
      'submission_updated',
    ]);
  });
});
