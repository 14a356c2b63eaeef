/**
 * What a deleted user's record still needs downstream: its identity, status and the links that decide which Canvas
 * rows it removes (roles and orgs for the school, agents for observer links). Names, e-mail, phone, usernames,
 * identifiers, demographics and `metadata` are personal and no longer needed once the person leaves.
 */
const USER_FIELDS_KEPT_ON_DELETE = ['sourcedId', 'status', 'dateLastModified', 'enabledUser', 'roles', 'primaryOrg', 'agents'] as const;

/**
 * A `tobedeleted` record as published: a user keeps only `USER_FIELDS_KEPT_ON_DELETE` (its required names become
 * empty strings so the record keeps its shape); any record loses its `metadata` (unknown SIS fields travel there).
 */
export function withoutPersonalFields(kind: string, record: Record<string, unknown>): Record<string, unknown> {
  if (kind !== 'user') {
    const { metadata: _dropped, ...rest } = record;
    return rest;
  }
  const kept: Record<string, unknown> = { givenName: '', familyName: '' };
  for (const field of USER_FIELDS_KEPT_ON_DELETE) if (record[field] !== undefined) kept[field] = record[field];
  return kept;
}
