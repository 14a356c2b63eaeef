import { CanvasProjection, projectionHash } from '@rp/mapping';

const hashes = new WeakMap<CanvasProjection, string>();

/** `projectionHash`, computed once per projection object (it is compared, stored and published). */
export function hashOf(projection: CanvasProjection): string {
  let hash = hashes.get(projection);
  if (hash === undefined) {
    hash = projectionHash(projection);
    hashes.set(projection, hash);
  }
  return hash;
}

/** Same projections in the same order (by content hash; lineage aside). */
export function sameProjections(a: readonly CanvasProjection[], b: readonly CanvasProjection[]): boolean {
  return a.length === b.length && a.every((p, i) => hashOf(p) === hashOf(b[i]));
}
