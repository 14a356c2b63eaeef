import type { RollbackEntry, SisOwned } from '../../state/model';
import type { RootAccountState } from '../../state/root-account-state';

/** Import parameters that change how rows are applied (POST /sis_imports params). */
export interface ImportOptions {
  overrideSisStickiness: boolean;
  addSisStickiness: boolean;
  clearSisStickiness: boolean;
  skipDeletes: boolean;
}

export interface ApplyContext {
  state: RootAccountState;
  importId: number;
  now: number;
  options: ImportOptions;
  rollback: RollbackEntry[];
  /** Records a row-level warning (shown in processing_warnings). */
  warn(message: string): void;
}

/** Writes a field unless it is sticky (edited in the UI), honouring the stickiness params. */
export function setSticky<T extends SisOwned, K extends keyof T & string>(
  ctx: ApplyContext,
  entity: T,
  field: K,
  value: T[K],
  isNew: boolean,
): void {
  const { overrideSisStickiness, addSisStickiness, clearSisStickiness } = ctx.options;
  if (!isNew && entity.stuck.has(field) && !overrideSisStickiness) return;
  entity[field] = value;
  if (overrideSisStickiness && clearSisStickiness) entity.stuck.delete(field);
  else if (overrideSisStickiness && addSisStickiness) entity.stuck.add(field);
}

/** Notes a workflow-state change for restore_states and stamps the entity with the import. */
export function track(
  ctx: ApplyContext,
  kind: RollbackEntry['kind'],
  id: number | string,
  previous: string,
  updated: string,
): void {
  if (previous !== updated) ctx.rollback.push({ kind, id, previous, updated });
}

export const isBlank = (v: string | undefined): boolean => v === undefined || v === '';
export const dateOrNull = (v: string | undefined): string | null => (isBlank(v) ? null : v!);
