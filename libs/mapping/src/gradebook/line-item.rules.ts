import type { CategoryMatch } from './category-match';
import type { GradingPeriodMatch } from './grading-period';
import type { PassbackSettings } from './passback-settings';
import type { AssignmentSnapshot } from './ports/canvas-snapshots';
import type { LineItemRefusal } from './refusal';

/** Canvas's own SIS-sync rule and IC's: the title the SIS sees is the trimmed assignment name. */
export function lineItemTitle(assignment: AssignmentSnapshot): string {
  return assignment.name.trim();
}

/** True for a published assignment; anything else (unpublished, deleted, importing…) is not sent. */
export function isPublished(assignment: AssignmentSnapshot): boolean {
  return assignment.workflowState === 'published';
}

/** True when Canvas grades the assignment (graded discussions and quizzes included). */
export function isGraded(assignment: AssignmentSnapshot): boolean {
  return assignment.gradingType !== 'not_graded' && !assignment.submissionTypes.includes('not_graded');
}

/** Rules about the assignment itself (publication, scope, grading, points, title, due date), all reported at once. */
export function assignmentRefusals(assignment: AssignmentSnapshot, settings: PassbackSettings): LineItemRefusal[] {
  const refusals: LineItemRefusal[] = [];
  const kind = assignmentKind(assignment);
  if (!isPublished(assignment)) {
    refusals.push({ code: 'not-published', message: `The ${kind} is not published. Publish it in Canvas to send it to the SIS.` });
  }
  if (settings.assignmentScope === 'post-to-sis-only' && assignment.postToSis !== true) {
    refusals.push({
      code: 'not-selected-for-sis',
      message: `"Sync to SIS" is off for this ${kind}. Turn it on in the ${kind}'s settings to send it to the SIS.`,
    });
  }
  if (!isGraded(assignment)) {
    refusals.push({ code: 'not-graded', message: `The ${kind} is set to "Not Graded"; only graded work goes to the SIS.` });
  } else if (settings.requirePoints && !(typeof assignment.pointsPossible === 'number' && assignment.pointsPossible > 0)) {
    refusals.push({ code: 'no-points', message: `The ${kind} is worth 0 points. Give it points possible to send it to the SIS.` });
  }
  refusals.push(...titleRefusals(assignment, settings.titleMaxLength));
  if (settings.requireDueDate && !assignment.dueAt) {
    refusals.push({
      code: 'no-due-date',
      message: `The ${kind} has no due date. Set one due date for everyone; the SIS uses it to choose the grading period.`,
    });
  }
  return refusals;
}

function titleRefusals(assignment: AssignmentSnapshot, maxLength: number): LineItemRefusal[] {
  const title = lineItemTitle(assignment);
  if (title === '') return [{ code: 'title-empty', message: 'The assignment has no name. Give it a name in Canvas.' }];
  const length = [...title].length;
  if (length <= maxLength) return [];
  return [
    {
      code: 'title-too-long',
      message: `The name "${title}" is ${length} characters; the SIS accepts at most ${maxLength}. Shorten it in Canvas.`,
    },
  ];
}

/** Refusal when no IC category fits, naming the group, the fallback and what the class offers. */
export function categoryRefusal(match: CategoryMatch): LineItemRefusal | undefined {
  if (match.kind !== 'none') return undefined;
  const group = match.wanted?.trim() ? `The assignment group "${match.wanted.trim()}"` : 'The assignment has no assignment group that';
  const fallback = match.fallbackTitle ? ` and the district's default category "${match.fallbackTitle}" does not exist either` : '';
  const options = match.available.length > 0 ? ` Categories in the SIS: ${[...new Set(match.available)].join(', ')}.` : ' The class has no categories in the SIS.';
  return {
    code: 'no-category',
    message: `${group} matches no SIS gradebook category${fallback}. Rename the assignment group to a category name.${options}`,
  };
}

/** Refusal when the due date, on the school's calendar, is in no open grading period. */
export function gradingPeriodRefusal(match: GradingPeriodMatch, zone: string): LineItemRefusal | undefined {
  if (match.kind === 'open') return undefined;
  if (match.kind === 'closed') {
    return {
      code: 'grading-period-closed',
      message: `The due date (${match.localDate}, ${zone}) falls in ${match.period.title}, whose SIS grading window is closed. Ask the school to reopen it or move the due date.`,
    };
  }
  return {
    code: 'outside-grading-periods',
    message: `The due date (${match.localDate}, ${zone}) is outside every grading period of the school. Move the due date into a grading period.`,
  };
}

function assignmentKind(assignment: AssignmentSnapshot): string {
  if (assignment.isQuiz) return 'quiz';
  if (assignment.isGradedDiscussion) return 'graded discussion';
  return 'assignment';
}
