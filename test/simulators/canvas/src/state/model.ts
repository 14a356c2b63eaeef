/** Canvas objects as the simulator stores them (local ids; Canvas's own workflow states). */

export interface SisOwned {
  id: number;
  sisId: string | null;
  integrationId: string | null;
  /** Fields edited "in the UI" that imports no longer overwrite (Canvas SIS stickiness). */
  stuck: Set<string>;
  sisImportId: number | null;
  createdAt: number;
  updatedAt: number;
}

export type AccountState = 'active' | 'deleted';
export interface Account extends SisOwned {
  name: string;
  parentId: number | null;
  workflowState: AccountState;
}

export interface Term extends SisOwned {
  name: string;
  startAt: string | null;
  endAt: string | null;
  workflowState: 'active' | 'deleted';
}

/** claimed = unpublished, available = published. */
export type CourseState = 'claimed' | 'available' | 'completed' | 'deleted';
export interface Course extends SisOwned {
  uuid: string;
  name: string;
  courseCode: string;
  accountId: number;
  termId: number;
  workflowState: CourseState;
  startAt: string | null;
  endAt: string | null;
  /** Course-level posting policy: grades stay hidden until posted. */
  postManually: boolean;
}

export interface Section extends SisOwned {
  name: string;
  courseId: number;
  nonxlistCourseId: number | null;
  defaultSection: boolean;
  workflowState: 'active' | 'deleted';
  startAt: string | null;
  endAt: string | null;
}

export type LoginState = 'active' | 'suspended' | 'deleted';
export interface User extends SisOwned {
  uuid: string;
  loginId: string;
  loginState: LoginState;
  workflowState: 'registered' | 'deleted';
  name: string;
  sortableName: string;
  shortName: string;
  email: string | null;
}

export type EnrollmentType =
  | 'StudentEnrollment'
  | 'TeacherEnrollment'
  | 'TaEnrollment'
  | 'ObserverEnrollment'
  | 'DesignerEnrollment';
export type EnrollmentState = 'active' | 'invited' | 'inactive' | 'completed' | 'deleted';
export interface Enrollment {
  id: number;
  uuid: string;
  userId: number;
  courseId: number;
  sectionId: number;
  type: EnrollmentType;
  role: string;
  workflowState: EnrollmentState;
  associatedUserId: number | null;
  sisSourceId: string | null;
  sisImportId: number | null;
  startAt: string | null;
  endAt: string | null;
  limitPrivileges: boolean;
  createdAt: number;
  updatedAt: number;
  /** Final Grade Override, when a teacher set one. */
  overrideScore: number | null;
  /** Set when the enrollment exists because of a user_observers.csv link. */
  viaObserverLink: boolean;
}

export interface ObserverLink {
  observerId: number;
  studentId: number;
  workflowState: 'active' | 'deleted';
  sisImportId: number | null;
}

export interface AssignmentGroup {
  id: number;
  courseId: number;
  name: string;
  position: number;
  groupWeight: number;
  sisSourceId: string | null;
  integrationData: Record<string, unknown> | null;
  rules: string | null;
  workflowState: 'available' | 'deleted';
}

export type AssignmentKind = 'assignment' | 'discussion' | 'quiz';
export type GradingType = 'points' | 'percent' | 'pass_fail' | 'letter_grade' | 'gpa_scale' | 'not_graded';
export interface Assignment {
  id: number;
  courseId: number;
  assignmentGroupId: number;
  name: string;
  description: string | null;
  pointsPossible: number;
  gradingType: GradingType;
  dueAt: string | null;
  unlockAt: string | null;
  lockAt: string | null;
  submissionTypes: string[];
  workflowState: 'published' | 'unpublished' | 'deleted';
  postToSis: boolean;
  omitFromFinalGrade: boolean;
  postManually: boolean;
  sisAssignmentId: string | null;
  integrationId: string | null;
  kind: AssignmentKind;
  quizId: number | null;
  discussionTopicId: number | null;
  position: number;
  createdAt: number;
  updatedAt: number;
}

export type LatePolicyStatus = 'late' | 'missing' | 'extended' | 'none' | null;
export interface Submission {
  id: number;
  assignmentId: number;
  userId: number;
  score: number | null;
  grade: string | null;
  excused: boolean;
  workflowState: 'unsubmitted' | 'submitted' | 'graded' | 'pending_review';
  gradedAt: number | null;
  graderId: number | null;
  submittedAt: number | null;
  submissionType: string | null;
  latePolicyStatus: LatePolicyStatus;
  secondsLateOverride: number | null;
  postedAt: number | null;
  attempt: number | null;
  updatedAt: number;
}

/** One state change made by an import, kept for restore_states. */
export interface RollbackEntry {
  kind: 'account' | 'term' | 'course' | 'section' | 'user' | 'enrollment' | 'observer';
  id: number | string;
  previous: string;
  updated: string;
}
