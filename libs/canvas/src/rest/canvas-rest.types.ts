/** Canvas REST objects as read back (fields this platform uses; Canvas sends more). */
export interface CanvasAccount {
  id: number;
  name: string;
  /** The account's own identity across Canvas instances (a root account's is its Live Events' `root_account_uuid`). */
  uuid?: string;
  parent_account_id: number | null;
  root_account_id: number | null;
  sis_account_id?: string | null;
  integration_id?: string | null;
  workflow_state?: string;
}

export interface CanvasTerm {
  id: number;
  name: string;
  start_at: string | null;
  end_at: string | null;
  workflow_state: string;
  sis_term_id?: string | null;
  sis_import_id?: number | null;
}

export interface CanvasCourse {
  id: number;
  name: string;
  course_code: string;
  account_id: number;
  enrollment_term_id: number;
  workflow_state: 'unpublished' | 'available' | 'completed' | 'deleted' | (string & {});
  start_at: string | null;
  end_at: string | null;
  sis_course_id?: string | null;
  integration_id?: string | null;
  sis_import_id?: number | null;
  time_zone?: string;
}

export interface CanvasSection {
  id: number;
  name: string;
  course_id: number;
  nonxlist_course_id: number | null;
  start_at: string | null;
  end_at: string | null;
  sis_section_id?: string | null;
  sis_course_id?: string | null;
  integration_id?: string | null;
}

export interface CanvasUser {
  id: number;
  name: string;
  sortable_name?: string;
  short_name?: string;
  sis_user_id?: string | null;
  integration_id?: string | null;
  login_id?: string;
  email?: string;
}

export interface CanvasGrades {
  html_url?: string;
  current_score: number | null;
  final_score: number | null;
  current_grade: string | null;
  final_grade: string | null;
  unposted_current_score?: number | null;
  unposted_final_score?: number | null;
  unposted_current_grade?: string | null;
  unposted_final_grade?: string | null;
  current_points?: number | null;
  unposted_current_points?: number | null;
}

export type CanvasEnrollmentType = 'StudentEnrollment' | 'TeacherEnrollment' | 'TaEnrollment' | 'ObserverEnrollment' | 'DesignerEnrollment';
export type CanvasEnrollmentState = 'active' | 'invited' | 'creation_pending' | 'deleted' | 'rejected' | 'completed' | 'inactive';

export interface CanvasEnrollment {
  id: number;
  course_id: number;
  course_section_id: number;
  user_id: number;
  associated_user_id?: number | null;
  root_account_id?: number;
  enrollment_state: CanvasEnrollmentState;
  type: CanvasEnrollmentType | (string & {});
  role: string;
  role_id: number;
  limit_privileges_to_course_section?: boolean;
  start_at?: string | null;
  end_at?: string | null;
  grades?: CanvasGrades;
  override_grade?: string | null;
  override_score?: number | null;
  current_grading_period_id?: number | null;
  sis_course_id?: string | null;
  sis_section_id?: string | null;
  sis_user_id?: string | null;
  sis_account_id?: string | null;
  sis_import_id?: number | null;
}

export type CanvasGradingType = 'pass_fail' | 'percent' | 'letter_grade' | 'gpa_scale' | 'points' | 'not_graded';

export interface CanvasAssignment {
  id: number;
  name: string;
  course_id: number;
  assignment_group_id: number;
  points_possible: number | null;
  grading_type: CanvasGradingType;
  due_at: string | null;
  lock_at?: string | null;
  unlock_at?: string | null;
  published: boolean;
  workflow_state?: string;
  submission_types: string[];
  omit_from_final_grade?: boolean;
  hide_in_gradebook?: boolean;
  post_to_sis?: boolean;
  post_manually?: boolean;
  integration_id?: string | null;
  sis_assignment_id?: string | null;
  quiz_id?: number;
  is_quiz_assignment?: boolean;
  discussion_topic?: { id: number };
  updated_at?: string;
}

export interface CanvasAssignmentGroup {
  id: number;
  name: string;
  position: number;
  group_weight: number | null;
  sis_source_id?: string | null;
  integration_data?: Record<string, unknown> | null;
  rules?: { drop_lowest?: number; drop_highest?: number; never_drop?: number[] };
  assignments?: CanvasAssignment[];
}

export interface CanvasSubmission {
  id: number;
  user_id: number;
  assignment_id: number;
  score: number | null;
  grade: string | null;
  excused: boolean | null;
  attempt: number | null;
  submission_type?: string | null;
  submitted_at: string | null;
  graded_at: string | null;
  grader_id?: number | null;
  workflow_state: 'graded' | 'submitted' | 'unsubmitted' | 'pending_review' | (string & {});
  late_policy_status?: 'late' | 'missing' | 'extended' | 'none' | null;
  points_deducted?: number | null;
  grading_period_id?: number | null;
  posted_at: string | null;
  late: boolean;
  missing: boolean;
  seconds_late?: number;
  entered_grade?: string | null;
  entered_score?: number | null;
  grade_matches_current_submission?: boolean;
  assignment?: CanvasAssignment;
  user?: CanvasUser;
}
