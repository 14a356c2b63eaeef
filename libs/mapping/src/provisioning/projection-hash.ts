import { contentHash } from '../content-hash';
import type { CanvasProjection } from './canvas-projection';

/**
 * sha256 (hex) of what Canvas would receive: type, key, op, school and row. Lineage is left out on purpose —
 * a consolidated course projected from two classes is the same Canvas change and must hash the same.
 */
export function projectionHash(projection: CanvasProjection): string {
  const { type, sisId, op, row, schoolSourcedId } = projection;
  return contentHash({ type, sisId, op, row, schoolSourcedId });
}
