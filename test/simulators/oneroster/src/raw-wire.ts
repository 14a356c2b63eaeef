import type { RosterKind, RosterStore, RosterTables } from './roster-store';
import type { Wire } from './serialize';

/** Marks a stored record whose wire form is served exactly as given (no serialisation, no quirks). */
export const RAW_WIRE = Symbol('rawWire');

type WithRaw = { [RAW_WIRE]?: Wire };

/** Wraps a serialiser so records seeded as raw wire are served verbatim. */
export function servedVerbatim<R, C>(toWire: (r: R, ctx: C) => Wire): (r: R, ctx: C) => Wire {
  return (r, ctx) => (r as WithRaw)[RAW_WIRE] ?? toWire(r, ctx);
}

/**
 * Stores provider records in their wire form, valid or not (missing or duplicate sourcedIds, nulls, wrong types),
 * to be served verbatim on the collection and single-record reads of `kind`, in the given order. `shell` gives the
 * plain fixture form the store's indexes read (default: only sourcedId/status/dateLastModified); records without a
 * usable, unique sourcedId are stored under a generated key.
 */
export function seedRawWire<K extends RosterKind>(store: RosterStore, kind: K, records: readonly Wire[], shell?: (wire: Wire) => Partial<RosterTables[K]> | undefined): void {
  const table = store.table(kind);
  records.forEach((wire, i) => {
    const id = typeof wire.sourcedId === 'string' && wire.sourcedId && !table.has(wire.sourcedId) ? wire.sourcedId : `raw-${kind}-${i}`;
    const plain = shell?.(wire) ?? { status: wire.status, dateLastModified: wire.dateLastModified };
    table.set(id, { ...plain, sourcedId: id, [RAW_WIRE]: wire } as unknown as RosterTables[K]);
  });
  store.touch();
}
