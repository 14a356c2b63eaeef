/**
 * Canvas SIS entity types the platform provisions, in Canvas's import processing order: one `canvas.<type>` topic
 * each (libs/messaging) and one projection kind each (libs/mapping). The one list both derive from.
 */
export const CANVAS_ENTITY_TYPES = ['account', 'term', 'course', 'section', 'user', 'enrollment', 'user_observer'] as const;
export type CanvasEntityType = (typeof CANVAS_ENTITY_TYPES)[number];
