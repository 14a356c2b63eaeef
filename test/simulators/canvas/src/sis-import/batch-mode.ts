import type { RootAccountState } from '../state/root-account-state';
import type { SisImportRecord } from './import-record';

/**
 * Batch mode (SisBatch#remove_previous_imports): SIS-created courses, sections and enrollments of the
 * batch term that this import did not touch are deleted, per supplied type.
 */
export function applyBatchMode(state: RootAccountState, rec: SisImportRecord, now: number): void {
  const termId = rec.batchModeTermId!;
  const inTerm = (courseId: number) => state.courses.get(courseId)?.termId === termId;
  const stale = (x: { sisImportId: number | null }) => x.sisImportId !== null && x.sisImportId !== rec.id;
  const drop = rec.params.batch_mode_enrollment_drop_status ?? 'deleted';
  if (rec.suppliedBatches.includes('course')) {
    for (const c of state.courses.values()) {
      if (c.termId === termId && c.sisId && c.workflowState !== 'deleted' && stale(c)) {
        rec.rollback.push({ kind: 'course', id: c.id, previous: c.workflowState, updated: 'deleted' });
        c.workflowState = 'deleted';
        c.updatedAt = now;
        rec.counts.batch_courses_deleted++;
      }
    }
  }
  if (rec.suppliedBatches.includes('section')) {
    for (const s of state.sections.values()) {
      if (inTerm(s.courseId) && s.sisId && s.workflowState !== 'deleted' && stale(s)) {
        rec.rollback.push({ kind: 'section', id: s.id, previous: s.workflowState, updated: 'deleted' });
        s.workflowState = 'deleted';
        rec.counts.batch_sections_deleted++;
      }
    }
  }
  if (rec.suppliedBatches.includes('enrollment')) {
    for (const e of state.enrollments.values()) {
      if (inTerm(e.courseId) && e.sisSourceId && e.workflowState !== 'deleted' && e.workflowState !== drop && stale(e)) {
        rec.rollback.push({ kind: 'enrollment', id: e.id, previous: e.workflowState, updated: drop });
        e.workflowState = drop as typeof e.workflowState;
        e.updatedAt = now;
        rec.counts.batch_enrollments_deleted++;
      }
    }
  }
}
