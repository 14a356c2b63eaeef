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
 * The OneRoster enrollment that decides the Canvas enrollment (section, user, role): an active one among the
 * user's enrollments in the class with the same Canvas role, else the given one. Makes an IC drop + re-add
 * come out active whatever order the two records arrive in.
 */
function authoritativeEnrollment(enrollment: Enrollment, role: string, ctx: ProjectionContext, settings: TenantMappingSettings): Enrollment {
  if (dropReason(enrollment, ctx, settings) === undefined) return enrollment;
  const activeSiblings = ctx
    .enrollmentsOf(enrollment.user.sourcedId, enrollment.class.sourcedId)
    .filter((other) => other.sourcedId !== enrollment.sourcedId)
    .filter((other) => {
      const decision = canvasEnrollmentRole(other, settings);
      return 'role' in decision && decision.role === role && dropReason(other, ctx, settings) === undefined;
    })
    .sort((a, b) => a.sourcedId.localeCompare(b.sourcedId));
  return activeSiblings[0] ?? enrollment;
}

/**
 * Projects an enrollment into the class's Canvas section (`section_id = class sourcedId`, `course_id` per course
 * strategy) with the mapped role and a status from the drop policy. Skipped roles project nothing.
 * Active enrollments wait for their user and class (see `missingParents`); drops never wait. A drop is
 * overridden by an active sibling enrollment with the same Canvas key (see `authoritativeEnrollment`).
 */
export function projectEnrollment(projected: Enrollment, ctx: ProjectionContext, settings: TenantMappingSettings): CanvasProjection[] {
  const decision = canvasEnrollmentRole(projected, settings);
  if ('skip' in decision) return [];
  const enrollment = authoritativeEnrollment(projected, decision.role, ctx, settings);
  const entity = { kind: 'enrollment' as const, sourcedId: enrollment.sourcedId };
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
    { type: 'enrollment' as const, sourcedId: projected.sourcedId },
    ...(enrollment === projected ? [] : [{ type: 'enrollment' as const, sourcedId: enrollment.sourcedId }]),
    { type: 'user' as const, sourcedId: enrollment.user.sourcedId },
    { type: 'class' as const, sourcedId: enrollment.class.sourcedId },
  ];
  const key = enrollmentKey(sectionId, enrollment.user.sourcedId, decision.role);
  return [canvasProjection('enrollment', key, row, status === 'active' ? 'upsert' : 'delete', sources, enrollment.school.sourcedId)];
}
