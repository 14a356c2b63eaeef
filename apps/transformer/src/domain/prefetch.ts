import type { OneRosterEntityChange } from '@rp/messaging';
import type { ProvisioningEntity, ProvisioningKind } from '@rp/mapping';
import type { ChangeBodies } from './decode-change';
import { SETTINGS_REF, refKey } from './refs';
import type { Lookup, TenantSnapshot } from './tenant-snapshot';

/**
 * Levels loaded before the first evaluation: enrollment → class → term → its parent session, or a parked entity
 * released by a change → its parents → theirs. Each level is one query per kind of lookup.
 */
export const PREFETCH_LEVELS = 4;

/** Record fields naming a parent the mapping reads (GUIDRefs), and the kind they name (`parent`: the record's own kind). */
const PARENT_FIELDS: Record<string, ProvisioningKind | 'same'> = {
  user: 'user', class: 'class', school: 'org', course: 'course', org: 'org', terms: 'academicSession',
  schoolYear: 'academicSession', parent: 'same', agents: 'user',
};

/** Entity lookups for the parents a record names (one level), in the order of its fields. */
export function parentLookups(kind: ProvisioningKind, record: ProvisioningEntity['record'] | undefined): Lookup[] {
  if (!record || typeof record !== 'object') return [];
  const found: Lookup[] = [];
  for (const [field, named] of Object.entries(PARENT_FIELDS)) {
    const value = (record as unknown as Record<string, unknown>)[field];
    for (const ref of Array.isArray(value) ? value : [value]) {
      const sourcedId = (ref as { sourcedId?: unknown } | undefined)?.sourcedId;
      if (typeof sourcedId === 'string') found.push({ kind: 'entity', type: named === 'same' ? kind : named, sourcedId });
    }
  }
  return found;
}

/**
 * What the evaluation of `changes` will look up for sure, before it runs: each changed entity as stored, what is
 * parked waiting for it (and for the settings, when they are usable), and its parents. Loaded in bulk, these
 * spare the evaluation the rounds it would otherwise spend discovering them one level at a time.
 * A record that does not parse is skipped here; the evaluation reports it.
 */
export function firstLookups(changes: readonly OneRosterEntityChange[], bodies: ChangeBodies, settingsOk: boolean): Lookup[] {
  const lookups: Lookup[] = settingsOk ? [{ kind: 'parkedFor', ref: SETTINGS_REF }] : [];
  for (const change of changes) {
    lookups.push({ kind: 'entity', type: change.entityType, sourcedId: change.sourcedId });
    lookups.push({ kind: 'parkedFor', ref: refKey(change.entityType, change.sourcedId) });
    let body: ProvisioningEntity['record'] | undefined;
    try {
      body = bodies.of(change);
    } catch {
      continue;
    }
    lookups.push(...parentLookups(change.entityType, body));
  }
  return lookups;
}

/**
 * Loads `first` and then, level by level, the parents of the entities just loaded, up to `PREFETCH_LEVELS`
 * queries deep (each level one query per kind). Lookups already answered are not asked again.
 */
export async function prefetch(snapshot: TenantSnapshot, first: Lookup[], load: (lookups: Lookup[]) => Promise<void>): Promise<void> {
  let wanted = first;
  for (let level = 0; level < PREFETCH_LEVELS && wanted.length > 0; level++) {
    const fresh = snapshot.unloaded(wanted);
    if (fresh.length === 0) return;
    await load(fresh);
    wanted = [];
    for (const lookup of fresh) {
      if (lookup.kind === 'parkedFor') {
        // what waits for a changed entity is released and projected with it: load it (and then its parents) too
        for (const [, parked] of snapshot.parkedFor(lookup.ref)) wanted.push({ kind: 'entity', type: parked.type as ProvisioningKind, sourcedId: parked.sourcedId });
      }
      if (lookup.kind !== 'entity') continue;
      const row = snapshot.loadedEntity(lookup.type, lookup.sourcedId);
      if (row) wanted.push(...parentLookups(row.entity.kind, row.entity.record));
    }
  }
}
