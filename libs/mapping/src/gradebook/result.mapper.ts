import type { Result } from '@rp/oneroster';
import { lineItemSkipReason, studentSkipReason } from './eligibility';
import type { LineItemDecision } from './line-item.mapper';
import { type PassbackSettings, schoolTimeZone } from './passback-settings';
import type { CanvasEnrollmentState, CanvasGradingType, SubmissionSnapshot } from './ports/canvas-snapshots';
import { isGradeHidden, scoreStatusOf } from './score-status';
import { resultSourcedId } from './sourced-ids';
import { localDateIn } from './zoned-time';

export interface ResultInput {
  submission: SubmissionSnapshot;
  /** The student's Canvas enrollment state in the class's course/section; null when not enrolled at all. */
  enrollmentState: CanvasEnrollmentState | null;
  /** The decision taken for the submission's assignment in this class. */
  lineItem: LineItemDecision;
  /** The assignment's grading type; letter, GPA and pass/fail grades also travel as `textScore`. */
  gradingType?: CanvasGradingType;
  settings: PassbackSettings;
  /** ISO time of the decision, used as `dateLastModified`. */
  now: string;
}

export type ResultDecision =
  | { kind: 'upsert'; resultSourcedId: string; canvasEventTime: string; result: Result }
  | { kind: 'hold'; resultSourcedId: string; canvasEventTime: string; reason: 'grade not posted' }
  | { kind: 'skip'; resultSourcedId?: string; canvasEventTime: string; reason: string };

const TEXT_GRADED: ReadonlySet<CanvasGradingType> = new Set(['letter_grade', 'gpa_scale', 'pass_fail']);

/** Decides what happens to one student's Canvas submission: write the result, hold it until posted, or skip it. */
export function decideResult(input: ResultInput): ResultDecision {
  const { submission, lineItem } = input;
  const canvasEventTime = submission.canvasEventTime;
  const lineItemProblem = lineItemSkipReason(lineItem);
  if (lineItemProblem || lineItem.kind !== 'upsert') {
    return { kind: 'skip', canvasEventTime, reason: lineItemProblem ?? 'no lineItem' };
  }
  const studentProblem = studentSkipReason(submission.userSisId, input.enrollmentState);
  if (studentProblem || !submission.userSisId) {
    return { kind: 'skip', canvasEventTime, reason: studentProblem ?? 'no SIS id' };
  }
  const sourcedId = resultSourcedId(lineItem.lineItem.sourcedId, submission.userSisId);
  if (isGradeHidden(submission)) return { kind: 'hold', resultSourcedId: sourcedId, canvasEventTime, reason: 'grade not posted' };

  const scoreStatus = scoreStatusOf(submission);
  const zone = schoolTimeZone(input.settings, lineItem.lineItem.school.sourcedId);
  const scoredAt = submission.gradedAt ?? submission.submittedAt ?? canvasEventTime;
  const comment = submission.comment?.trim();
  const textScore = textScoreOf(submission, input.gradingType);
  const result: Result = {
    sourcedId,
    status: 'active',
    dateLastModified: input.now,
    lineItem: { sourcedId: lineItem.lineItem.sourcedId, type: 'lineItem' },
    student: { sourcedId: submission.userSisId, type: 'user' },
    class: lineItem.lineItem.class,
    scoreStatus,
    // Canvas's number exactly as given: no rounding, no recomputation from percentages.
    ...(scoreStatus !== 'exempt' && submission.score !== null ? { score: submission.score } : {}),
    ...(scoreStatus !== 'exempt' && textScore ? { textScore } : {}),
    scoreDate: localDateIn(scoredAt, zone),
    ...(comment ? { comment } : {}),
    late: submission.late,
    missing: submission.missing,
  };
  return { kind: 'upsert', resultSourcedId: sourcedId, canvasEventTime, result };
}

function textScoreOf(submission: SubmissionSnapshot, gradingType: CanvasGradingType | undefined): string | undefined {
  if (!gradingType || !TEXT_GRADED.has(gradingType)) return undefined;
  const grade = submission.grade?.trim();
  return grade ? grade : undefined;
}
