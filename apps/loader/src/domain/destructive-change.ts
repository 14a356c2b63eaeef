import type { LoaderRow } from './loader-row';

const DESTRUCTIVE_STATUSES: Record<string, readonly string[]> = {
  account: ['deleted'],
  term: ['deleted'],
  course: ['deleted'],
  section: ['deleted'],
  user: ['deleted'],
  enrollment: ['deleted', 'inactive', 'completed', 'deleted_last_completed'],
  user_observer: ['deleted'],
};

/** True when the row removes or drops the entity in Canvas (what the safety gate counts). */
export function isDestructive(row: Pick<LoaderRow, 'canvasType' | 'op' | 'row'>): boolean {
  if (row.op === 'delete') return true;
  return (DESTRUCTIVE_STATUSES[row.canvasType] ?? []).includes(row.row.status ?? '');
}
