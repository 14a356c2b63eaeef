import type { SubmissionSnapshot } from './ports/canvas-snapshots';
import { isGradeHidden, scoreStatusOf } from './score-status';
import { submission } from './testing/gradebook-fixtures';

const blank: Partial<SubmissionSnapshot> = { score: null, grade: null, gradedAt: null, submittedAt: null, postedAt: null, workflowState: 'unsubmitted' };

describe('scoreStatusOf', () => {
  it.each<[string, Partial<SubmissionSnapshot>, string]>([
    ['excused, even with an old score', { excused: true, score: 10 }, 'exempt'],
    ['excused without a score', { ...blank, excused: true }, 'exempt'],
    ['graded', {}, 'fully graded'],
    ['graded zero', { score: 0, grade: '0' }, 'fully graded'],
    ['scored without a submission (on paper)', { submittedAt: null, workflowState: 'graded' }, 'fully graded'],
    ['quiz waiting for manual grading', { workflowState: 'pending_review', score: 6 }, 'partially graded'],
    ['grade_change with grading_complete false', { gradingComplete: false, score: 6 }, 'partially graded'],
    ['submitted, not yet graded', { ...blank, workflowState: 'submitted', submittedAt: '2024-10-15T20:00:00Z' }, 'submitted'],
    ['grade removed after submission', { ...blank, workflowState: 'graded', submittedAt: '2024-10-15T20:00:00Z' }, 'submitted'],
    ['nothing handed in', blank, 'not submitted'],
    ['missing and nothing handed in', { ...blank, missing: true }, 'not submitted'],
  ])('%s → %s', (_case, overrides, expected) => {
    expect(scoreStatusOf(submission(overrides))).toBe(expected);
  });
});

describe('isGradeHidden', () => {
  it.each<[string, Partial<SubmissionSnapshot>, boolean]>([
    ['posted grade', {}, false],
    ['unposted grade', { postedAt: null }, true],
    ['unposted excusal', { postedAt: null, score: null, excused: true }, true],
    ['muted assignment (grade_change)', { muted: true }, true],
    ['unposted, nothing graded yet', { ...blank, submittedAt: '2024-10-15T20:00:00Z', workflowState: 'submitted' }, false],
    ['muted but nothing graded', { ...blank, muted: true }, false],
  ])('%s → %s', (_case, overrides, expected) => {
    expect(isGradeHidden(submission(overrides))).toBe(expected);
  });
});
