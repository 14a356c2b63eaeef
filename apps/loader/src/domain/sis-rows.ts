import { SIS_CSV_SPECS, type SisCsvKind, type SisCsvValue } from '@rp/canvas';

const KIND_OF: Record<string, SisCsvKind> = {
  account: 'accounts', term: 'terms', course: 'courses', section: 'sections', user: 'users',
  enrollment: 'enrollments', user_observer: 'user_observers',
};

/** The SIS CSV file kind of a Canvas entity type (`enrollment` → `enrollments`). */
export function sisKindOf(canvasType: string): SisCsvKind {
  const kind = KIND_OF[canvasType];
  if (!kind) throw new Error(`unknown Canvas entity type ${canvasType}`);
  return kind;
}

/**
 * Header of one file: the spec's required and always-present columns plus every column set in any of the
 * batch's rows of that kind, in the spec's order (a blank cell clears a value in Canvas, so no others).
 */
export function sisColumnsFor(kind: SisCsvKind, rows: readonly Record<string, string>[]): string[] {
  const spec = SIS_CSV_SPECS[kind];
  const wanted = new Set<string>([...spec.required, ...spec.alwaysPresent]);
  for (const row of rows) for (const [column, value] of Object.entries(row)) if (value !== undefined) wanted.add(column);
  const known = spec.columns as readonly string[];
  return known.filter((column) => wanted.has(column));
}

/** The `canvas.*` record's string cells as a writer row: `true`/`false` become booleans in boolean columns. */
export function toSisRow(kind: SisCsvKind, row: Record<string, string>): Record<string, SisCsvValue> {
  const booleans = SIS_CSV_SPECS[kind].booleans as readonly string[];
  return Object.fromEntries(
    Object.entries(row).map(([column, value]) => [column, booleans.includes(column) && /^(true|false)$/.test(value) ? value === 'true' : value]),
  );
}
