import type { LineItemDecision } from './line-item.mapper';
import type { CanvasEnrollmentState } from './ports/canvas-snapshots';

/** Why a student's grade is not passed back at all (as opposed to held until posted). */
export type StudentSkipReason = string;

/**
 * Only SIS students actively enrolled in the class get results: a dropped, concluded or invited student's grade
 * must not reach IC (product pain point 3). Returns the reason to skip, or undefined when the student is eligible.
 */
export function studentSkipReason(userSisId: string | null, enrollmentState: CanvasEnrollmentState | null): StudentSkipReason | undefined {
  if (!userSisId) return 'the student has no SIS id (not provisioned from the SIS)';
  if (enrollmentState === null) return 'the student is not enrolled in the class';
  if (enrollmentState !== 'active') return `the student is not actively enrolled (enrollment is ${enrollmentState})`;
  return undefined;
}

/** A result can only be written under a lineItem that is being upserted; otherwise says why not. */
export function lineItemSkipReason(decision: LineItemDecision): string | undefined {
  if (decision.kind === 'upsert') return undefined;
  if (decision.kind === 'delete') return `the lineItem is being deleted (${decision.reason})`;
  return `the assignment is not sent to the SIS: ${decision.reasons.map((r) => r.message).join(' ')}`;
}
