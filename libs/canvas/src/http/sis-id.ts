/** Canvas objects addressable by SIS id, with the prefix each accepts (doc §3.1, `lib/api.rb`). */
export const SIS_ID_PREFIXES = {
  account: 'sis_account_id',
  term: 'sis_term_id',
  course: 'sis_course_id',
  section: 'sis_section_id',
  user: 'sis_user_id',
  login: 'sis_login_id',
  group: 'sis_group_id',
  group_category: 'sis_group_category_id',
  assignment: 'sis_assignment_id',
  integration: 'sis_integration_id',
} as const;
export type SisIdObject = keyof typeof SIS_ID_PREFIXES;

/**
 * Percent-encodes the UTF-8 bytes of a SIS id for a path segment. Dots are encoded too, since Rails
 * would read `.11` as a format suffix: `CS/101.11é` → `CS%2F101%2E11%C3%A9` (doc §3.1).
 */
export function encodeSisIdValue(value: string): string {
  return Array.from(new TextEncoder().encode(value), (byte) =>
    (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) || byte === 0x2d || byte === 0x5f || byte === 0x7e
      ? String.fromCharCode(byte)
      : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
  ).join('');
}

/** Path segment addressing an object by its SIS id, e.g. `sisId('course', 'C1')` → `sis_course_id:C1`. */
export function sisId(object: SisIdObject, value: string): string {
  return `${SIS_ID_PREFIXES[object]}:${encodeSisIdValue(value)}`;
}

/** A Canvas id for a path: a local numeric id as is, or a prefixed SIS id already built by `sisId`. */
export type CanvasIdRef = number | string;

/** Renders a path segment for an id: numbers and prefixed ids pass, anything else is encoded. */
export function idSegment(id: CanvasIdRef): string {
  if (typeof id === 'number') return String(id);
  return /^(\d{1,19}|self|default|current|site_admin|[a-z_0-9]+:[A-Za-z0-9%_~-]*)$/.test(id) ? id : encodeSisIdValue(id);
}
