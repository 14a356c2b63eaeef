import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { referenceSpec } from '@rp/testing';
import { type LiveEventRoute, routeLiveEvent, routedLiveEventTypes } from './live-event.router';
import type { LiveEventEnvelope } from './ports/live-event-envelope';

// One payload per event type the router acts on: Canvas's published examples (../shared/specs/canvas/live-events)
// where Canvas publishes one, otherwise written from the body fields of canvas.md §6.3.
const SPECS = referenceSpec('canvas/live-events');
const published = (file: string): LiveEventEnvelope => JSON.parse(readFileSync(join(SPECS, file), 'utf8')).examples[0].payload as LiveEventEnvelope;
const metadata = (event_name: string, context: Record<string, unknown> = { context_type: 'Course', context_id: '21070000000000565' }) => ({
  event_name, event_time: '2024-10-16T14:00:00.000Z', producer: 'canvas', root_account_id: '21070000000000001', ...context,
});
const written = (event_name: string, body: Record<string, unknown>, context?: Record<string, unknown>): LiveEventEnvelope => ({ metadata: metadata(event_name, context), body });

const GRADE_OVERRIDE_BODY = {
  score_id: '21070000000000003', enrollment_id: '21070000000000044', user_id: '21070000000000047', course_id: '21070000000000565',
  grading_period_id: null, override_score: 91.5, old_override_score: 88, updated_at: '2024-10-16T14:00:00Z',
};

type Expected = Partial<Record<string, unknown>> & { kind: LiveEventRoute['kind'] };

const TABLE: [string, LiveEventEnvelope, Expected][] = [
  ['assignment_created (published)', published('assignment_created.json'), { kind: 'line-item', eventName: 'assignment_created', courseId: '565', assignmentId: '371' }],
  ['assignment_updated', written('assignment_updated', {
    assignment_id: '21070000000000371', context_id: '21070000000000565', context_uuid: 'a1b2', context_type: 'Course', assignment_group_id: '642',
    workflow_state: 'published', title: 'Essay', due_at: '2024-10-20T05:59:59Z', points_possible: 10, submission_types: 'online_upload',
  }), { kind: 'line-item', eventName: 'assignment_updated', courseId: '565', assignmentId: '371' }],
  ['assignment_override_created', written('assignment_override_created', {
    assignment_override_id: '21070000000000009', assignment_id: '21070000000000371', due_at: '2024-10-21T05:59:59Z', all_day: false,
    type: 'CourseSection', workflow_state: 'active', course_section_id: '21070000000000012',
  }), { kind: 'line-item', eventName: 'assignment_override_created', courseId: '565', assignmentId: '371' }],
  ['assignment_override_updated', written('assignment_override_updated', {
    assignment_override_id: '9', assignment_id: '371', due_at: null, type: 'ADHOC', workflow_state: 'deleted',
  }), { kind: 'line-item', eventName: 'assignment_override_updated', courseId: '565', assignmentId: '371' }],
  ['assignment_group_created (published)', published('assignment_group_created.json'), { kind: 'line-items-of-group', courseId: '565', assignmentGroupId: '642' }],
  ['assignment_group_updated', written('assignment_group_updated', {
    assignment_group_id: '642', context_id: '565', context_type: 'Course', name: 'Quizzes', position: 2, group_weight: 25, workflow_state: 'available',
  }), { kind: 'line-items-of-group', eventName: 'assignment_group_updated', courseId: '565', assignmentGroupId: '642' }],
  ['grade_change (published)', published('grade_change.json'), { kind: 'result', eventName: 'grade_change', courseId: '565', assignmentId: '355', canvasUserId: '48' }],
  ['submission_updated (published)', published('submission_updated.json'), { kind: 'result', eventName: 'submission_updated', assignmentId: '396', canvasUserId: '47' }],
  // Canvas's LTI grade passback (AGS scores): the event's context is the tool, not a course; the assignment tells.
  ['submission_created by an LTI tool, no course', written('submission_created', {
    submission_id: '21070000000011200', assignment_id: '21070000000000371', user_id: '21070000000000048', submitted_at: '2024-10-16T13:59:00Z',
    graded_at: '2024-10-16T14:00:00Z', score: 8, grade: '8', submission_type: 'basic_lti_launch', attempt: 1, workflow_state: 'graded',
    lti_user_id: 'b1c2', lti_assignment_id: 'f7d76a11-95be-485b-8827-dbe8fdca3332', posted_at: '2024-10-16T14:00:00Z',
  }, { developer_key_id: '170000000000001' }), { kind: 'result', eventName: 'submission_created', courseId: null, assignmentId: '371', canvasUserId: '48' }],
  ['course_grade_change (published)', published('course_grade_change.json'), { kind: 'course-grade', courseId: '2', canvasUserId: '2', currentScore: 17.31, finalScore: 12.5 }],
  ['grade_override', written('grade_override', GRADE_OVERRIDE_BODY), { kind: 'course-grade', eventName: 'grade_override', courseId: '565', canvasUserId: '47', overrideScore: 91.5 }],
  // Canvas's own published grade_override example says grade_change in its metadata: the body decides.
  ['grade_override labelled grade_change', written('grade_change', GRADE_OVERRIDE_BODY), {
    kind: 'course-grade', eventName: 'grade_override', labelledAs: 'grade_change', courseId: '565', canvasUserId: '47', overrideScore: 91.5,
  }],
  ['course_grade_change labelled grade_change', written('grade_change', { user_id: '2', course_id: '2', workflow_state: 'active', current_score: 80, final_score: 70 }), {
    kind: 'course-grade', eventName: 'course_grade_change', labelledAs: 'grade_change', currentScore: 80, finalScore: 70,
  }],
  ['enrollment_created (published)', published('enrollment_created.json'), { kind: 'ignored', eventName: 'enrollment_created' }],
];

describe('routeLiveEvent on documented payloads', () => {
  it.each(TABLE)('%s', (_name, payload, expected) => {
    expect(routeLiveEvent(payload)).toMatchObject(expected);
  });

  it('covers every event type the router acts on', () => {
    const covered = new Set(TABLE.map(([, payload]) => payload.metadata.event_name));
    expect(routedLiveEventTypes().filter((t) => !covered.has(t))).toEqual([]);
  });

  it('a body matching its name is never re-labelled', () => {
    for (const [, payload] of TABLE) {
      const route = routeLiveEvent(payload);
      if (route.kind !== 'ignored' && route.eventName === payload.metadata.event_name) expect(route).not.toHaveProperty('labelledAs');
    }
  });
});
