import { CanvasProjection, canvasProjection, projectionKey } from './canvas-projection';

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
    .map((p) => canvasProjection(p.type, p.sisId, { ...p.row, status: 'deleted' } as never, 'delete', p.sources, p.schoolSourcedId) as CanvasProjection);
}
