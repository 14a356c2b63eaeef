import type { GradebookOutcomeStatus } from './gradebook-outcome.entity';

/** What became of one Live Event, as an admin reads it (`ops passback status --tenant T`). */
export type EventOutcome = 'written' | 'unchanged' | 'refused' | 'ignored' | 'waiting' | 'failed';
export const EVENT_OUTCOMES: readonly EventOutcome[] = ['written', 'unchanged', 'refused', 'ignored', 'waiting', 'failed'];

/** What the processor records for an event: a final word, or `decided` (its grades' rows tell the rest). */
export type RecordedEventOutcome = Exclude<EventOutcome, 'written' | 'unchanged' | 'waiting'> | 'decided';

/** The writer's reason for a write IC already had: `sent`, nothing sent again. */
export const UNCHANGED_REASON = 'unchanged: IC already has this content';

interface GradeRow {
  status: GradebookOutcomeStatus;
  reason: string | null;
}

const ATTENTION: { outcome: EventOutcome; statuses: GradebookOutcomeStatus[] }[] = [
  { outcome: 'failed', statuses: ['failed'] },
  { outcome: 'refused', statuses: ['refused'] },
  { outcome: 'waiting', statuses: ['waiting', 'held'] },
  { outcome: 'ignored', statuses: ['skipped'] },
];

/**
 * The one outcome of an event: its own when the processor settled it (ignored, refused, failed), else the one of
 * its grades most needing attention (failed > refused > waiting or held > skipped), else written — or unchanged when
 * IC already had every write. The reason is the grade's own (what it waits for, why it was refused).
 */
export function eventOutcome(recorded: { outcome: RecordedEventOutcome; reason: string | null }, grades: readonly (GradeRow | undefined)[]): { outcome: EventOutcome; reason: string | null } {
  if (recorded.outcome !== 'decided') return { outcome: recorded.outcome, reason: recorded.reason };
  const known = grades.filter((g): g is GradeRow => g !== undefined);
  if (known.length === 0) {
    return grades.length === 0
      ? { outcome: 'ignored', reason: recorded.reason ?? 'nothing to pass back' }
      : { outcome: 'ignored', reason: 'the grade was recorded again by a later event (see the grade)' };
  }
  for (const { outcome, statuses } of ATTENTION) {
    const row = known.find((g) => statuses.includes(g.status));
    if (row) return { outcome, reason: row.reason };
  }
  const sent = known.filter((g) => g.reason !== UNCHANGED_REASON).length;
  return sent === 0 ? { outcome: 'unchanged', reason: 'IC already had it' } : { outcome: 'written', reason: `${known.length} lineItem/result(s) in IC` };
}
