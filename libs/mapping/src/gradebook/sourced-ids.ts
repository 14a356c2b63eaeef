import { v5 as uuidv5 } from 'uuid';

/**
 * Fixed UUIDv5 namespace of the platform's gradebook writes. NEVER change it: every lineItem and result already in
 * a district's IC gradebook was addressed with it, and a new namespace would duplicate them all.
 */
export const GRADEBOOK_ID_NAMESPACE = '21db259a-4776-495a-9520-cc31e416befa';

/** Canvas Live Events carry global ids (shard × 10^13 + local id); REST and SIS use local ids. */
export function localCanvasId(id: string | number): string {
  const text = String(id).trim();
  if (!/^\d+$/.test(text)) return text;
  return (BigInt(text) % 10_000_000_000_000n).toString();
}

/**
 * lineItem sourcedId for a Canvas assignment. With one Canvas course per class the key is `tenant|assignment`;
 * when classes are Canvas sections one assignment becomes a lineItem per class, so the class joins the key.
 */
export function lineItemSourcedId(tenant: string, canvasAssignmentId: string, sectionClassSourcedId?: string): string {
  const base = `${tenant}|${localCanvasId(canvasAssignmentId)}`;
  return uuidv5(sectionClassSourcedId === undefined ? base : `${base}|${sectionClassSourcedId}`, GRADEBOOK_ID_NAMESPACE);
}

/** result sourcedId: one per lineItem and student. */
export function resultSourcedId(lineItemId: string, studentSourcedId: string): string {
  return uuidv5(`${lineItemId}|${studentSourcedId}`, GRADEBOOK_ID_NAMESPACE);
}

/** lineItem sourcedId of the course grade of one class in one grading period. */
export function courseGradeLineItemSourcedId(tenant: string, classSourcedId: string, gradingPeriodSourcedId: string): string {
  return uuidv5(`${tenant}|course-grade|${classSourcedId}|${gradingPeriodSourcedId}`, GRADEBOOK_ID_NAMESPACE);
}
