import { createHash } from 'node:crypto';
import type { CanvasProjection } from './canvas-projection';

/** JSON with object keys sorted at every level and undefined values dropped, so equal content hashes equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * sha256 (hex) of what Canvas would receive: type, key, op, school and row. Lineage is left out on purpose —
 * a consolidated course projected from two classes is the same Canvas change and must hash the same.
 */
export function projectionHash(projection: CanvasProjection): string {
  const { type, sisId, op, row, schoolSourcedId } = projection;
  return createHash('sha256').update(canonicalJson({ type, sisId, op, row, schoolSourcedId })).digest('hex');
}
