import { isSecretKey, redact, REDACTED } from '@rp/config';

/** Field names that look secret to the generic filter but hold public settings (the IC token *URL*). */
export const PUBLIC_SETTING_KEYS: ReadonlySet<string> = new Set(['tokenUrl']);

/** `redact` for command output: secret-named fields and credentials in text removed, except the public setting keys. */
export function redactOutput(value: unknown, publicKeys: ReadonlySet<string> = PUBLIC_SETTING_KEYS): unknown {
  if (Array.isArray(value)) return value.map((item) => redactOutput(item, publicKeys));
  if (!isPlainObject(value)) return redact(value);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (publicKeys.has(key)) out[key] = redactOutput(item, publicKeys);
    else if (isSecretKey(key) && item !== undefined && item !== null) out[key] = REDACTED;
    else out[key] = redactOutput(item, publicKeys);
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
