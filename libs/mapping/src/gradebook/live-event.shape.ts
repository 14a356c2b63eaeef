/**
 * What a Live Event body is, read from its fields (canvas.md §6.3) rather than from `metadata.event_name`: Canvas's
 * own published `grade_override` example is labelled `grade_change` in its metadata, so the name alone can misroute.
 */
export type LiveEventBodyShape = 'grade-override' | 'course-grade' | 'assignment-override' | 'submission' | 'grade-change' | 'assignment' | 'assignment-group';

const has = (body: Record<string, unknown>, fields: readonly string[]) => fields.some((f) => Object.hasOwn(body, f));

/**
 * Fields only one body type carries (every other body of §6.3 lacks them), checked most specific first. A body with
 * none of them (a compact event, a minimal test body) has no shape and is routed by its name.
 */
const SHAPES: readonly { shape: LiveEventBodyShape; fields: readonly string[]; without?: readonly string[] }[] = [
  { shape: 'grade-override', fields: ['override_score', 'old_override_score', 'score_id'] },
  { shape: 'course-grade', fields: ['current_score', 'old_current_score', 'final_score', 'old_final_score', 'unposted_current_score', 'unposted_final_score'], without: ['assignment_id'] },
  { shape: 'assignment-override', fields: ['assignment_override_id'] },
  { shape: 'submission', fields: ['submission_type', 'submitted_at', 'attempt', 'lti_user_id', 'posted_at'] },
  { shape: 'grade-change', fields: ['student_id', 'old_grade', 'old_score', 'grading_complete', 'assignment_name', 'grader_id'] },
  { shape: 'assignment', fields: ['title', 'context_uuid', 'submission_types', 'lti_resource_link_id'], without: ['submission_id'] },
  { shape: 'assignment-group', fields: ['group_weight', 'rules', 'sis_source_id'], without: ['assignment_id'] },
];

/** The body's shape, or null when no field tells it apart. */
export function liveEventBodyShape(body: Record<string, unknown>): LiveEventBodyShape | null {
  for (const { shape, fields, without } of SHAPES) {
    if (has(body, fields) && !(without && has(body, without))) return shape;
  }
  return null;
}
