import type { Enrollment } from '@rp/oneroster';
import { CanvasProjection, canvasProjection } from './canvas-projection';
import { resolveCanvasCourseId } from './course-id';
import { MissingParentsError, missingParents } from './dependencies';
import { canvasEnrollmentStatus, dropReason } from './drop-policy';
import type { ProjectionContext } from './ports/projection-context';
import { canvasEnrollmentRole } from './role-map';
import type { TenantMappingSettings } from './tenant-mapping-settings';

/** Key of an enrollment: Canvas identifies it by section, user and role, so a role change is a new enrollment. */
export function enrollmentKey(sectionId: string, userId: string, role: string): string {
  return `${sectionId}:${userId}:${role}`;
}

/**
 * Projects an enrollment into the class's Canvas section (`section_id = class sourcedId`, `course_id` per course
 * strategy) with the mapped role and a status from the drop policy. Skipped roles project nothing.
 * Active enrollments wait for their user and class (see `missingParents`); drops never wait.
 */
export function projectEnrollment(enrollment: Enrollment, ctx: ProjectionContext, settings: TenantMappingSettings): CanvasProjection[] {
  const entity = { kind: 'enrollment' as const, sourcedId: enrollment.sourcedId };
  const decision = canvasEnrollmentRole(enrollment, settings);
  if ('skip' in decision) return [];
  const reason = dropReason(enrollment, ctx, settings);
  if (reason === undefined) {
    const missing = missingParents({ kind: 'enrollment', record: enrollment }, ctx, settings);
    if (missing.length > 0) throw new MissingParentsError(ctx.tenant, entity, missing);
  }
  const cls = ctx.class(enrollment.class.sourcedId);
  const course = cls ? resolveCanvasCourseId(cls, ctx, settings) : undefined;
  const status = canvasEnrollmentStatus(reason, settings);
  const sectionId = enrollment.class.sourcedId;
  const row = {
    // section_id alone is enough for Canvas; course_id is added whenever it can be resolved.
    course_id: course?.kind === 'resolved' ? course.courseId : undefined,
    section_id: sectionId,
    user_id: enrollment.user.sourcedId,
    role: decision.role,
    status,
  };
  const sources = [
    { type: 'enrollment' as const, sourcedId: enrollment.sourcedId },
    { type: 'user' as const, sourcedId: enrollment.user.sourcedId },
    { type: 'class' as const, sourcedId: enrollment.class.sourcedId },
  ];
  const key = enrollmentKey(sectionId, enrollment.user.sourcedId, decision.role);
  return [canvasProjection('enrollment', key, row, status === 'active' ? 'upsert' : 'delete', sources, enrollment.school.sourcedId)];
}
