/** How to normalise each supported event's body: which fields are Canvas ids, which are numbers. */
interface BodyShape {
  ids: readonly string[];
  numbers?: readonly string[];
}

const SUBMISSION: BodyShape = { ids: ['submission_id', 'assignment_id', 'user_id', 'group_id'], numbers: ['score', 'attempt'] };
const ASSIGNMENT: BodyShape = { ids: ['assignment_id', 'context_id', 'assignment_group_id', 'assignment_id_duplicated_from'], numbers: ['points_possible'] };
const ASSIGNMENT_GROUP: BodyShape = { ids: ['assignment_group_id', 'context_id'], numbers: ['position', 'group_weight'] };
const ASSIGNMENT_OVERRIDE: BodyShape = { ids: ['assignment_override_id', 'assignment_id', 'course_section_id', 'group_id'] };
const ENROLLMENT: BodyShape = { ids: ['enrollment_id', 'course_id', 'user_id', 'course_section_id', 'associated_user_id'] };
const ENROLLMENT_STATE: BodyShape = { ids: ['enrollment_id'] };
const COURSE: BodyShape = { ids: ['course_id', 'account_id', 'enrollment_term_id', 'root_account_id'] };
const SECTION: BodyShape = { ids: ['course_section_id', 'course_id', 'root_account_id', 'enrollment_term_id', 'nonxlist_course_id', 'sis_batch_id'] };
const USER: BodyShape = { ids: ['user_id'] };
const SIS_BATCH: BodyShape = { ids: ['sis_batch_id', 'account_id'] };

/** Supported event names → body shape (doc §6.3). Anything else is reported as unsupported. */
export const LIVE_EVENT_CATALOG = {
  grade_change: {
    ids: ['submission_id', 'assignment_id', 'grader_id', 'student_id', 'user_id'],
    numbers: ['score', 'old_score', 'points_possible', 'old_points_possible'],
  },
  submission_created: SUBMISSION,
  submission_updated: SUBMISSION,
  assignment_created: ASSIGNMENT,
  assignment_updated: ASSIGNMENT,
  assignment_group_created: ASSIGNMENT_GROUP,
  assignment_group_updated: ASSIGNMENT_GROUP,
  assignment_override_created: ASSIGNMENT_OVERRIDE,
  assignment_override_updated: ASSIGNMENT_OVERRIDE,
  enrollment_created: ENROLLMENT,
  enrollment_updated: ENROLLMENT,
  enrollment_state_created: ENROLLMENT_STATE,
  enrollment_state_updated: ENROLLMENT_STATE,
  course_grade_change: {
    ids: ['user_id', 'course_id'],
    numbers: [
      'current_score', 'old_current_score', 'final_score', 'old_final_score', 'unposted_current_score',
      'old_unposted_current_score', 'unposted_final_score', 'old_unposted_final_score',
    ],
  },
  grade_override: { ids: ['score_id', 'enrollment_id', 'user_id', 'course_id', 'grading_period_id'], numbers: ['override_score', 'old_override_score'] },
  sis_batch_created: SIS_BATCH,
  sis_batch_updated: SIS_BATCH,
  course_created: COURSE,
  course_updated: COURSE,
  course_section_created: SECTION,
  course_section_updated: SECTION,
  user_created: USER,
  user_updated: USER,
} as const satisfies Record<string, BodyShape>;

export type SupportedLiveEventName = keyof typeof LIVE_EVENT_CATALOG;

/** Metadata fields holding Canvas ids (`job_id` is not one). */
export const METADATA_ID_FIELDS = [
  'root_account_id', 'context_id', 'context_account_id', 'user_id', 'user_account_id', 'real_user_id', 'developer_key_id',
] as const;
