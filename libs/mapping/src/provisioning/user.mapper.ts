import type { User } from '@rp/oneroster';
import { CanvasProjection, canvasProjection } from './canvas-projection';
import { describeLoginIdSource, integrationIdFor, loginIdFor } from './login-id';
import type { ProjectionContext } from './ports/projection-context';
import { ProvisioningMappingError } from './provisioning-mapping.error';
import { actsAsObserver, isObserverOnly } from './role-map';
import type { TenantMappingSettings } from './tenant-mapping-settings';
import { projectObserverLinks } from './observer.mapper';

/** The school a user belongs to for safety thresholds: the primary org, else the org of the first role. */
export function schoolOfUser(user: User): string | undefined {
  return user.primaryOrg?.sourcedId ?? user.roles[0]?.org.sourcedId;
}

/** True when the tenant provisions this user at all (guardian-only users need observers enabled for their role). */
export function isProvisionedUser(user: User, settings: TenantMappingSettings): boolean {
  return !isObserverOnly(user) || actsAsObserver(user, settings);
}

/**
 * Projects a user: `user_id = sourcedId`, `login_id` from the configured sources, status `deleted` when
 * tobedeleted, `suspended` when `enabledUser` is false, else `active`; names (preferred names optional),
 * email and integration_id per settings. Adds the user's observer links when observers are enabled.
 */
export function projectUser(user: User, ctx: ProjectionContext, settings: TenantMappingSettings): CanvasProjection[] {
  if (!isProvisionedUser(user, settings)) return [];
  const deleted = user.status === 'tobedeleted';
  // Deleting needs no real login: the row is matched by user_id.
  const loginId = loginIdFor(user, settings.users.loginId) ?? (deleted ? user.sourcedId : undefined);
  if (loginId === undefined) {
    const tried = settings.users.loginId.map(describeLoginIdSource).join(', ');
    throw new ProvisioningMappingError(
      ctx.tenant,
      { kind: 'user', sourcedId: user.sourcedId },
      `has no login id: ${tried} ${settings.users.loginId.length > 1 ? 'are all' : 'is'} empty; fill it in the SIS or change users.loginId`,
    );
  }
  const preferred = settings.users.preferredNames;
  const row = {
    user_id: user.sourcedId,
    integration_id: integrationIdFor(user, settings.users.integrationId),
    login_id: loginId,
    first_name: (preferred && user.preferredFirstName?.trim()) || user.givenName,
    last_name: (preferred && user.preferredLastName?.trim()) || user.familyName,
    email: settings.users.email ? user.email?.trim() || undefined : undefined,
    status: deleted ? ('deleted' as const) : user.enabledUser ? ('active' as const) : ('suspended' as const),
  };
  const sources = [{ type: 'user' as const, sourcedId: user.sourcedId }];
  const userProjection = canvasProjection('user', user.sourcedId, row, deleted ? 'delete' : 'upsert', sources, schoolOfUser(user));
  return [userProjection, ...projectObserverLinks(user, ctx, settings)];
}
