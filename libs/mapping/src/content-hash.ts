import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level and `undefined` object values dropped (an `undefined` array item is
 * `null`, as JSON.stringify writes it), so equal content always serialises — and hashes — the same. The one canonical
 * form of the platform: the extractor's record hashes, the transformer's projection hashes, the gradebook's written
 * content and the Live Event identity all use it.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** sha256 (hex) of the canonical JSON of `value`: an unchanged hash means unchanged content. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/**
 * The identity of a Live Event: the content hash of its `{metadata, body}` — what the events-gateway's replay log
 * and the gradebook's outcome log both key an event by.
 */
export function liveEventIdentity(metadata: unknown, body: unknown): string {
  return contentHash({ metadata, body });
}
