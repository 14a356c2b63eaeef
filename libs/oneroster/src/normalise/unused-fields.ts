/**
 * Fields a OneRoster record may carry that no mapping rule reads: contacts (`phone`, `sms`) and `metadata`, where
 * providers put whatever else they know (Infinite Campus: phone numbers, SMS opt-ins, local ids). Personal data the
 * platform does not need should not travel or be kept (FERPA data minimisation), so the extractor drops them before
 * publishing unless the tenant keeps them (`ic.keepFields`).
 */
export const UNUSED_FIELDS = ['metadata', 'phone', 'sms'] as const;
export type UnusedField = (typeof UNUSED_FIELDS)[number];

/** The record without the unused fields the tenant does not keep (a new object; the input is left as it is). */
export function withoutUnusedFields(record: Record<string, unknown>, keep: readonly UnusedField[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(record)) {
    if ((UNUSED_FIELDS as readonly string[]).includes(field) && !keep.includes(field as UnusedField)) continue;
    out[field] = value;
  }
  return out;
}
