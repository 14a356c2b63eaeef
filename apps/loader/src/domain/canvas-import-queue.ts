/**
 * Canvas runs the SIS imports of one root account one at a time, in the order they were created; a later import waits
 * in `created` until the running one ended (Canvas's per-account SIS import queue; the Canvas simulator's ImportQueue
 * models it). The loader relies on this (ADR 0171): it posts the next batch while the current one is applied, so the
 * next one is queued behind it, never processed beside it, and a row of the next batch may reference an entity the
 * current one creates.
 */
export const CANVAS_IMPORTS_PROCESSED_AT_ONCE = 1;

/** Imports the loader may keep in flight per root account: the one Canvas processes plus at most one queued behind it. */
export const MAX_IMPORTS_IN_FLIGHT = CANVAS_IMPORTS_PROCESSED_AT_ONCE + 1;

/** True when one more import may be posted while `unfinished` imports of the tenant are in flight. */
export function mayPostAnother(unfinished: number, importsInFlight: number): boolean {
  return unfinished < Math.min(Math.max(1, importsInFlight), MAX_IMPORTS_IN_FLIGHT);
}

/** From this progress (%) of the running import on, a batch that is due is queued behind it even though not full. */
export const QUEUE_PARTIAL_BATCH_FROM_PROGRESS = 50;

/**
 * Whether to post the due batch now, behind a running import: a full batch at once; a partial one only once the
 * running import is half done (queued earlier, it would be small while rows go on arriving, and each import costs
 * Canvas a fixed overhead); with nothing running, as soon as it is due.
 */
export function queueBehindRunning(batch: { count: number; full: boolean }, running: { progress: number } | undefined): boolean {
  if (batch.count === 0) return false;
  return !running || batch.full || running.progress >= QUEUE_PARTIAL_BATCH_FROM_PROGRESS;
}

/**
 * A batch with destructive rows the safety gate judges waits until no import is in flight: the gate adds up the run's
 * deletions applied by earlier batches, and an unfinished import's are not recorded yet.
 */
export function mustWaitForInFlight(unfinished: number, gatedRows: number): boolean {
  return unfinished > 0 && gatedRows > 0;
}
