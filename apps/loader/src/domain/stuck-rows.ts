import { referencesOf } from './entity-references';
import { keyOf, type LoaderRow } from './loader-row';

/**
 * Waiting rows that cannot go out without news from the SIS: a row is stuck when one of its references is not
 * applied and is not a pending row that can still be imported (missing, failed, held in a plan, or itself stuck).
 * `isApplied` and `isSendable` answer for entity keys (`<type>|<sisId>`); returns the stuck rows' keys.
 */
export function stuckRows(waiting: readonly Pick<LoaderRow, 'canvasType' | 'sisId' | 'row'>[], isApplied: (key: string) => boolean, isSendable: (key: string) => boolean): Set<string> {
  const refs = new Map(waiting.map((row) => [keyOf(row), referencesOf(row).map(keyOf).filter((key) => !isApplied(key))]));
  const stuck = new Set<string>();
  // Least fixpoint from the rows missing a reference outright; dependencies are acyclic, so it terminates fast.
  for (let grew = true; grew; ) {
    grew = false;
    for (const [key, missing] of refs) {
      if (stuck.has(key)) continue;
      if (missing.some((ref) => !isSendable(ref) || stuck.has(ref))) {
        stuck.add(key);
        grew = true;
      }
    }
  }
  return stuck;
}
