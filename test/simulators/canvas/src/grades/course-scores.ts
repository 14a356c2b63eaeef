import type { Assignment, Submission } from '../state/model';
import type { RootAccountState } from '../state/root-account-state';

export interface CourseScores {
  current_score: number | null;
  final_score: number | null;
  unposted_current_score: number | null;
  unposted_final_score: number | null;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Assignments that count toward the course grade. */
export function gradedAssignments(state: RootAccountState, courseId: number): Assignment[] {
  return [...state.assignments.values()].filter(
    (a) => a.courseId === courseId && a.workflowState === 'published' && !a.omitFromFinalGrade && a.gradingType !== 'not_graded',
  );
}

export function submissionOf(state: RootAccountState, assignmentId: number, userId: number): Submission | undefined {
  for (const s of state.submissions.values()) if (s.assignmentId === assignmentId && s.userId === userId) return s;
  return undefined;
}

/**
 * Points-based course scores as Canvas's grade calculator computes them without group weights:
 * current = graded work only, final = ungraded counts as 0, posted variants ignore unposted grades.
 */
export function computeCourseScores(state: RootAccountState, courseId: number, userId: number): CourseScores {
  const sums = { cur: [0, 0], fin: [0, 0], ucur: [0, 0], ufin: [0, 0] };
  for (const a of gradedAssignments(state, courseId)) {
    const s = submissionOf(state, a.id, userId);
    if (s?.excused) continue;
    const graded = s !== undefined && s.score !== null;
    const posted = graded && s!.postedAt !== null;
    const score = graded ? s!.score! : 0;
    sums.fin[1] += a.pointsPossible;
    sums.ufin[1] += a.pointsPossible;
    if (graded) {
      sums.ucur[0] += score;
      sums.ucur[1] += a.pointsPossible;
      sums.ufin[0] += score;
    }
    if (posted) {
      sums.cur[0] += score;
      sums.cur[1] += a.pointsPossible;
      sums.fin[0] += score;
    }
  }
  const pct = ([earned, possible]: number[], empty: number | null) => (possible > 0 ? round2((earned / possible) * 100) : empty);
  return {
    current_score: pct(sums.cur, null),
    final_score: pct(sums.fin, 0),
    unposted_current_score: pct(sums.ucur, null),
    unposted_final_score: pct(sums.ufin, 0),
  };
}

const LETTERS: [number, string][] = [
  [94, 'A'], [90, 'A-'], [87, 'B+'], [84, 'B'], [80, 'B-'], [77, 'C+'], [74, 'C'], [70, 'C-'], [67, 'D+'], [64, 'D'], [61, 'D-'], [0, 'F'],
];

/** Canvas's default grading scheme. */
export function letterFor(percent: number): string {
  return LETTERS.find(([min]) => percent >= min)?.[1] ?? 'F';
}

/** The `grade` string a score produces for the assignment's grading type. */
export function gradeFor(a: Assignment, score: number | null): string | null {
  if (score === null) return null;
  const percent = a.pointsPossible > 0 ? (score / a.pointsPossible) * 100 : 0;
  switch (a.gradingType) {
    case 'percent':
      return `${round2(percent)}%`;
    case 'pass_fail':
      return score >= a.pointsPossible ? 'complete' : 'incomplete';
    case 'letter_grade':
    case 'gpa_scale':
      return letterFor(percent);
    default:
      return String(score);
  }
}
