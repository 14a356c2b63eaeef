import type { LineItem } from '@rp/oneroster';
import { matchCategory } from './category-match';
import { gradingPeriodAt } from './grading-period';
import { assignmentRefusals, categoryRefusal, gradingPeriodRefusal, isPublished, lineItemTitle } from './line-item.rules';
import { type PassbackSettings, schoolTimeZone } from './passback-settings';
import type { AssignmentSnapshot } from './ports/canvas-snapshots';
import type { ClassBinding, ClassContext } from './ports/class-context';
import type { LineItemRefusal } from './refusal';
import { lineItemSourcedId, localCanvasId } from './sourced-ids';
import { parseInstant } from './zoned-time';

export interface LineItemInput {
  tenant: string;
  assignment: AssignmentSnapshot;
  /** From `classBindingsOf`; null when the Canvas course/section carries no SIS id. */
  binding: ClassBinding | null;
  /** The IC class behind the binding; null when the SIS id is not a class the platform knows. */
  classContext: ClassContext | null;
  /** True when a lineItem for this assignment and class was written before (the gradebook's link table). */
  lineItemExists: boolean;
  settings: PassbackSettings;
  /** ISO time of the decision, used as `dateLastModified` (the clock is the caller's). */
  now: string;
}

export type LineItemDecision =
  | { kind: 'upsert'; lineItem: LineItem; category: 'matched' | 'fallback' }
  | { kind: 'delete'; lineItemSourcedId: string; reason: string }
  | { kind: 'refused'; lineItemSourcedId: string; reasons: LineItemRefusal[] };

/** The OneRoster classes an assignment belongs to: the course SIS id, or each section SIS id (deduplicated). */
export function classBindingsOf(assignment: AssignmentSnapshot, classSource: PassbackSettings['classSource']): ClassBinding[] {
  if (classSource === 'course') {
    return assignment.sisCourseId ? [{ classSourcedId: assignment.sisCourseId, via: 'course' }] : [];
  }
  const ids = assignment.sections.map((s) => s.sisSectionId).filter((id): id is string => !!id);
  return [...new Set(ids)].map((classSourcedId) => ({ classSourcedId, via: 'section' as const }));
}

/** The lineItem sourcedId an assignment has in a class binding (stable across renames and moves). */
export function lineItemIdFor(tenant: string, assignmentId: string, binding: ClassBinding | null): string {
  return lineItemSourcedId(tenant, assignmentId, binding?.via === 'section' ? binding.classSourcedId : undefined);
}

/** Decides whether a Canvas assignment becomes (or stops being) a OneRoster lineItem in one class, and why not. */
export function decideLineItem(input: LineItemInput): LineItemDecision {
  const { tenant, assignment, binding, classContext, settings } = input;
  const sourcedId = lineItemIdFor(tenant, assignment.id, binding);
  if (!isPublished(assignment) && input.lineItemExists) {
    return { kind: 'delete', lineItemSourcedId: sourcedId, reason: `the assignment is ${assignment.workflowState} in Canvas` };
  }
  const reasons = assignmentRefusals(assignment, settings);
  if (!binding) {
    reasons.unshift({
      code: 'class-not-sis-bound',
      message: `The Canvas ${settings.classSource} has no SIS id, so it is not linked to a SIS class. Only courses created from the SIS pass grades back.`,
    });
    return { kind: 'refused', lineItemSourcedId: sourcedId, reasons };
  }
  if (!classContext) {
    reasons.unshift({
      code: 'class-unknown',
      message: `The SIS id "${binding.classSourcedId}" is not a class in the SIS roster (it may have been removed or not synced yet).`,
    });
    return { kind: 'refused', lineItemSourcedId: sourcedId, reasons };
  }
  const category = matchCategory(classContext.categories, assignment.assignmentGroupName, classContext.classSourcedId, settings.categoryFallbackTitle);
  const categoryProblem = categoryRefusal(category);
  if (categoryProblem) reasons.push(categoryProblem);
  // Without a required due date the item is already refused; otherwise an undated item lands in today's period.
  const dueAt = assignment.dueAt ?? (settings.requireDueDate ? null : input.now);
  const zone = schoolTimeZone(settings, classContext.schoolSourcedId);
  const period = dueAt ? gradingPeriodAt(dueAt, zone, classContext.gradingPeriods) : null;
  const periodProblem = period ? gradingPeriodRefusal(period, zone) : undefined;
  if (periodProblem) reasons.push(periodProblem);
  if (reasons.length > 0 || category.kind === 'none' || !dueAt || period?.kind !== 'open') {
    return { kind: 'refused', lineItemSourcedId: sourcedId, reasons };
  }
  const lineItem: LineItem = {
    sourcedId,
    status: 'active',
    dateLastModified: input.now,
    title: lineItemTitle(assignment),
    assignDate: isoInstant(assignment.unlockAt ?? assignment.createdAt ?? dueAt),
    dueDate: isoInstant(dueAt),
    class: { sourcedId: classContext.classSourcedId, type: 'class' },
    school: { sourcedId: classContext.schoolSourcedId, type: 'org' },
    category: { sourcedId: category.category.sourcedId, type: 'category' },
    gradingPeriod: { sourcedId: period.period.sourcedId, type: 'academicSession' },
    resultValueMin: 0,
    ...(typeof assignment.pointsPossible === 'number' && assignment.pointsPossible > 0 ? { resultValueMax: assignment.pointsPossible } : {}),
    metadata: { canvasAssignmentId: localCanvasId(assignment.id), canvasCourseId: localCanvasId(assignment.courseId) },
  };
  return { kind: 'upsert', lineItem, category: category.kind };
}

function isoInstant(iso: string): string {
  return parseInstant(iso).toISOString();
}
