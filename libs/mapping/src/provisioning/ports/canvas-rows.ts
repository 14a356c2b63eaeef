// The Canvas SIS entity catalogue (types, row types, CSV files, destructive statuses) lives in libs/canvas; the
// pipeline's contracts and the loader derive from the same one.
export { CANVAS_ENTITY_TYPES } from '@rp/canvas';
export type { CanvasEntityType, CanvasRowByType } from '@rp/canvas';
