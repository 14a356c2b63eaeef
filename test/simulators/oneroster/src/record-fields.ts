import { valuesAt } from './filter';
import { Wire } from './serialize';

const PLURAL_REFS: Record<string, string> = { terms: 'termSourcedIds', children: 'childSourcedIds', agents: 'agentSourcedIds' };

const isPrimitive = (v: unknown) => v === null || (typeof v !== 'object' && typeof v !== 'function');

/**
 * Values at a filter/sort path read straight from the stored record when its shape already matches the wire form
 * (`status`, `role`, `class.sourcedId` → `classSourcedId`, …); undefined means "render the wire object instead".
 * Rendering two million enrollments per delta query is what this avoids.
 */
export function recordValues(record: Record<string, unknown>, path: string): unknown[] | undefined {
  const parts = path.split('.');
  if (parts.length > 2) return undefined;
  const [head, tail] = parts;
  if (tail === undefined) {
    const v = record[head];
    if (v === undefined) return undefined;
    if (Array.isArray(v)) return v.every(isPrimitive) ? v : undefined;
    return isPrimitive(v) ? [v] : undefined;
  }
  const nested = record[head];
  if (Array.isArray(nested) && nested.every((o) => o && typeof o === 'object' && isPrimitive((o as Record<string, unknown>)[tail]) && tail in o)) {
    return nested.map((o) => (o as Record<string, unknown>)[tail]);
  }
  if (tail !== 'sourcedId') return undefined;
  const single = record[`${head}SourcedId`];
  if (typeof single === 'string') return [single];
  const many = PLURAL_REFS[head] && record[PLURAL_REFS[head]];
  return Array.isArray(many) ? many : undefined;
}

/** A resolver that prefers the record and renders (once) only when a path needs the wire form. */
export function fieldResolver<T>(record: T, canonical: (r: T) => Wire): (path: string) => unknown[] {
  let wire: Wire | undefined;
  return (path) => recordValues(record as Record<string, unknown>, path) ?? valuesAt((wire ??= canonical(record)), path);
}
