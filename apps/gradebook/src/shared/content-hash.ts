import { createHash } from 'node:crypto';

/** Stable JSON: keys sorted at every level, so equal content always hashes the same. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Hash of a lineItem/result as IC would store it. `dateLastModified` is the decision time, so it is left out:
 * otherwise every replay or reconciliation would look like a change (ADR 0006).
 */
export function gradebookContentHash(record: { dateLastModified?: string } & Record<string, unknown>): string {
  const { dateLastModified: _ignored, ...content } = record;
  return createHash('sha256').update(stableJson(content)).digest('hex');
}
