import type { Enrollment } from '../../state/model';
import { track, type ApplyContext } from './context';

/** Gives an observer an ObserverEnrollment next to every live student enrollment of the observee. */
export function ensureObserverEnrollments(ctx: ApplyContext, observerId: number, studentId: number): void {
  const { state } = ctx;
  const studentEnrollments = state.enrollmentsOf(
    { userId: studentId },
    (e) => e.type === 'StudentEnrollment' && e.workflowState !== 'deleted',
  );
  for (const se of studentEnrollments) {
    const existing = state.enrollmentsOf(
      { userId: observerId, sectionId: se.sectionId },
      (e) => e.type === 'ObserverEnrollment' && e.associatedUserId === studentId,
    )[0];
    if (existing) {
      if (existing.workflowState === 'deleted') {
        track(ctx, 'enrollment', existing.id, existing.workflowState, 'active');
        existing.workflowState = 'active';
        existing.updatedAt = ctx.now;
      }
      continue;
    }
    const e: Enrollment = {
      id: state.nextId('enrollment'), uuid: state.newUuid(), userId: observerId, courseId: se.courseId, sectionId: se.sectionId,
      type: 'ObserverEnrollment', role: 'ObserverEnrollment', workflowState: 'active', associatedUserId: studentId,
      sisSourceId: null, sisImportId: ctx.importId, startAt: null, endAt: null, limitPrivileges: false,
      createdAt: ctx.now, updatedAt: ctx.now, overrideScore: null, viaObserverLink: true,
    };
    state.enrollments.set(e.id, e);
    track(ctx, 'enrollment', e.id, 'non-existent', 'active');
  }
}

/** Removes the observer enrollments that a user_observers link created. */
export function removeObserverEnrollments(ctx: ApplyContext, observerId: number, studentId: number): void {
  for (const e of ctx.state.enrollmentsOf(
    { userId: observerId },
    (e) => e.associatedUserId === studentId && e.viaObserverLink && e.workflowState !== 'deleted',
  )) {
    track(ctx, 'enrollment', e.id, e.workflowState, 'deleted');
    e.workflowState = 'deleted';
    e.updatedAt = ctx.now;
  }
}

/** After a student enrollment appears, linked observers follow it. */
export function syncObserversOfStudent(ctx: ApplyContext, studentId: number): void {
  for (const link of ctx.state.observerLinksOf(studentId)) {
    if (link.workflowState === 'active') ensureObserverEnrollments(ctx, link.observerId, studentId);
  }
}
