import type { SisCsvValue } from '../model';

const NEEDS_QUOTES = /[",\r\n]/;

/** Serialises one cell per RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled. */
export function encodeCsvField(value: SisCsvValue): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Serialises one record, terminated by CRLF as RFC 4180 prescribes. */
export function encodeCsvLine(values: readonly SisCsvValue[]): string {
  return values.map(encodeCsvField).join(',') + '\r\n';
}
