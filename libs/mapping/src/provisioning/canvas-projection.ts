import { encodeCanvasRow, type CanvasRowCells } from '@rp/canvas';
import type { CanvasEntityType, CanvasRowByType } from './ports/canvas-rows';
import type { SourceRef } from './ports/provisioning-entity';
import { minimalDeleteRow } from './delete-row';

/**
 * `delete` marks a projection that removes the entity from active use in Canvas (a deleted status, or a dropped
 * enrollment): the loader counts these against the tenant's safety thresholds and may tombstone the key after
 * applying it. Everything else is an `upsert`.
 */
export type ProjectionOp = 'upsert' | 'delete';

/** The desired Canvas state of one SIS entity, derived from OneRoster records. */
export type CanvasProjectionOf<T extends CanvasEntityType> = {
  readonly type: T;
  /** Key of the entity within its type (Canvas SIS id, or a natural key for enrollments and observers). */
  readonly sisId: string;
  readonly row: CanvasRowByType[T];
  /** The school (OneRoster org sourcedId) the entity belongs to, for per-school safety thresholds. */
  readonly schoolSourcedId?: string;
  readonly op: ProjectionOp;
  /** Lineage: the projected record first, then the records that contributed (course, terms, …). */
  readonly sources: readonly SourceRef[];
};

/** Any Canvas projection, discriminated by `type`. */
export type CanvasProjection = { [T in CanvasEntityType]: CanvasProjectionOf<T> }[CanvasEntityType];

/**
 * Builds a projection, dropping undefined optional row columns so hashes and CSVs stay stable; a row that deletes
 * carries only what Canvas needs to delete (`minimalDeleteRow`: no names or e-mails).
 */
export function canvasProjection<T extends CanvasEntityType>(
  type: T,
  sisId: string,
  row: CanvasRowByType[T],
  op: ProjectionOp,
  sources: readonly SourceRef[],
  schoolSourcedId?: string,
): CanvasProjectionOf<T> {
  const compactRow = withoutUndefined(op === 'delete' ? minimalDeleteRow(type, row) : row);
  return schoolSourcedId === undefined
    ? { type, sisId, row: compactRow, op, sources }
    : { type, sisId, row: compactRow, op, sources, schoolSourcedId };
}

/** A copy of the row without its undefined (optional) columns. */
function withoutUndefined<R extends object>(row: R): R {
  const compact = { ...row };
  for (const column in compact) if (compact[column] === undefined) delete compact[column];
  return compact;
}

/** Unique key of a projection within a tenant: `<type>|<sisId>` (the Kafka key adds the tenant in front). */
export function projectionKey(projection: Pick<CanvasProjection, 'type' | 'sisId'>): string {
  return `${projection.type}|${projection.sisId}`;
}

/** Lineage as `<kind>:<sourcedId>` strings, the form carried on `canvas.*` records. */
export function sourceKeys(projection: Pick<CanvasProjection, 'sources'>): string[] {
  return projection.sources.map((source) => `${source.type}:${source.sourcedId}`);
}

/** Removes duplicate keys (e.g. one consolidated course projected from several classes); the last one wins. */
export function uniqueProjections(projections: readonly CanvasProjection[]): CanvasProjection[] {
  const byKey = new Map<string, CanvasProjection>();
  for (const projection of projections) byKey.set(projectionKey(projection), projection);
  return [...byKey.values()];
}

/** The row as CSV cell strings (booleans as `true`/`false`, absent columns left out), the form `canvas.*` records carry. */
export function rowAsStrings(projection: Pick<CanvasProjection, 'row'>): CanvasRowCells {
  return encodeCanvasRow(projection.row);
}
