import type { EventOutcomeView } from '@rp/persistence';
import { formatTable } from '../cli/table';

/** Every Live Event of a tenant with its one outcome, a count per outcome on top. */
export function formatEventOutcomes(events: EventOutcomeView[]): string {
  if (events.length === 0) return 'no Live Event recorded for this selection';
  const counts = new Map<string, number>();
  for (const e of events) counts.set(e.outcome, (counts.get(e.outcome) ?? 0) + 1);
  const summary = `${events.length} event(s): ${[...counts].map(([outcome, n]) => `${outcome}: ${n}`).join(', ')}`;
  const table = formatTable(
    ['RECORDED', 'EVENT', 'CANVAS TIME', 'COURSE', 'OUTCOME', 'REASON'],
    events.map((e) => [
      e.recordedAt, e.labelledAs ? `${e.eventName} (labelled ${e.labelledAs})` : e.eventName, e.canvasEventTime ?? '-', e.canvasCourseId ?? '-', e.outcome, e.reason ?? '',
    ]),
  );
  return [summary, table].join('\n');
}
