import { isCanvasEntityType, isDestructiveStatus } from '@rp/canvas';
import type { LoaderRow } from './loader-row';

/** True when the row removes or drops the entity in Canvas (what the safety gate counts): the catalogue's destructive statuses. */
export function isDestructive(row: Pick<LoaderRow, 'canvasType' | 'op' | 'row'>): boolean {
  if (row.op === 'delete') return true;
  return isCanvasEntityType(row.canvasType) && isDestructiveStatus(row.canvasType, row.row.status);
}
