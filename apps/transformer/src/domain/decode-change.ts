import { PermanentError } from '@rp/messaging';
import type { OneRosterEntityChange } from '@rp/messaging';
import type { ProvisioningEntity } from '@rp/mapping';
import { withoutPersonalFields } from '@rp/oneroster';
import type { Materialised } from './tenant-snapshot';

/**
 * The entity a change leaves behind. An upsert carries the record; a delete carries none (or a last copy) and
 * is applied to the stored record with status `tobedeleted`, so its projections can emit the deletes.
 * Returns undefined for a delete of a record never received (nothing in Canvas came from it).
 */
export function entityAfterChange(change: OneRosterEntityChange, previous: Materialised | undefined, bodies = new ChangeBodies()): Materialised | undefined {
  const body = bodies.of(change);
  if (change.op === 'delete') {
    const last = body ?? previous?.entity.record;
    if (!last) return undefined;
    // the stored copy of a deleted entity keeps only what its deletes need (no names or contacts)
    const record = { ...withoutPersonalFields(change.entityType, last as unknown as Record<string, unknown>), status: 'tobedeleted' } as unknown as ProvisioningEntity['record'];
    return { entity: { kind: change.entityType, record } as ProvisioningEntity, deleted: true, projections: previous?.projections ?? [] };
  }
  if (!body) {
    throw new PermanentError(`tenant ${change.tenant}: ${change.entityType} ${change.sourcedId} upsert has no record; re-extract it`);
  }
  const entity = { kind: change.entityType, record: body } as ProvisioningEntity;
  return { entity, deleted: body.status === 'tobedeleted', projections: previous?.projections ?? [] };
}

type Body = ProvisioningEntity['record'];

/**
 * Each change's record, parsed once however many evaluation rounds read it (a record that is not JSON keeps its
 * error and throws it on every read). The parsed object is shared by the rounds: the mapping never mutates records.
 */
export class ChangeBodies {
  private readonly parsed = new Map<OneRosterEntityChange, { body?: Body; error?: unknown }>();

  /** The record of the change; undefined when it carries none (a delete). Throws PermanentError when it is unusable. */
  of(change: OneRosterEntityChange): Body | undefined {
    if (change.record === null) return undefined;
    let entry = this.parsed.get(change);
    if (!entry) {
      try {
        entry = { body: parseBody(change) };
      } catch (error) {
        entry = { error };
      }
      this.parsed.set(change, entry);
    }
    if (entry.error !== undefined) throw entry.error;
    return entry.body;
  }
}

function parseBody(change: OneRosterEntityChange): ProvisioningEntity['record'] {
  let body: unknown;
  try {
    body = JSON.parse(change.record ?? '');
  } catch (error) {
    throw new PermanentError(`tenant ${change.tenant}: ${change.entityType} ${change.sourcedId} has a record that is not JSON`, { cause: error });
  }
  const record = body as { sourcedId?: unknown; status?: unknown };
  if (typeof body !== 'object' || body === null || record.sourcedId !== change.sourcedId) {
    throw new PermanentError(
      `tenant ${change.tenant}: ${change.entityType} ${change.sourcedId} has a record whose sourcedId is ${JSON.stringify(record?.sourcedId)}; the extractor must publish the record under its own sourcedId`,
    );
  }
  return body as ProvisioningEntity['record'];
}
