import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level, so equal records always serialise the same way. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** sha256 of the normalised record: an unchanged hash means there is nothing to publish. */
export function contentHash(record: unknown): string {
  return createHash('sha256').update(stableStringify(record)).digest('hex');
}
