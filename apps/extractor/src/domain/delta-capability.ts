/** How long a detected "no usable deltas" holds before a delta is tried again (the provider may have been fixed). */
export const DELTA_REPROBE_MS = 24 * 3600 * 1000;

/** A delta run found the provider's `dateLastModified` filter refused or ignored: the run is done as a full one. */
export class DeltaUnusableError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * Why a delta page shows the filter was ignored: a record modified at or before the window's start (`>` is strict),
 * which a provider applying `dateLastModified>'since'` never returns. Undefined when the page is consistent.
 */
export function ignoredFilterReason(tenant: string, collection: string, since: Date, modified: (Date | undefined)[]): string | undefined {
  const older = modified.filter((at): at is Date => at !== undefined && at.getTime() <= since.getTime());
  if (older.length === 0) return undefined;
  const oldest = older.reduce((a, b) => (b < a ? b : a));
  return (
    `tenant ${tenant}: the provider ignored the delta filter on ${collection} (dateLastModified>'${since.toISOString()}' ` +
    `returned ${older.length} record(s) modified as early as ${oldest.toISOString()}); deltas run as full syncs`
  );
}
