import type { Enrollment, User } from '@rp/oneroster';
import { canvasEnrollmentRole, describeLoginIdSource, isProvisionedUser, type TenantMappingSettings } from '@rp/mapping';
import type { EntityFact } from './why.ports';

/** What the mapping made of a record and which setting decided; `filtered` when a policy keeps it out of Canvas. */
export interface MappingDecision {
  filtered: boolean;
  decidedBy: string;
}

/**
 * The mapping's decision for one stored record, re-read with the tenant's settings through @rp/mapping's own rules
 * (the transformer does not store why it produced nothing, only that it did).
 */
export function mappingDecision(entity: EntityFact, settings: TenantMappingSettings): MappingDecision | undefined {
  if (entity.type === 'user') {
    const user = entity.record as unknown as User;
    if (!Array.isArray(user.roles)) return undefined;
    if (!isProvisionedUser(user, settings)) {
      const roles = [...new Set(user.roles.map((r) => r.role))].join(', ');
      return {
        filtered: true,
        decidedBy: `every role of the user is ${roles} and observers are ${settings.observers.enabled ? `enabled only for ${settings.observers.roles.join(', ')}` : 'off'} ` +
          '(mapping observers.enabled / observers.roles)',
      };
    }
    const login = entity.projections.find((p) => p.type === 'user')?.row.login_id;
    return { filtered: false, decidedBy: `login_id ${String(login ?? '-')} from users.loginId [${settings.users.loginId.map(describeLoginIdSource).join(', ')}]` };
  }
  if (entity.type === 'enrollment') {
    const enrollment = entity.record as unknown as Enrollment;
    if (typeof enrollment.role !== 'string') return undefined;
    const decision = canvasEnrollmentRole(enrollment, settings);
    if ('skip' in decision) return { filtered: true, decidedBy: decision.skip };
    const status = entity.projections.find((p) => p.type === 'enrollment')?.row.status;
    return { filtered: false, decidedBy: `role ${enrollment.role} → Canvas ${decision.role}${status ? `, status ${String(status)} (enrollments.dropPolicy)` : ''}` };
  }
  return undefined;
}
