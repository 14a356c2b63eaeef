/**
 * Canvas grade data as the gradebook service sees it after joining a Live Event with a REST read (canvas.md §5–§6).
 * Field names follow Canvas; ids are LOCAL Canvas ids as strings (see `localCanvasId`). These are input ports of the
 * pure mapping: the app builds them, the mapping never fetches anything.
 */

/** Canvas assignment `grading_type`. */
export type CanvasGradingType = 'pass_fail' | 'percent' | 'letter_grade' | 'gpa_scale' | 'points' | 'not_graded';

/** Canvas assignment `workflow_state` (the ones the passback cares about; others are treated as not published). */
export type CanvasAssignmentState = 'published' | 'unpublished' | 'deleted' | (string & {});

/** A Canvas section the assignment is visible in, with its SIS id (the OneRoster class in `sections-under-course`). */
export interface CanvasSectionRef {
  id: string;
  sisSectionId: string | null;
}

/** What the passback needs to know about one Canvas assignment (REST `GET …/assignments/:id` plus its group). */
export interface AssignmentSnapshot {
  id: string;
  name: string;
  workflowState: CanvasAssignmentState;
  pointsPossible: number | null;
  gradingType: CanvasGradingType;
  submissionTypes: string[];
  /** UTC ISO 8601, or null when the assignment has no (everyone) due date. */
  dueAt: string | null;
  unlockAt?: string | null;
  createdAt?: string | null;
  assignmentGroupName: string | null;
  isGradedDiscussion: boolean;
  isQuiz: boolean;
  /** `post_to_sis`; absent (null) when the account has no "Sync grades to SIS" feature. */
  postToSis: boolean | null;
  /** `omit_from_final_grade`; kept for lineage only. */
  omitFromFinalGrade?: boolean;
  courseId: string;
  sisCourseId: string | null;
  sections: CanvasSectionRef[];
}

/** Canvas submission `workflow_state`. */
export type CanvasSubmissionState = 'graded' | 'submitted' | 'unsubmitted' | 'pending_review' | 'deleted';

/** One student's submission for one assignment (REST submission joined with the triggering event). */
export interface SubmissionSnapshot {
  assignmentId: string;
  canvasUserId: string;
  /** The student's Canvas SIS user id = OneRoster user sourcedId; null when the user was not provisioned from the SIS. */
  userSisId: string | null;
  score: number | null;
  grade: string | null;
  excused: boolean;
  late: boolean;
  missing: boolean;
  workflowState: CanvasSubmissionState;
  gradedAt: string | null;
  submittedAt: string | null;
  /** null = the grade is hidden from the student (Canvas posting policy). */
  postedAt: string | null;
  /** `grade_change.muted` when the snapshot comes from that event: true = not posted. */
  muted?: boolean;
  /** `grade_change.grading_complete`: false = e.g. a quiz with questions still to grade by hand. */
  gradingComplete?: boolean;
  /** Latest teacher comment to pass along, if any. */
  comment?: string | null;
  /** Canvas's time of the change (Live Event `event_time` or the submission's `updated_at`); drives coalescing. */
  canvasEventTime: string;
}

/** Canvas enrollment `enrollment_state` of a student in the course/section. */
export type CanvasEnrollmentState =
  | 'active'
  | 'invited'
  | 'creation_pending'
  | 'inactive'
  | 'completed'
  | 'rejected'
  | 'deleted';

/** A student's course totals (`course_grade_change` body or the enrollment's `grades`). Scores are percentages. */
export interface CourseGradeSnapshot {
  courseId: string;
  canvasUserId: string;
  userSisId: string | null;
  /** Posted work only (`current_score`); unposted scores are never read. */
  currentScore: number | null;
  /** Posted work, ungraded counting as 0 (`final_score`). */
  finalScore: number | null;
  currentGrade?: string | null;
  finalGrade?: string | null;
  /** Final Grade Override a teacher set (`override_score`, a percentage); when set it is the course grade. */
  overrideScore?: number | null;
  /** The override's letter (`override_grade`) when the course has a grading scheme. */
  overrideGrade?: string | null;
  /** OneRoster grading period sourcedId when the scores were read scoped to one period; else the event time decides. */
  gradingPeriodSourcedId?: string | null;
  canvasEventTime: string;
}
