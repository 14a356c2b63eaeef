import type { ScoreStatus } from '@rp/oneroster';
import type { SubmissionSnapshot } from './ports/canvas-snapshots';

/** True when the submission carries a grade a student could see once posted (a score or an excusal). */
export function hasGrade(submission: SubmissionSnapshot): boolean {
  return submission.excused || submission.score !== null;
}

/**
 * OneRoster 1.2 scoreStatus of a Canvas submission: excused → exempt; scored → fully graded (partially graded while
 * Canvas still waits for manual grading); handed in but unscored → submitted; otherwise not submitted.
 * Late and missing are separate 1.2 flags, not statuses.
 */
export function scoreStatusOf(submission: SubmissionSnapshot): ScoreStatus {
  if (submission.excused) return 'exempt';
  if (submission.workflowState === 'pending_review' || submission.gradingComplete === false) {
    return submission.score !== null || submission.submittedAt ? 'partially graded' : 'not submitted';
  }
  if (submission.score !== null) return 'fully graded';
  if (submission.submittedAt || submission.workflowState === 'submitted') return 'submitted';
  return 'not submitted';
}

/** Canvas posting policy: a grade is hidden while the submission is unposted (or its assignment muted). */
export function isGradeHidden(submission: SubmissionSnapshot): boolean {
  if (submission.muted === true) return hasGrade(submission);
  return hasGrade(submission) && !submission.postedAt;
}
