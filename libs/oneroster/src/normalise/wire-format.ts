import { EntityKind, OneRosterEntities, booleanFields } from '../model';

/** Converts a normalised record to the 1.2 wire shape: boolean flags become "true"/"false" strings. */
export function toWireRecord<K extends EntityKind>(kind: K, record: OneRosterEntities[K] | Record<string, unknown>): Record<string, unknown> {
  const wire: Record<string, unknown> = { ...(record as Record<string, unknown>) };
  for (const field of booleanFields[kind] ?? []) {
    if (typeof wire[field] === 'boolean') wire[field] = wire[field] ? 'true' : 'false';
  }
  return wire;
}
