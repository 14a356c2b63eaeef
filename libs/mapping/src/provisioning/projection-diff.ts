import type { CanvasEntityType } from './ports/canvas-rows';
import { CanvasProjection, CanvasProjectionOf, canvasProjection, projectionKey } from './canvas-projection';

/**
 * Deletions for projections an entity produced before but no longer produces (an agent link removed, a teacher
 * whose role moved from teacher to ta, a role now skipped by settings). The transformer keeps the previous set
 * per source entity and emits these alongside the new projections. Already-deleted ones are not repeated.
 */
export function retractedProjections(
  previous: readonly CanvasProjection[],
  next: readonly CanvasProjection[],
): CanvasProjection[] {
  const still = new Set(next.map(projectionKey));
  return previous
    .filter((p) => p.op === 'upsert' && !still.has(projectionKey(p)))
    .map(retracted);
}

/** The projection that deletes what `p` created: the same entity with a `deleted` status (of the same type). */
function retracted(p: CanvasProjection): CanvasProjection;
function retracted<T extends CanvasEntityType>(p: CanvasProjectionOf<T>): CanvasProjectionOf<T> {
  return canvasProjection(p.type, p.sisId, Object.assign({ ...p.row }, { status: 'deleted' as const }), 'delete', p.sources, p.schoolSourcedId);
}
