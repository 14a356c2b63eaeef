import { PermanentError } from '@rp/messaging';
import type { OneRosterEntityChange } from '@rp/messaging';
import {
  CanvasProjection,
  ProvisioningEntity,
  ProvisioningMappingError,
  TenantMappingSettings,
  blockedMessage,
  canonicalJson,
  deletedParentOf,
  projectEntity,
  projectionKey,
  retractedProjections,
} from '@rp/mapping';
import { ChangeBodies, entityAfterChange } from './decode-change';
import { changesClasses, changesEnrollments } from './dependants';
import { sameProjections } from './projection-hashes';
import { MAPPING_ERROR_REF, SETTINGS_REF, entityKey, parentKey, refKey } from './refs';
import type { Materialised, Parked, SnapshotView } from './tenant-snapshot';

/** Settings of the tenant, or why there are none usable (its records then wait, parked, with that message). */
export type SettingsOutcome = { ok: true; settings: TenantMappingSettings } | { ok: false; message: string };

/** A projection to publish if it differs from the last one published, with the run that caused it. */
export interface Emission {
  projection: CanvasProjection;
  syncRun: string;
  /**
   * A drop decided by a parent, not by the entity's own record: a dependant re-projected because a parent changed,
   * or an active record under a deleted parent. Once its Canvas key was dropped, such a drop is not sent again
   * (see `settleEmissions`): only the entity's own record has a final word on it.
   */
  parentDriven?: boolean;
}

/**
 * An active entity projected as a drop because a parent is `tobedeleted` (see `deletedParentOf`): settled either
 * way — dropped per policy if Canvas had it, else blocked (nothing sent, listed) until the parent is active again.
 */
export interface BlockedByDeletedParent {
  /** The row to keep if Canvas never had the entity (state `blocked`, waiting for the deleted parent). */
  parked: Parked;
  /** Projection keys the entity produced (its drops); Canvas never had it when none of them was ever published. */
  keys: string[];
}

/** What one tenant's slice of a batch does: projections to consider, entities to store, parking changes. */
export interface BatchPlan {
  emissions: Map<string, Emission>;
  entities: Map<string, Materialised>;
  parked: Map<string, Parked>;
  released: Set<string>;
  blocked: Map<string, BlockedByDeletedParent>;
}

/** True when the projection belongs to the entity itself (lineage starts with it), not to a dependant it re-projected. */
export function isOwnProjection(projection: CanvasProjection, entity: ProvisioningEntity): boolean {
  const first = projection.sources[0];
  return first !== undefined && first.type === entity.kind && first.sourcedId === entity.record.sourcedId;
}

/**
 * Applies one tenant's changes in order to the view and decides, with `@rp/mapping`, every projection to
 * publish (the changed entities, what they release from parking and their re-projected dependants), the
 * retractions of projections an entity no longer produces, and what to park. Pure apart from the view.
 * Throws PermanentError when an input record can never be mapped. `bodies` parses each record once across rounds.
 */
export function evaluateTenantBatch(
  changes: readonly OneRosterEntityChange[],
  settings: SettingsOutcome,
  view: SnapshotView,
  bodies = new ChangeBodies(),
): BatchPlan {
  const plan: BatchPlan = { emissions: new Map(), entities: new Map(), parked: new Map(), released: new Set(), blocked: new Map() };
  const run = new Evaluation(plan, view);
  if (settings.ok && changes.length > 0) {
    // Settings were fixed: records parked while they were invalid come back first.
    for (const parked of view.parkedWaitingFor(SETTINGS_REF)) run.reproject(parked.type, parked.sourcedId, settings.settings, changes[0].syncRun);
  }
  for (const change of changes) {
    const previous = view.stored(change.entityType, change.sourcedId);
    const next = entityAfterChange(change, previous, bodies);
    if (!next) continue;
    run.store(next);
    if (!settings.ok) {
      run.park(next.entity, [SETTINGS_REF], settings.message);
      continue;
    }
    run.project(next, settings.settings, change.syncRun, true);
    for (const dependant of dependantsOf(previous?.entity, next.entity, view)) {
      run.reproject(dependant.kind, dependant.sourcedId, settings.settings, change.syncRun);
    }
  }
  return plan;
}

function dependantsOf(previous: ProvisioningEntity | undefined, next: ProvisioningEntity, view: SnapshotView) {
  const own = entityKey(next);
  const found = new Map<string, { kind: string; sourcedId: string }>();
  for (const parked of view.parkedWaitingFor(own)) found.set(refKey(parked.type, parked.sourcedId), { kind: parked.type, sourcedId: parked.sourcedId });
  if (changesEnrollments(previous, next)) {
    const enrollments = next.kind === 'class' ? view.enrollmentsOfClass(next.record.sourcedId) : view.enrollmentsOfUser(next.record.sourcedId);
    for (const e of enrollments) found.set(refKey('enrollment', e.sourcedId), { kind: 'enrollment', sourcedId: e.sourcedId });
  }
  if (changesClasses(previous, next)) {
    for (const c of view.classesOfTerm(next.record.sourcedId)) found.set(refKey('class', c.sourcedId), { kind: 'class', sourcedId: c.sourcedId });
  }
  found.delete(own);
  return [...found.values()];
}

/** Entities that may produce the same Canvas key as `entity` did with `projection`. */
function coProducers(projection: CanvasProjection, entity: ProvisioningEntity, view: SnapshotView): ProvisioningEntity[] {
  const notSelf = (sourcedId: string) => sourcedId !== entity.record.sourcedId;
  if (entity.kind === 'enrollment' && projection.type === 'enrollment') {
    return view
      .enrollmentsOf(entity.record.user.sourcedId, entity.record.class.sourcedId)
      .filter((e) => notSelf(e.sourcedId))
      .map((record) => ({ kind: 'enrollment', record }));
  }
  const course = projection.sources.find((s) => s.type === 'course');
  if (entity.kind === 'class' && projection.type === 'course' && course) {
    return view.classesOfCourse(course.sourcedId).filter((c) => notSelf(c.sourcedId)).map((record) => ({ kind: 'class', record }));
  }
  return [];
}

function unchanged(before: Materialised, after: Materialised): boolean {
  return (
    before.deleted === after.deleted &&
    sameProjections(before.projections, after.projections) &&
    // Dependants carry the very record object they were read with; inputs are compared by content (jsonb reorders keys).
    (before.entity.record === after.entity.record || canonicalJson(before.entity.record) === canonicalJson(after.entity.record))
  );
}

class Evaluation {
  constructor(
    private readonly plan: BatchPlan,
    private readonly view: SnapshotView,
  ) {}

  /** Applies the entity to the view; it is written back only when it differs from what is stored. */
  store(materialised: Materialised): void {
    const before = this.view.stored(materialised.entity.kind, materialised.entity.record.sourcedId);
    this.view.put(materialised);
    if (before && unchanged(before, materialised)) return;
    this.plan.entities.set(entityKey(materialised.entity), materialised);
  }

  reproject(kind: string, sourcedId: string, settings: TenantMappingSettings, syncRun: string): void {
    const stored = this.view.stored(kind as ProvisioningEntity['kind'], sourcedId);
    if (stored) this.project(stored, settings, syncRun, false);
  }

  project(target: Materialised, settings: TenantMappingSettings, syncRun: string, isInput: boolean): void {
    let outcome: ReturnType<typeof projectEntity>;
    try {
      outcome = projectEntity(target.entity, this.view, settings);
    } catch (error) {
      if (!(error instanceof ProvisioningMappingError)) throw error;
      if (isInput) throw new PermanentError(error.message, { cause: error });
      // A dependant turned unmappable (e.g. its new term has no Canvas term): keep it visible, not the trigger's fault.
      this.park(target.entity, [MAPPING_ERROR_REF], error.message);
      return;
    }
    if (outcome.status === 'waiting') {
      this.park(target.entity, outcome.missing.map(parentKey), outcome.message);
      return;
    }
    const own = outcome.projections.filter((p) => isOwnProjection(p, target.entity));
    const retracted = retractedProjections(target.projections, own).map((r) => this.stillProduced(r, target.entity, settings) ?? r);
    const byParent = !isInput || deletedParentOf(target.entity, this.view, settings) !== undefined;
    for (const projection of [...outcome.projections, ...retracted]) {
      const key = projectionKey(projection);
      this.plan.emissions.delete(key); // the latest decision wins, in the order it was made
      this.plan.emissions.set(key, { projection, syncRun, parentDriven: byParent && projection.op === 'delete' && outcome.projections.includes(projection) });
    }
    this.store({ ...target, projections: own });
    this.release(target.entity);
    this.noteDeletedParent(target.entity, own, settings);
  }

  private noteDeletedParent(entity: ProvisioningEntity, own: CanvasProjection[], settings: TenantMappingSettings): void {
    const key = entityKey(entity);
    const parent = deletedParentOf(entity, this.view, settings);
    if (!parent || own.length === 0) return;
    const message = blockedMessage(this.view.tenant, { kind: entity.kind, sourcedId: entity.record.sourcedId }, parent);
    const parked: Parked = { type: entity.kind, sourcedId: entity.record.sourcedId, waitingFor: [parentKey(parent)], message, state: 'blocked' };
    this.plan.blocked.set(key, { parked, keys: own.map(projectionKey) });
  }

  /**
   * Another entity may still produce what this one stopped producing: a sibling enrollment with the same Canvas
   * key, or another class in the same consolidated course. Then that projection goes out instead of a delete.
   */
  private stillProduced(retracted: CanvasProjection, entity: ProvisioningEntity, settings: TenantMappingSettings): CanvasProjection | undefined {
    const others = coProducers(retracted, entity, this.view);
    for (const other of others) {
      let outcome: ReturnType<typeof projectEntity>;
      try {
        outcome = projectEntity(other, this.view, settings);
      } catch (error) {
        if (error instanceof ProvisioningMappingError) continue;
        throw error;
      }
      const same = outcome.status === 'projected' ? outcome.projections.find((p) => projectionKey(p) === projectionKey(retracted)) : undefined;
      if (same?.op === 'upsert') return same;
    }
    return undefined;
  }

  park(entity: ProvisioningEntity, waitingFor: string[], message: string): void {
    const key = entityKey(entity);
    this.plan.blocked.delete(key);
    const parked: Parked = { type: entity.kind, sourcedId: entity.record.sourcedId, waitingFor, message };
    this.view.setParked(key, parked);
    this.plan.parked.set(key, parked);
    this.plan.released.delete(key);
  }

  private release(entity: ProvisioningEntity): void {
    const key = entityKey(entity);
    this.plan.blocked.delete(key);
    this.view.setParked(key, null);
    this.plan.parked.delete(key);
    this.plan.released.add(key);
  }
}
