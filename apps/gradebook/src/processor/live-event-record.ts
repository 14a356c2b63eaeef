import type { LiveEventEnvelope } from '@rp/mapping';
import type { CanvasLiveEventRecord } from '@rp/messaging';

/** The fields of a `canvas.live-events` record the gradebook reads: the verified event, metadata and body as JSON. */
export type LiveEventRecordFields = Pick<CanvasLiveEventRecord, 'tenant' | 'eventName' | 'eventTime' | 'metadata' | 'body'>;

/** Rebuilds Canvas's `{metadata, body}` envelope; a record that is not JSON is reported, never thrown. */
export function envelopeOf(record: LiveEventRecordFields): { envelope: LiveEventEnvelope } | { problem: string } {
  try {
    const metadata = JSON.parse(record.metadata) as LiveEventEnvelope['metadata'];
    const body = record.body ? (JSON.parse(record.body) as Record<string, unknown>) : {};
    return {
      envelope: {
        metadata: { ...metadata, event_name: metadata?.event_name ?? record.eventName, event_time: metadata?.event_time ?? record.eventTime },
        body,
      },
    };
  } catch (error) {
    return { problem: `tenant ${record.tenant}: ${record.eventName} event is not valid JSON (${(error as Error).message})` };
  }
}
