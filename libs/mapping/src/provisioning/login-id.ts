import type { User } from '@rp/oneroster';
import type { IntegrationIdSource, LoginIdSource } from './tenant-mapping-settings';

function userIdOfType(user: User, type: string): string | undefined {
  const wanted = type.trim().toLowerCase();
  return user.userIds?.find((id) => id.type.trim().toLowerCase() === wanted)?.identifier;
}

/** Human label of a login source for error messages, e.g. `userIds[type=LDAP]`. */
export function describeLoginIdSource(source: LoginIdSource): string {
  return source.from === 'userId' ? `userIds[type=${source.type}]` : source.from;
}

/** Canvas login_id: the first non-blank configured source (userIds types match case-insensitively), else undefined. */
export function loginIdFor(user: User, sources: readonly LoginIdSource[]): string | undefined {
  for (const source of sources) {
    const value = source.from === 'userId' ? userIdOfType(user, source.type) : user[source.from];
    if (value?.trim()) return value.trim();
  }
  return undefined;
}

/** Canvas integration_id per setting, or undefined (column left out). */
export function integrationIdFor(user: User, source: IntegrationIdSource): string | undefined {
  const value = source.from === 'none' ? undefined : source.from === 'userId' ? userIdOfType(user, source.type) : user[source.from];
  return value?.trim() || undefined;
}
