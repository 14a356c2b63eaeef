import type { Class, Enrollment } from '@rp/oneroster';
import type { ParentRef } from './ports/parent-ref';
import type { ProjectionContext } from './ports/projection-context';
import type { ProvisioningEntity, ProvisioningKind } from './ports/provisioning-entity';
import type { TenantMappingSettings } from './tenant-mapping-settings';
import { resolveClassTerm } from './term-resolution';

/**
 * A projection was attempted before its parents arrived. Retriable by nature: the entity is parked and
 * re-evaluated when a parent arrives (see `missingParents`).
 */
export class MissingParentsError extends Error {
  readonly retriable = true;
  constructor(
    readonly tenant: string,
    readonly entity: { kind: ProvisioningKind; sourcedId: string },
    readonly missing: readonly ParentRef[],
  ) {
    super(waitingMessage(tenant, entity, missing));
    this.name = 'MissingParentsError';
  }
}

const ref = (type: ProvisioningKind, sourcedId: string, via?: string): ParentRef =>
  via === undefined ? { type, sourcedId } : { type, sourcedId, via };

function classParents(cls: Class, via?: string): ParentRef[] {
  const suffix = (what: string) => (via === undefined ? undefined : `${what} of ${via}`);
  return [
    ref('course', cls.course.sourcedId, suffix('course')),
    ref('org', cls.school.sourcedId, suffix('school')),
    ...cls.terms.map((term) => ref('academicSession', term.sourcedId, suffix('term'))),
  ];
}

/**
 * Parents an entity references directly and needs before it can be projected. Deletions need none (they are
 * keyed by the entity's own id), users need none for their user row, orgs/sessions/courses need none.
 * Active classes need their course, school and terms; active enrollments their user and class.
 */
export function requiredParents(entity: ProvisioningEntity): ParentRef[] {
  if (entity.record.status === 'tobedeleted') return [];
  if (entity.kind === 'class') return classParents(entity.record);
  if (entity.kind === 'enrollment') return [ref('user', entity.record.user.sourcedId), ref('class', entity.record.class.sourcedId)];
  return [];
}

const known = (ctx: ProjectionContext, parent: ParentRef): boolean => {
  switch (parent.type) {
    case 'org':
      return ctx.org(parent.sourcedId) !== undefined;
    case 'academicSession':
      return ctx.academicSession(parent.sourcedId) !== undefined;
    case 'course':
      return ctx.course(parent.sourcedId) !== undefined;
    case 'class':
      return ctx.class(parent.sourcedId) !== undefined;
    case 'user':
      return ctx.user(parent.sourcedId) !== undefined;
    case 'enrollment':
      return true;
  }
};

function missingForClass(cls: Class, ctx: ProjectionContext, settings: TenantMappingSettings, via?: string): ParentRef[] {
  const missing = classParents(cls, via).filter((parent) => !known(ctx, parent));
  if (missing.length > 0) return missing;
  // Terms known: a grading period may still need its parent session to find the Canvas term.
  const term = resolveClassTerm(cls, ctx, settings);
  return term.kind === 'missing' ? [...term.missing] : [];
}

function missingForEnrollment(enrollment: Enrollment, ctx: ProjectionContext, settings: TenantMappingSettings): ParentRef[] {
  const missing = requiredParents({ kind: 'enrollment', record: enrollment }).filter((parent) => !known(ctx, parent));
  const cls = ctx.class(enrollment.class.sourcedId);
  // The section must be projectable too, or the enrollment would point at a section Canvas does not have.
  if (cls && cls.status === 'active') missing.push(...missingForClass(cls, ctx, settings, `class ${cls.sourcedId}`));
  return missing;
}

/** Parents (direct and, for enrollments, those of their class) not yet known in the context; empty = projectable. */
export function missingParents(entity: ProvisioningEntity, ctx: ProjectionContext, settings: TenantMappingSettings): ParentRef[] {
  if (entity.record.status === 'tobedeleted') {
    // A consolidated course id needs the class's sessions even to delete its section.
    if (entity.kind === 'class' && settings.courses.strategy === 'sections-under-course') {
      const term = resolveClassTerm(entity.record, ctx, settings);
      return term.kind === 'missing' ? [...term.missing] : [];
    }
    return [];
  }
  if (entity.kind === 'class') return missingForClass(entity.record, ctx, settings);
  if (entity.kind === 'enrollment') return missingForEnrollment(entity.record, ctx, settings);
  return [];
}

/** "tenant acme: enrollment e-1 waits for class c-9 (not yet received)" — for status pages and parking logs. */
export function waitingMessage(
  tenant: string,
  entity: { kind: ProvisioningKind; sourcedId: string },
  missing: readonly ParentRef[],
): string {
  const items = missing.map((parent) => `${parent.type} ${parent.sourcedId}${parent.via ? ` [${parent.via}]` : ''}`);
  const joined = items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
  return `tenant ${tenant}: ${entity.kind} ${entity.sourcedId} waits for ${joined} (not yet received)`;
}
