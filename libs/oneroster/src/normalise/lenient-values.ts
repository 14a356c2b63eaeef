import { GuidRef, GuidRefType } from '../model';

const truthy = new Set(['true', 't', 'yes', 'y', '1']);
const falsy = new Set(['false', 'f', 'no', 'n', '0']);

/** Parses "true"/"false", real booleans, 1/0 and yes/no; anything else is returned unchanged for the validator. */
export function lenientBoolean(value: unknown): unknown {
  if (typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  if (truthy.has(text)) return true;
  if (falsy.has(text)) return false;
  return value;
}

/** Repairs case/spacing of a vocabulary value; keeps `ext:` values (prefix lower-cased); unknown values unchanged. */
export function lenientVocabulary(value: unknown, vocabulary: readonly string[]): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (/^ext:/i.test(trimmed)) return 'ext:' + trimmed.slice(4);
  const key = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  return vocabulary.find((v) => key(v) === key(trimmed)) ?? trimmed;
}

/** `2024-08-01T00:00:00Z` in a date-only field becomes `2024-08-01`; other values unchanged. */
export function lenientDate(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const match = /^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}/.exec(value.trim());
  return match ? match[1] : value.trim();
}

/** Numeric strings become numbers; other values unchanged. */
export function lenientNumber(value: unknown): unknown {
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return value;
}

/**
 * A GUIDRef href as an absolute URL: one relative to the service (`/orgs/<id>`, as some providers send) is resolved
 * against the base URL it was read from; undefined when it is relative and no base is known (href is optional).
 */
export function absoluteHref(href: string, baseUrl?: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return href;
  if (!baseUrl) return undefined;
  return `${baseUrl.replace(/\/+$/, '')}/${href.replace(/^\/+/, '')}`;
}

/** Accepts `{sourcedId}`, `{sourcedId, type, href}` or a bare id string; the field decides the type. */
export function lenientGuidRef(value: unknown, type: GuidRefType, onRelativeHref?: (href: string) => string | undefined): unknown {
  if (typeof value === 'string' || typeof value === 'number') return { sourcedId: String(value), type };
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const ref = value as Record<string, unknown>;
  const out: Record<string, unknown> = { ...ref, type };
  if (ref.sourcedId !== undefined && ref.sourcedId !== null) out.sourcedId = String(ref.sourcedId);
  if (ref.href === null || ref.href === '') delete out.href;
  else if (typeof ref.href === 'string' && onRelativeHref && !/^[a-z][a-z0-9+.-]*:/i.test(ref.href)) {
    const resolved = onRelativeHref(ref.href);
    if (resolved === undefined) delete out.href;
    else out.href = resolved;
  }
  return out as unknown as GuidRef;
}

/** Removes null/undefined members recursively (the 1.2 schema has no nullable fields). */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== null && v !== undefined).map(withoutNulls);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = withoutNulls(v);
  return out;
}
