import type { Enrollment } from '@rp/oneroster';
import { hasEnded } from './canvas-dates';
import type { ParentRef } from './ports/parent-ref';
import type { ProjectionContext } from './ports/projection-context';
import type { ProvisioningEntity, ProvisioningKind } from './ports/provisioning-entity';
import type { TenantMappingSettings } from './tenant-mapping-settings';

/**
 * The `tobedeleted` parent that keeps an enrollment out of Canvas although the enrollment itself is active (not
 * tobedeleted, not ended): its class, else its user. Undefined when the enrollment is dropped for its own reasons
 * or nothing of it is deleted. Such an enrollment is settled, not waiting: it is dropped per policy if Canvas has
 * it, and is blocked (nothing sent) until the parent is active again if Canvas never had it.
 */
export function deletedParentOf(entity: ProvisioningEntity, ctx: ProjectionContext, settings: TenantMappingSettings): ParentRef | undefined {
  if (entity.kind !== 'enrollment') return undefined;
  const enrollment: Enrollment = entity.record;
  if (enrollment.status === 'tobedeleted' || hasEnded(enrollment.endDate, ctx.now, settings.timeZone)) return undefined;
  if (ctx.class(enrollment.class.sourcedId)?.status === 'tobedeleted') return { type: 'class', sourcedId: enrollment.class.sourcedId };
  if (ctx.user(enrollment.user.sourcedId)?.status === 'tobedeleted') return { type: 'user', sourcedId: enrollment.user.sourcedId };
  return undefined;
}

/** "tenant acme: enrollment e-1 is blocked by deleted class c-9 (tobedeleted in IC); …" — for `ops parked`. */
export function blockedMessage(tenant: string, entity: { kind: ProvisioningKind; sourcedId: string }, parent: ParentRef): string {
  return (
    `tenant ${tenant}: ${entity.kind} ${entity.sourcedId} is blocked by deleted ${parent.type} ${parent.sourcedId} ` +
    `(tobedeleted in IC) and was never in Canvas, so nothing is sent for it; it is provisioned if the ${parent.type} becomes active again`
  );
}
