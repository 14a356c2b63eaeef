import { SIS_CSV_SPECS, type CanvasRowCells, type SisCsvKind } from '@rp/canvas';

/**
 * Header of one file: the spec's required and always-present columns plus every column set in any of the
 * batch's rows of that kind, in the spec's order (a blank cell clears a value in Canvas, so no others).
 */
export function sisColumnsFor(kind: SisCsvKind, rows: readonly CanvasRowCells[]): string[] {
  const set = new Set<string>();
  for (const row of rows) for (const [column, value] of Object.entries(row)) if (value !== undefined) set.add(column);
  return sisColumnsOf(kind, set);
}

/** Same header from the columns already known to be set in the kind's rows (read from PostgreSQL for a streamed batch). */
export function sisColumnsOf(kind: SisCsvKind, set: Iterable<string>): string[] {
  const spec = SIS_CSV_SPECS[kind];
  const wanted = new Set<string>([...spec.required, ...spec.alwaysPresent, ...set]);
  const known = spec.columns as readonly string[];
  return known.filter((column) => wanted.has(column));
}
