/** What the extractor last published for a record (its snapshot row). */
export interface SnapshotState {
  hash: string;
  deleted: boolean;
}

/**
 * What to do with a valid record of this run, given its snapshot row:
 * - `upsert`/`delete`: publish the change, then record the new hash;
 * - `unchanged`: nothing to publish, only mark the record seen.
 * A `tobedeleted` record never published before is published too: Canvas never had it, but its active dependants
 * (enrollments of a deleted class or user) would otherwise wait in the transformer for a parent that never comes.
 * The transformer settles them and sends nothing to Canvas for a record it never projected.
 */
export type RecordDecision = 'upsert' | 'delete' | 'unchanged';

/** Compares a record's content hash and `tobedeleted` status with what was last published. */
export function decideRecord(previous: SnapshotState | undefined, hash: string, tobedeleted: boolean): RecordDecision {
  if (previous && previous.hash === hash && previous.deleted === tobedeleted) return 'unchanged';
  if (tobedeleted) {
    if (previous?.deleted) return 'unchanged'; // already deleted (e.g. absent, now listed as tobedeleted)
    return 'delete';
  }
  return 'upsert';
}

/** The later of two optional dates (the run's newest `dateLastModified`, for the watermark). */
export function laterOf(a: Date | undefined, b: Date | undefined): Date | undefined {
  if (!a) return b;
  if (!b) return a;
  return b > a ? b : a;
}

/** A record's `dateLastModified` as a Date, or undefined when missing or unparseable. */
export function modifiedAt(raw: Record<string, unknown>): Date | undefined {
  if (typeof raw.dateLastModified !== 'string') return undefined;
  const at = new Date(raw.dateLastModified);
  return Number.isNaN(at.getTime()) ? undefined : at;
}
