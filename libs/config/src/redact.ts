export const REDACTED = '[REDACTED]';

/** Keys whose values are secrets wherever they appear (case- and separator-insensitive). */
const SECRET_KEY =
  /(token|secret|passw(or)?d|pwd|authorization|api[-_]?key|private[-_]?key|secrets[-_]?key|credential|cookie|jwt|signature)/i;

const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/[^:/@\s]+):[^@/\s]+@/gi;
const ENCRYPTED = /\b(v1|v2:[0-9a-f]{12}):[A-Za-z0-9+/=]{8,}:[A-Za-z0-9+/=]{8,}:[A-Za-z0-9+/=]*/g;

/** True when a field of this name holds a secret. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Removes credentials embedded in free text: bearer/basic tokens, passwords in URLs, encrypted blobs. */
export function redactText(text: string): string {
  return text
    .replace(BEARER, (_m, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(URL_CREDENTIALS, `$1:${REDACTED}@`)
    .replace(ENCRYPTED, REDACTED);
}

/** A deep copy of `value` safe to log: secret-named fields replaced, credentials in strings removed. */
export function redact(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (Buffer.isBuffer(value)) return `<${value.length} bytes>`;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  try {
    return redactObject(value, seen);
  } finally {
    seen.delete(value); // only true cycles are cut; an object shared by two fields is logged twice
  }
}

function redactObject(value: object, seen: WeakSet<object>): unknown {
  if (value instanceof Error) {
    const { name, message, stack } = value;
    const extra = redact({ ...value }, seen) as Record<string, unknown>;
    return { ...extra, name, message: redactText(message), stack: stack && redactText(stack) };
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => redact(item, seen));
  if (value instanceof Map) return redact(Object.fromEntries(value), seen);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = isSecretKey(key) && item !== undefined && item !== null ? REDACTED : redact(item, seen);
  }
  return out;
}
