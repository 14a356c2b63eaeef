import { toLocalId } from './global-id';
import { LIVE_EVENT_CATALOG, METADATA_ID_FIELDS, type SupportedLiveEventName } from './live-event.catalog';
import type { CanvasLiveEvent, LiveEventMetadata, LiveEventParseResult } from './live-event.types';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function normalise(source: Record<string, unknown>, ids: readonly string[], numbers: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = { ...source };
  for (const field of ids) {
    const value = source[field];
    if (value === undefined || value === null) continue;
    const local = toLocalId(value);
    if (local !== undefined) out[field] = local;
  }
  for (const field of numbers) {
    const value = source[field];
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) out[field] = Number(value);
  }
  return out;
}

/**
 * Parses a Canvas-format Live Event (`{metadata, body}`, object or JSON text): ids become local,
 * omitted nulls and unknown fields are tolerated; unknown types come back as `unsupported`.
 */
export function parseLiveEvent(input: unknown): LiveEventParseResult {
  let raw = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input);
    } catch {
      return { kind: 'invalid', reason: 'payload is not JSON', raw: input };
    }
  }
  if (!isObject(raw)) return { kind: 'invalid', reason: 'payload is not an object', raw };
  const metadata = raw.metadata ?? raw.attributes;
  if (!isObject(metadata)) return { kind: 'invalid', reason: 'missing metadata', raw };
  const eventName = metadata.event_name;
  if (typeof eventName !== 'string' || eventName === '') return { kind: 'invalid', reason: 'metadata.event_name is missing', raw };
  const body = raw.body ?? {};
  if (!isObject(body)) return { kind: 'invalid', reason: `${eventName}: body is not an object`, raw };
  const parsedMetadata = normalise(metadata, METADATA_ID_FIELDS) as LiveEventMetadata;
  if (!Object.hasOwn(LIVE_EVENT_CATALOG, eventName)) {
    return { kind: 'unsupported', eventName, metadata: parsedMetadata, raw };
  }
  const name = eventName as SupportedLiveEventName;
  const shape: { ids: readonly string[]; numbers?: readonly string[] } = LIVE_EVENT_CATALOG[name];
  return { kind: 'event', eventName: name, metadata: parsedMetadata, body: normalise(body, shape.ids, shape.numbers), raw } as CanvasLiveEvent;
}
