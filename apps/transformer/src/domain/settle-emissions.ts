import type { BatchPlan, Emission } from './evaluate-batch';
import { hashOf } from './projection-hashes';
import type { Parked } from './tenant-snapshot';

/** What the transformer last published for a Canvas key (`transformer_projections`). */
export interface PublishedProjection {
  hash: string;
  op: 'upsert' | 'delete';
}

/** The emissions to publish, and the blocked records to keep listed, once the plan is held against what was published. */
export interface Settlement {
  publish: Emission[];
  /** Drops not sent: nothing was ever published for their Canvas key, so Canvas has nothing to drop. */
  neverPublished: number;
  /** Active records under a deleted parent that Canvas never had (state `blocked`). */
  blocked: Parked[];
}

/**
 * Decides what goes out: a projection whose hash differs from the last one published (all of them when `forced`),
 * except
 * - a drop for a Canvas key never published — Canvas never had it, so sending it would only reach the loader's
 *   safety gate and Canvas as a delete of nothing;
 * - a drop decided by a parent (`parentDriven`) for a key whose last published projection is already a drop — the
 *   drop was decided before (applied, or rejected by an operator at the loader's gate). Without this, a class
 *   returning after a rejected plan re-projected its still-deleted enrollments as fresh drops (another status,
 *   so another hash) that slipped under the gate's minimum and reached Canvas seconds before the enrollments' own
 *   records restored them.
 * A record dropped only because its parent is deleted is then blocked (listed with that reason) when none of its
 * keys was ever published, and settled as dropped otherwise.
 */
export function settleEmissions(plan: BatchPlan, published: ReadonlyMap<string, PublishedProjection>, forced: boolean): Settlement {
  const publish: Emission[] = [];
  const unsent = new Set<string>();
  for (const [key, emission] of plan.emissions) {
    const last = published.get(key);
    if (!forced && emission.projection.op === 'delete' && !last) {
      unsent.add(key);
      continue;
    }
    if (!forced && emission.parentDriven && last?.op === 'delete') continue; // already dropped: counted unchanged
    if (forced || last?.hash !== hashOf(emission.projection)) publish.push(emission);
  }
  const blocked = [...plan.blocked.values()]
    .filter(({ keys }) => keys.every((key) => !published.has(key) && (unsent.has(key) || !plan.emissions.has(key))))
    .map(({ parked }) => parked);
  return { publish, neverPublished: unsent.size, blocked };
}
