import { CanvasPermanentError } from '../../errors/canvas.error';
import {
  CANVAS_ENTITY_CATALOGUE, isCanvasEntityType,
  type CanvasEntityEntry, type CanvasEntityRow, type CanvasEntityType, type CanvasRowByType, type CanvasRowCells,
  type SisCsvKind, type SisCsvSpec, type SisCsvValue,
} from '../model';
import { validateSisRow } from './sis-row.validator';

/** A row Canvas would refuse, found before it is written (a cell outside its column's values, a required cell blank, …). */
export class CanvasRowError extends CanvasPermanentError {
  constructor(
    readonly problems: string[],
    context: { tenant?: string; what?: string } = {},
  ) {
    super(problems.join('; '), 'fix the source record or the mapping; the row was not written', context);
  }
}

const ENTRIES: { readonly [T in CanvasEntityType]: CanvasEntityEntry<T> } = CANVAS_ENTITY_CATALOGUE;

/** The SIS CSV file kind of a Canvas entity type read from a record (`enrollment` → `enrollments`). */
export function sisKindOf(canvasType: string): SisCsvKind {
  if (!isCanvasEntityType(canvasType)) {
    throw new CanvasPermanentError(`unknown Canvas entity type ${canvasType}`, `use one of ${Object.keys(ENTRIES).join(', ')}`);
  }
  return ENTRIES[canvasType].csv.kind;
}

/** A typed row's cells in their wire form: each set column as text, booleans as `true`/`false`. */
export function encodeCanvasRow(row: CanvasEntityRow['row']): CanvasRowCells {
  return Object.fromEntries(
    Object.entries(row)
      .filter(([, value]) => value !== undefined && value !== null)
      .map(([column, value]) => [column, String(value)]),
  );
}

/** True when the cells make a row of `spec` that Canvas accepts; what is wrong otherwise goes to `problems`. */
function isSisRow<Row extends object>(spec: SisCsvSpec<Row>, cells: object, problems: string[]): cells is Row {
  problems.push(...validateSisRow(spec, cells));
  return problems.length === 0;
}

function decodeAs<T extends CanvasEntityType>(canvasType: T, cells: CanvasRowCells, problems: string[]): { canvasType: T; row: CanvasRowByType[T] } | undefined {
  const spec = ENTRIES[canvasType].csv;
  const booleans: readonly string[] = spec.booleans;
  const row: Record<string, SisCsvValue> = Object.fromEntries(
    Object.entries(cells).map(([column, value]) => [column, booleans.includes(column) && /^(true|false)$/.test(value) ? value === 'true' : value]),
  );
  return isSisRow(spec, row, problems) ? { canvasType, row } : undefined;
}

const DECODERS: { readonly [T in CanvasEntityType]: (cells: CanvasRowCells, problems: string[]) => { canvasType: T; row: CanvasRowByType[T] } | undefined } = {
  account: (cells, problems) => decodeAs('account', cells, problems),
  term: (cells, problems) => decodeAs('term', cells, problems),
  course: (cells, problems) => decodeAs('course', cells, problems),
  section: (cells, problems) => decodeAs('section', cells, problems),
  user: (cells, problems) => decodeAs('user', cells, problems),
  enrollment: (cells, problems) => decodeAs('enrollment', cells, problems),
  user_observer: (cells, problems) => decodeAs('user_observer', cells, problems),
};

/**
 * Reads a record's cells (the wire form) back into its entity's typed row through the catalogue, once: `true`/`false`
 * become booleans in boolean columns and every cell is checked against the entity's CSV spec. Throws `CanvasRowError`
 * naming the tenant, the entity and each problem for a row Canvas would refuse.
 */
export function decodeCanvasRow(canvasType: string, cells: CanvasRowCells, context: { tenant?: string; sisId?: string } = {}): CanvasEntityRow {
  const what = `${canvasType} ${context.sisId ?? ''}`.trim();
  if (!isCanvasEntityType(canvasType)) throw new CanvasRowError([`unknown Canvas entity type ${canvasType}`], { tenant: context.tenant, what });
  const problems: string[] = [];
  const decoded = DECODERS[canvasType](cells, problems);
  if (!decoded) throw new CanvasRowError(problems, { tenant: context.tenant, what });
  return decoded;
}
