import type { CanvasEntityType } from '@rp/messaging';

/** A Canvas change as the batch logic sees it (pure data; the repository's PendingRow fits). */
export interface LoaderRow {
  canvasType: string;
  sisId: string;
  row: Record<string, string>;
  op: string;
  hash: string;
  school: string | null;
  /** Released by an operator's approval: not gated again. */
  approved?: boolean;
}

/** A reference from one row to another entity. */
export interface EntityRef {
  canvasType: CanvasEntityType;
  sisId: string;
}

/** `<type>|<sisId>`, the key of an entity within a tenant. */
export const keyOf = (ref: { canvasType: string; sisId: string }): string => `${ref.canvasType}|${ref.sisId}`;
