import type { LiveEventEnvelope } from './ports/live-event-envelope';
import { type LiveEventBodyShape, liveEventBodyShape } from './live-event.shape';
import { localCanvasId } from './sourced-ids';

/** Data the gradebook must gather (REST reads or its own projections) before deciding. */
export type SnapshotNeed =
  | 'assignment' // GET the assignment (post_to_sis, published, group name, course/section SIS ids)
  | 'assignments-of-group' // every assignment of the group: a rename can change their category
  | 'class-context' // the IC class: school, categories, grading periods
  | 'line-item-link' // whether a lineItem was written before (to delete it)
  | 'submission' // GET the submission (excused and posted_at are not in every event)
  | 'student' // the student's SIS id (the event only names the Canvas user)
  | 'enrollment-state' // is the student actively enrolled in the class
  | 'course-grades'; // the enrollment's totals and override (an override event does not carry the computed total)

interface Routed {
  eventName: string;
  /** Canvas's event time: the order that counts for coalescing. */
  eventTime: string;
  /** Local Canvas course id; null when the event does not say (then the assignment tells). */
  courseId: string | null;
  needs: SnapshotNeed[];
  /** Set when the body is another event type than `metadata.event_name` says: the name it carried. */
  labelledAs?: string;
}

export type LiveEventRoute =
  | (Routed & { kind: 'line-item'; assignmentId: string })
  | (Routed & { kind: 'line-items-of-group'; assignmentGroupId: string })
  | (Routed & {
    kind: 'result'; assignmentId: string; canvasUserId: string;
    /** The student's SIS id when the event says it (`grade_change.student_sis_id`). */
    userSisId?: string;
  })
  | (Routed & {
    kind: 'course-grade'; canvasUserId: string; currentScore: number | null; finalScore: number | null;
    /** Set by `grade_override`: the new Final Grade Override (null = removed, the computed total counts again). */
    overrideScore?: number | null;
  })
  | { kind: 'ignored'; eventName: string; reason: string }
  | { kind: 'unknown'; eventName: string }
  | { kind: 'invalid'; eventName: string; problem: string };

const LINE_ITEM_NEEDS: SnapshotNeed[] = ['assignment', 'class-context', 'line-item-link'];
const RESULT_NEEDS: SnapshotNeed[] = ['assignment', 'class-context', 'submission', 'student', 'enrollment-state'];
// 'course-grades': course_grade_change does not say whether an override replaces its total, grade_override lacks the total.
const COURSE_GRADE_NEEDS: SnapshotNeed[] = ['class-context', 'student', 'enrollment-state', 'course-grades'];

/** Known Canvas event types that carry nothing for grade passback, with the reason they are ignored. */
const IGNORED: Record<string, string> = {
  ...Object.fromEntries(
    ['enrollment_created', 'enrollment_updated', 'enrollment_state_created', 'enrollment_state_updated'].map((e) => [
      e,
      'enrollments come from the SIS roster; periodic reconciliation sends grades of re-activated students',
    ]),
  ),
  ...Object.fromEntries(
    ['submission_custom_grade_status', 'final_grade_custom_status', 'quiz_submitted', 'submission_comment_created'].map((e) => [
      e,
      'the grade itself arrives with grade_change / submission_updated',
    ]),
  ),
  ...Object.fromEntries(
    [
      'course_created',
      'course_updated',
      'course_completed',
      'course_section_created',
      'course_section_updated',
      'user_created',
      'user_updated',
      'user_account_association_created',
      'sis_batch_created',
      'sis_batch_updated',
      'asset_accessed',
      'logged_in',
      'logged_out',
      'attachment_created',
      'attachment_updated',
      'discussion_topic_created',
      'discussion_topic_updated',
      'discussion_entry_created',
      'wiki_page_created',
      'wiki_page_updated',
      'syllabus_updated',
      'account_notification_created',
      'conversation_created',
      'conversation_message_created',
      'group_created',
      'group_updated',
      'group_membership_created',
      'group_membership_updated',
      'module_created',
      'module_updated',
      'module_item_created',
      'module_item_updated',
      'content_migration_completed',
    ].map((e) => [e, 'not about grades']),
  ),
};

/** Says what an incoming Live Event means for the gradebook and which data must be gathered to act on it. */
export function routeLiveEvent(event: LiveEventEnvelope): LiveEventRoute {
  const eventName = event.metadata?.event_name;
  if (typeof eventName !== 'string' || eventName === '') {
    return { kind: 'invalid', eventName: String(eventName ?? ''), problem: 'metadata.event_name is missing' };
  }
  if (eventName in IGNORED) return { kind: 'ignored', eventName, reason: IGNORED[eventName] };
  if (!ROUTES[eventName]) return { kind: 'unknown', eventName };
  const eventTime = event.metadata.event_time;
  if (typeof eventTime !== 'string' || Number.isNaN(Date.parse(eventTime))) {
    return { kind: 'invalid', eventName, problem: 'metadata.event_time is missing or not a date-time' };
  }
  const body = event.body ?? {};
  const actual = eventNameOfBody(eventName, body);
  try {
    const route = ROUTES[actual]({ eventName: actual, eventTime, body, metadataCourseId: courseOfContext(event.metadata.context_type, event.metadata.context_id) });
    return actual === eventName || !('needs' in route) ? route : { ...route, labelledAs: eventName };
  } catch (error) {
    return { kind: 'invalid', eventName, problem: (error as Error).message };
  }
}

/** Body shapes each routed name may carry (a grade_change and a submission body both name one student's grade). */
const SHAPES_OF_NAME: Record<string, readonly LiveEventBodyShape[]> = {
  assignment_created: ['assignment'],
  assignment_updated: ['assignment'],
  assignment_override_created: ['assignment-override'],
  assignment_override_updated: ['assignment-override'],
  assignment_group_created: ['assignment-group'],
  assignment_group_updated: ['assignment-group'],
  submission_created: ['submission', 'grade-change'],
  submission_updated: ['submission', 'grade-change'],
  grade_change: ['grade-change', 'submission'],
  course_grade_change: ['course-grade'],
  grade_override: ['grade-override'],
};

/** The event type a body of each shape is routed as when its name says otherwise. */
const NAME_OF_SHAPE: Record<LiveEventBodyShape, string> = {
  'grade-override': 'grade_override',
  'course-grade': 'course_grade_change',
  'assignment-override': 'assignment_override_updated',
  submission: 'submission_updated',
  'grade-change': 'grade_change',
  assignment: 'assignment_updated',
  'assignment-group': 'assignment_group_updated',
};

/** The routed type of an event: its name, unless its body is clearly another type's (then the body's). */
function eventNameOfBody(eventName: string, body: Record<string, unknown>): string {
  const shape = liveEventBodyShape(body);
  if (shape === null || SHAPES_OF_NAME[eventName].includes(shape)) return eventName;
  return NAME_OF_SHAPE[shape];
}

/** Event types the router acts on. */
export const routedLiveEventTypes = (): string[] => Object.keys(ROUTES);

interface RouteArgs {
  eventName: string;
  eventTime: string;
  body: Record<string, unknown>;
  metadataCourseId: string | null;
}

const ROUTES: Record<string, (args: RouteArgs) => LiveEventRoute> = {
  assignment_created: lineItemRoute,
  assignment_updated: lineItemRoute,
  assignment_override_created: lineItemRoute,
  assignment_override_updated: lineItemRoute,
  assignment_group_created: groupRoute,
  assignment_group_updated: groupRoute,
  submission_created: resultRoute,
  submission_updated: resultRoute,
  grade_change: resultRoute,
  course_grade_change: courseGradeRoute,
  grade_override: gradeOverrideRoute,
};

function lineItemRoute({ eventName, eventTime, body, metadataCourseId }: RouteArgs): LiveEventRoute {
  const courseId = courseOfContext(body['context_type'], body['context_id']) ?? metadataCourseId;
  return { kind: 'line-item', eventName, eventTime, courseId, assignmentId: requiredId(body, 'assignment_id'), needs: LINE_ITEM_NEEDS };
}

function groupRoute({ eventName, eventTime, body, metadataCourseId }: RouteArgs): LiveEventRoute {
  const courseId = courseOfContext(body['context_type'], body['context_id']) ?? metadataCourseId;
  const assignmentGroupId = requiredId(body, 'assignment_group_id');
  return { kind: 'line-items-of-group', eventName, eventTime, courseId, assignmentGroupId, needs: ['assignments-of-group', 'class-context', 'line-item-link'] };
}

function resultRoute({ eventName, eventTime, body, metadataCourseId }: RouteArgs): LiveEventRoute {
  // body.user_id is the student; metadata.user_id is whoever acted (often the teacher).
  const canvasUserId = requiredId(body, eventName === 'grade_change' && body['student_id'] ? 'student_id' : 'user_id');
  const userSisId = typeof body['student_sis_id'] === 'string' && body['student_sis_id'] !== '' ? body['student_sis_id'] : undefined;
  return {
    kind: 'result', eventName, eventTime, courseId: metadataCourseId, assignmentId: requiredId(body, 'assignment_id'), canvasUserId, needs: RESULT_NEEDS,
    ...(userSisId ? { userSisId } : {}),
  };
}

function courseGradeRoute({ eventName, eventTime, body }: RouteArgs): LiveEventRoute {
  if (body['workflow_state'] === 'deleted') return { kind: 'ignored', eventName, reason: 'the course score row was deleted' };
  return courseGrade({ eventName, eventTime, body }, { currentScore: numberOrNull(body['current_score']), finalScore: numberOrNull(body['final_score']) });
}

function gradeOverrideRoute({ eventName, eventTime, body }: RouteArgs): LiveEventRoute {
  // A grading-period override belongs to a Canvas period the SIS calendar is not mapped to; only course-level ones count.
  if (body['grading_period_id'] !== null && body['grading_period_id'] !== undefined && body['grading_period_id'] !== '') {
    return { kind: 'ignored', eventName, reason: 'overrides of one Canvas grading period are not passed back (only the course-level final grade)' };
  }
  return courseGrade({ eventName, eventTime, body }, { currentScore: null, finalScore: null, overrideScore: numberOrNull(body['override_score']) });
}

/** A course grade of the course and student the event body names, with the scores it carries. */
function courseGrade(
  { eventName, eventTime, body }: Pick<RouteArgs, 'eventName' | 'eventTime' | 'body'>,
  scores: { currentScore: number | null; finalScore: number | null; overrideScore?: number | null },
): LiveEventRoute {
  return {
    kind: 'course-grade', eventName, eventTime, courseId: requiredId(body, 'course_id'), canvasUserId: requiredId(body, 'user_id'), ...scores,
    needs: COURSE_GRADE_NEEDS,
  };
}

function courseOfContext(type: unknown, id: unknown): string | null {
  return type === 'Course' && (typeof id === 'string' || typeof id === 'number') && String(id) !== '' ? localCanvasId(id) : null;
}

function requiredId(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if ((typeof value === 'string' && value !== '') || typeof value === 'number') return localCanvasId(value);
  throw new Error(`body.${field} is missing`);
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
