const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * True for a Caliper IMS 1.1 envelope (`{sensor, sendTime, dataVersion: …caliper…, data: [event]}`, canvas.md §6.4),
 * or one Caliper event (`@context`/`type`/`action`), which a subscription set to the Caliper format delivers.
 */
export function isCaliperPayload(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (typeof value.dataVersion === 'string' && /caliper/i.test(value.dataVersion)) return true;
  if (Array.isArray(value.data) && typeof value.sensor === 'string') return true;
  const context = value['@context'];
  return typeof context === 'string' && /caliper/i.test(context) && typeof value.action === 'string';
}

/** What the sender of a Caliper payload is told: Canvas's format is the one carrying what passback needs. */
export const CALIPER_REFUSAL =
  'Caliper-format event refused: the Live Events subscription must use the Canvas format ({metadata, body}); ' +
  'in Canvas, Admin → Data Services, edit the subscription and choose the Canvas format';
