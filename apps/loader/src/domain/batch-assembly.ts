import { isDestructive } from './destructive-change';
import { referencesOf } from './entity-references';
import { EntityRef, keyOf, LoaderRow } from './loader-row';

export interface WaitingRow<R extends LoaderRow> {
  row: R;
  waitingFor: EntityRef[];
}

export interface AssembledBatch<R extends LoaderRow> {
  ready: R[];
  waiting: WaitingRow<R>[];
}

/**
 * Splits candidate rows into those that can be imported now and those that wait: a row is ready when every
 * entity it references is applied in Canvas or ready in the same batch (Canvas imports parents first).
 * Destructive rows never wait (removing something needs nothing else to exist).
 */
export function assembleBatch<R extends LoaderRow>(candidates: readonly R[], isApplied: (key: string) => boolean): AssembledBatch<R> {
  const ready = new Set<string>();
  const unresolved = new Map<string, R>();
  for (const row of candidates) {
    if (isDestructive(row)) ready.add(keyOf(row));
    else unresolved.set(keyOf(row), row);
  }
  const satisfied = (ref: EntityRef) => isApplied(keyOf(ref)) || ready.has(keyOf(ref));
  // Fixpoint: parents usually come first, so this takes one or two passes.
  for (let progressed = true; progressed; ) {
    progressed = false;
    for (const [key, row] of unresolved) {
      if (referencesOf(row).every(satisfied)) {
        ready.add(key);
        unresolved.delete(key);
        progressed = true;
      }
    }
  }
  return {
    ready: candidates.filter((row) => ready.has(keyOf(row))),
    waiting: [...unresolved.values()].map((row) => ({ row, waitingFor: referencesOf(row).filter((ref) => !satisfied(ref)) })),
  };
}

/** "tenant acme: enrollment S1:U1:student waits for user U1, section S1" — for logs and load results. */
export function waitingMessage(tenant: string, waiting: WaitingRow<LoaderRow>): string {
  const what = waiting.waitingFor.map((ref) => `${ref.canvasType} ${ref.sisId}`).join(', ');
  return `tenant ${tenant}: ${waiting.row.canvasType} ${waiting.row.sisId} waits for ${what} (neither applied in Canvas nor in this batch); it is imported once they are`;
}
