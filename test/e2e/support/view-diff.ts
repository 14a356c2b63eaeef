import type { CanvasView } from './canvas-view';

/**
 * Human-readable differences between the Canvas a test expects and what the simulator holds: missing objects,
 * unexpected extra objects, and objects whose key fields differ. Empty when they match. Long lists are cut.
 */
export function diffViews(actual: CanvasView, expected: CanvasView, limit = 15): string[] {
  const out: string[] = [];
  for (const kind of ['accounts', 'terms', 'courses', 'sections', 'users', 'enrollments'] as const) {
    const a = actual[kind] as Record<string, unknown>;
    const e = expected[kind] as Record<string, unknown>;
    const lines: string[] = [];
    for (const key of Object.keys(e)) {
      if (!(key in a)) lines.push(`${kind}: missing ${key} ${JSON.stringify(e[key])}`);
      else if (JSON.stringify(a[key]) !== JSON.stringify(e[key])) {
        lines.push(`${kind}: ${key} is ${JSON.stringify(a[key])}, expected ${JSON.stringify(e[key])}`);
      }
    }
    for (const key of Object.keys(a)) if (!(key in e)) lines.push(`${kind}: unexpected ${key} ${JSON.stringify(a[key])}`);
    out.push(...lines.slice(0, limit));
    if (lines.length > limit) out.push(`${kind}: … ${lines.length - limit} more differences`);
  }
  const actualLinks = new Set(actual.observers);
  const expectedLinks = new Set(expected.observers);
  const missing = expected.observers.filter((l) => !actualLinks.has(l));
  const extra = actual.observers.filter((l) => !expectedLinks.has(l));
  if (missing.length) out.push(`observers: missing ${missing.length}: ${missing.slice(0, limit).join(', ')}`);
  if (extra.length) out.push(`observers: unexpected ${extra.length}: ${extra.slice(0, limit).join(', ')}`);
  return out;
}
