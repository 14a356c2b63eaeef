import type { SupportedLiveEventName } from './live-event.catalog';

/** Ids are local numbers after parsing; nulls may be omitted (compact_live_events), so all optional. */
type Id = number;

/** Envelope metadata (doc §6.2); unknown fields are kept. */
export interface LiveEventMetadata {
  event_name: string;
  event_time: string;
  producer?: string;
  root_account_id?: Id;
  root_account_uuid?: string;
  root_account_lti_guid?: string;
  context_type?: string;
  context_id?: Id;
  context_sis_source_id?: string | null;
  context_account_id?: Id | null;
  context_role?: string | null;
  user_id?: Id;
  user_login?: string;
  user_sis_id?: string | null;
  user_account_id?: Id;
  real_user_id?: Id;
  time_zone?: string;
  developer_key_id?: Id;
  request_id?: string;
  session_id?: string;
  hostname?: string;
  http_method?: string;
  url?: string;
  referrer?: string | null;
  user_agent?: string;
  client_ip?: string;
  job_id?: string;
  job_tag?: string;
  [field: string]: unknown;
}

export interface GradeChangeBody {
  submission_id?: Id; assignment_id?: Id; assignment_name?: string; grade?: string | null; old_grade?: string | null;
  score?: number | null; old_score?: number | null; points_possible?: number | null; old_points_possible?: number | null;
  grader_id?: Id | null; student_id?: Id; student_sis_id?: string | null; user_id?: Id; grading_complete?: boolean;
  /** True = not posted: never send to the SIS. */
  muted?: boolean;
}

export interface SubmissionBody {
  submission_id?: Id; assignment_id?: Id; user_id?: Id; submitted_at?: string | null; graded_at?: string | null;
  updated_at?: string | null; score?: number | null; grade?: string | null; submission_type?: string | null; body?: string | null;
  url?: string | null; attempt?: number | null; late?: boolean; missing?: boolean; lti_user_id?: string | null;
  lti_assignment_id?: string | null; group_id?: Id | null; posted_at?: string | null; workflow_state?: string;
  associated_integration_id?: string | null;
}

export interface AssignmentBody {
  assignment_id?: Id; context_id?: Id; context_uuid?: string; context_type?: string; assignment_group_id?: Id;
  workflow_state?: string; title?: string; description?: string | null; due_at?: string | null; unlock_at?: string | null;
  lock_at?: string | null; updated_at?: string; points_possible?: number | null;
  /** Comma-separated, e.g. `online_url,online_upload`. */
  submission_types?: string; lti_assignment_id?: string | null; lti_resource_link_id?: string | null;
  domain?: string; associated_integration_id?: string | null;
}

export interface AssignmentGroupBody {
  assignment_group_id?: Id; context_id?: Id; context_type?: string; name?: string; position?: number;
  group_weight?: number | null; sis_source_id?: string | null; integration_data?: unknown; rules?: string | null; workflow_state?: string;
}

export interface AssignmentOverrideBody {
  assignment_override_id?: Id; assignment_id?: Id; due_at?: string | null; all_day?: boolean; all_day_date?: string | null;
  unlock_at?: string | null; lock_at?: string | null; type?: string; workflow_state?: string; course_section_id?: Id; group_id?: Id;
}

export interface EnrollmentBody {
  enrollment_id?: Id; course_id?: Id; course_uuid?: string; user_id?: Id; user_uuid?: string; user_name?: string; type?: string;
  created_at?: string; updated_at?: string; limit_privileges_to_course_section?: boolean; course_section_id?: Id;
  workflow_state?: string; associated_user_id?: Id | null;
}

export interface EnrollmentStateBody {
  enrollment_id?: Id; state?: string; state_started_at?: string | null; state_is_current?: boolean;
  state_valid_until?: string | null; restricted_access?: boolean; access_is_current?: boolean;
}

export interface CourseGradeChangeBody {
  user_id?: Id; course_id?: Id; workflow_state?: string; created_at?: string; updated_at?: string;
  current_score?: number | null; old_current_score?: number | null; final_score?: number | null; old_final_score?: number | null;
  unposted_current_score?: number | null; old_unposted_current_score?: number | null;
  unposted_final_score?: number | null; old_unposted_final_score?: number | null;
}

export interface GradeOverrideBody {
  score_id?: Id; enrollment_id?: Id; user_id?: Id; course_id?: Id; grading_period_id?: Id | null;
  override_score?: number | null; old_override_score?: number | null; updated_at?: string;
}

export interface SisBatchBody { sis_batch_id?: Id; account_id?: Id; workflow_state?: string }
export interface CourseBody { course_id?: Id; uuid?: string; account_id?: Id; name?: string; enrollment_term_id?: Id; workflow_state?: string; [field: string]: unknown }
export interface CourseSectionBody { course_section_id?: Id; sis_source_id?: string | null; course_id?: Id; name?: string; nonxlist_course_id?: Id | null; workflow_state?: string; [field: string]: unknown }
export interface UserBody { user_id?: Id; uuid?: string; name?: string; short_name?: string; workflow_state?: string; user_login?: string; user_sis_id?: string | null; [field: string]: unknown }

/** Body type per supported event name. */
export interface LiveEventBodies {
  grade_change: GradeChangeBody;
  submission_created: SubmissionBody;
  submission_updated: SubmissionBody;
  assignment_created: AssignmentBody;
  assignment_updated: AssignmentBody;
  assignment_group_created: AssignmentGroupBody;
  assignment_group_updated: AssignmentGroupBody;
  assignment_override_created: AssignmentOverrideBody;
  assignment_override_updated: AssignmentOverrideBody;
  enrollment_created: EnrollmentBody;
  enrollment_updated: EnrollmentBody;
  enrollment_state_created: EnrollmentStateBody;
  enrollment_state_updated: EnrollmentStateBody;
  course_grade_change: CourseGradeChangeBody;
  grade_override: GradeOverrideBody;
  sis_batch_created: SisBatchBody;
  sis_batch_updated: SisBatchBody;
  course_created: CourseBody;
  course_updated: CourseBody;
  course_section_created: CourseSectionBody;
  course_section_updated: CourseSectionBody;
  user_created: UserBody;
  user_updated: UserBody;
}

/** A parsed event of a supported type: ids local, unknown fields kept, `raw` = the payload as received. */
export type CanvasLiveEvent = {
  [K in SupportedLiveEventName]: { kind: 'event'; eventName: K; metadata: LiveEventMetadata; body: LiveEventBodies[K] & Record<string, unknown>; raw: unknown };
}[SupportedLiveEventName];

/** A well-formed event of a type this platform does not handle (reported, never thrown). */
export interface UnsupportedLiveEvent {
  kind: 'unsupported';
  eventName: string;
  metadata: LiveEventMetadata;
  raw: unknown;
}

/** A payload that is not a Canvas-format event at all. */
export interface InvalidLiveEvent {
  kind: 'invalid';
  reason: string;
  raw: unknown;
}

export type LiveEventParseResult = CanvasLiveEvent | UnsupportedLiveEvent | InvalidLiveEvent;
