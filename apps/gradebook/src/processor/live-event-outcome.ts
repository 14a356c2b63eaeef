import { liveEventIdentity, type LiveEventRoute } from '@rp/mapping';
import type { EventOutcomeRecord } from '@rp/persistence';
import type { LiveEventRecordFields } from './live-event-record';

/** The event's identity as the events-gateway computes it: sha256 of its canonical `{metadata, body}`. */
export function liveEventKey(record: LiveEventRecordFields): string {
  let metadata: unknown = record.metadata;
  let body: unknown = record.body ?? {};
  try {
    metadata = JSON.parse(record.metadata);
    body = record.body ? JSON.parse(record.body) : {};
  } catch {
    // Not JSON: the text itself identifies it (the event is refused anyway).
  }
  return liveEventIdentity(metadata, body);
}

/**
 * The one outcome the processor records for a consumed event: ignored (with why), refused (what its body lacks),
 * failed (why), or decided — then the grades it decided (`gradeKeys`) tell what became of it.
 */
export function liveEventOutcome(record: LiveEventRecordFields, route: LiveEventRoute, gradeKeys: string[], failure?: string): EventOutcomeRecord {
  const base = {
    tenant: record.tenant, eventKey: liveEventKey(record), eventName: route.eventName,
    labelledAs: 'labelledAs' in route ? route.labelledAs ?? null : null,
    canvasEventTime: 'eventTime' in route ? route.eventTime : Number.isNaN(Date.parse(record.eventTime)) ? null : record.eventTime,
    canvasCourseId: 'courseId' in route ? route.courseId : null,
  };
  if (route.kind === 'ignored') return { ...base, outcome: 'ignored', reason: route.reason };
  if (route.kind === 'unknown') return { ...base, outcome: 'ignored', reason: `the gradebook does not read ${route.eventName} events` };
  if (route.kind === 'invalid') return { ...base, outcome: 'refused', reason: `not a valid ${route.eventName} event: ${route.problem}` };
  if (failure !== undefined) return { ...base, outcome: 'failed', reason: failure, gradeKeys };
  return { ...base, outcome: 'decided', reason: gradeKeys.length === 0 ? 'nothing to pass back for this event' : null, gradeKeys };
}
