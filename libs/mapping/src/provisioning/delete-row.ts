import { CANVAS_ENTITY_CATALOGUE } from '@rp/canvas';
import type { CanvasEntityType, CanvasRowByType } from './ports/canvas-rows';

/** True when the row asks Canvas to delete the entity (not complete or deactivate it). */
export function deletesInCanvas(row: { status?: unknown }): boolean {
  return row.status === 'deleted';
}

/**
 * What Canvas needs to delete an entity and nothing more (no names, e-mails or dates): the SIS file's required
 * and always-present columns plus the one-of columns the row sets. A user's login is matched by `user_id`, so its
 * `login_id` (often an e-mail address) is replaced by the user id. Rows that do not delete are returned unchanged.
 */
export function minimalDeleteRow<T extends CanvasEntityType>(type: T, row: CanvasRowByType[T]): CanvasRowByType[T] {
  if (!deletesInCanvas(row)) return row;
  const spec = CANVAS_ENTITY_CATALOGUE[type].csv;
  const kept = new Set<string>([...spec.required, ...spec.alwaysPresent, ...spec.oneOf.flat()]);
  const minimal = { ...row };
  for (const column in minimal) if (!kept.has(column) || minimal[column] === undefined) delete minimal[column];
  if ('login_id' in minimal && 'user_id' in minimal) Object.assign(minimal, { login_id: minimal.user_id });
  return minimal;
}
