import { projectOrg } from './account.mapper';
import { CanvasProjection } from './canvas-projection';
import { projectClass, projectCourse } from './course.mapper';
import { MissingParentsError, missingParents, waitingMessage } from './dependencies';
import { projectEnrollment } from './enrollment.mapper';
import type { ParentRef } from './ports/parent-ref';
import type { ProjectionContext } from './ports/projection-context';
import type { ProvisioningEntity } from './ports/provisioning-entity';
import { contextWith } from './projection-context';
import { projectAcademicSession } from './term.mapper';
import type { TenantMappingSettings } from './tenant-mapping-settings';
import { projectUser } from './user.mapper';

/** Result of projecting one entity: its Canvas projections, or the parents it waits for (park it). */
export type ProjectionOutcome =
  | { status: 'projected'; projections: CanvasProjection[] }
  | { status: 'waiting'; missing: ParentRef[]; message: string };

/** The Canvas projections of one OneRoster entity (assumes its parents are known; see `projectEntity`). */
export function projectionsOf(entity: ProvisioningEntity, ctx: ProjectionContext, settings: TenantMappingSettings): CanvasProjection[] {
  switch (entity.kind) {
    case 'org':
      return projectOrg(entity.record, settings);
    case 'academicSession':
      return projectAcademicSession(entity.record, ctx, settings);
    case 'course':
      return projectCourse(entity.record, ctx, settings);
    case 'class':
      return projectClass(entity.record, ctx, settings);
    case 'user':
      return projectUser(entity.record, ctx, settings);
    case 'enrollment':
      return projectEnrollment(entity.record, ctx, settings);
  }
}

/**
 * Projects an entity against the tenant's known records (the entity itself applied on top of `ctx`).
 * Missing parents → `waiting` with a message naming tenant, entity and parents; a record that can never be
 * mapped throws `ProvisioningMappingError` (permanent: dead-letter it).
 */
export function projectEntity(entity: ProvisioningEntity, ctx: ProjectionContext, settings: TenantMappingSettings): ProjectionOutcome {
  const view = contextWith(ctx, entity);
  const ref = { kind: entity.kind, sourcedId: entity.record.sourcedId };
  const missing = missingParents(entity, view, settings);
  if (missing.length > 0) return { status: 'waiting', missing, message: waitingMessage(ctx.tenant, ref, missing) };
  try {
    return { status: 'projected', projections: projectionsOf(entity, view, settings) };
  } catch (error) {
    if (error instanceof MissingParentsError) return { status: 'waiting', missing: [...error.missing], message: error.message };
    throw error;
  }
}
