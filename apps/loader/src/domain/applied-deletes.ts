import { loaderEntityKey, type LoaderImportItem } from '@rp/persistence';

/**
 * The `canvas.*` keys to tombstone after an import: its deletes Canvas applied, unless a newer version of the
 * entity already waits in loader_pending (that version's record must survive compaction). ADR 0070.
 */
export function appliedDeletesToTombstone(
  applied: readonly Pick<LoaderImportItem, 'canvasType' | 'sisId' | 'op'>[],
  stillPending: ReadonlySet<string>,
): { canvasType: string; sisId: string }[] {
  return applied
    .filter((item) => item.op === 'delete' && !stillPending.has(loaderEntityKey(item.canvasType, item.sisId)))
    .map(({ canvasType, sisId }) => ({ canvasType, sisId }));
}
