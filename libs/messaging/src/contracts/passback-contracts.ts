import liveEventSchema from './avro/live-event.avsc.json';

/**
 * Value of `canvas.live-events` records (schema avro/live-event.avsc): one verified Canvas Live Event of a tenant,
 * `metadata` and `body` kept as received (JSON text). The optional fields default to null so older writers stay valid.
 */
export interface CanvasLiveEventRecord {
  tenant: string;
  eventName: string;
  eventTime: string;
  /** `metadata` as received, JSON (ids are Canvas global ids). */
  metadata: string;
  /** `body` as received, JSON. */
  body: string;
  /** Canvas root account, local id. */
  rootAccountId?: string | null;
  contextType?: string | null;
  /** `metadata.context_id` as a local id (the course for course events). */
  contextId?: string | null;
  /** The JWT's `jti` (else the request or job id). */
  eventId?: string | null;
  receivedAt?: string | null;
}

/** Avro schemas of the grade passback input, by contract name. */
export const PASSBACK_SCHEMAS = { canvasLiveEvent: liveEventSchema } as const;

/** Kafka key of a Live Event: the tenant picks the partition; the context keeps a course's events together. */
export const liveEventKey = (tenant: string, contextId: string | null | undefined): string => `${tenant}|${contextId ?? '-'}`;
