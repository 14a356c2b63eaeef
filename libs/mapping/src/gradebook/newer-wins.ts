import { parseInstant } from './zoned-time';

/**
 * Why a result may not replace the one already in IC, or undefined when it may: IC keeps the grade decided from the
 * newest Canvas change. Live Events arrive out of order and may be replayed, so a result decided from an older event
 * than the one last written never overwrites it. Equal times pass (a REST re-read after an event); a cell never
 * written, or written before event times were kept, passes.
 */
export function olderThanWritten(eventTime: string, writtenEventTime: string | null | undefined): string | undefined {
  if (!writtenEventTime) return undefined;
  const incoming = parseInstant(eventTime).getTime();
  const written = parseInstant(writtenEventTime).getTime();
  if (Number.isNaN(incoming) || Number.isNaN(written) || incoming >= written) return undefined;
  return `IC already has this grade from a newer Canvas change (${new Date(written).toISOString()}); this one is from ${new Date(incoming).toISOString()} and is not written`;
}
