import type { Enrollment } from '@rp/oneroster';
import type { EnrollmentStatus } from '@rp/canvas';
import { hasEnded } from './canvas-dates';
import type { ProjectionContext } from './ports/projection-context';
import type { TenantMappingSettings } from './tenant-mapping-settings';

/** Why an enrollment is no longer active, in order of precedence. */
export type DropReason = 'class-tobedeleted' | 'enrollment-tobedeleted' | 'user-tobedeleted' | 'enrollment-ended';

/** The reason an enrollment is dropped at `ctx.now`, or undefined while it is active (endDate is exclusive). */
export function dropReason(enrollment: Enrollment, ctx: ProjectionContext, settings: TenantMappingSettings): DropReason | undefined {
  if (ctx.class(enrollment.class.sourcedId)?.status === 'tobedeleted') return 'class-tobedeleted';
  if (enrollment.status === 'tobedeleted') return 'enrollment-tobedeleted';
  if (ctx.user(enrollment.user.sourcedId)?.status === 'tobedeleted') return 'user-tobedeleted';
  if (hasEnded(enrollment.endDate, ctx.now, settings.timeZone)) return 'enrollment-ended';
  return undefined;
}

/**
 * Canvas enrollment status: active unless dropped; a drop follows the tenant's policy (`inactive`, `completed`,
 * `deleted`, `deleted_last_completed`), except that the enrollments of a deleted class are deleted with it.
 */
export function canvasEnrollmentStatus(reason: DropReason | undefined, settings: TenantMappingSettings): EnrollmentStatus {
  if (reason === undefined) return 'active';
  if (reason === 'class-tobedeleted') return 'deleted';
  return settings.enrollments.dropPolicy;
}
