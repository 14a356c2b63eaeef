import type { LiveEventRoute } from '@rp/mapping';
import type { LiveEventRecordFields } from './live-event-record';

/** A consumed Live Event with its route. */
export interface RoutedLiveEvent {
  record: LiveEventRecordFields;
  route: LiveEventRoute;
}

/**
 * The key whose events must stay in order: one Canvas course of one tenant. A class is a course or one of its
 * sections, so keeping each course's events in order keeps every class's; different keys may run concurrently.
 * Events naming no course share their tenant's key (they are recorded as failed, in order).
 */
export function liveEventOrderingKey(tenant: string, route: LiveEventRoute): string {
  return `${tenant}|${'courseId' in route && route.courseId ? route.courseId : ''}`;
}

/** Splits events into ordering groups, each in arrival order; groups in order of their first event. */
export function groupByOrderingKey(events: RoutedLiveEvent[]): RoutedLiveEvent[][] {
  const groups = new Map<string, RoutedLiveEvent[]>();
  for (const e of events) {
    const key = liveEventOrderingKey(e.record.tenant, e.route);
    const group = groups.get(key);
    if (group) group.push(e);
    else groups.set(key, [e]);
  }
  return [...groups.values()];
}
