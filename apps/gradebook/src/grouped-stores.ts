import { groupedLookup, groupedStore } from '@rp/config';
import { type GradebookEventLog, type GradebookOutcome, type GradebookRepository, writtenKey } from '@rp/persistence';
import type { GradeProcessorPorts } from './processor/grade.processor';
import type { GradebookWriterPorts } from './writer/gradebook.writer';

/**
 * Slices of different courses (processor) and tenants (writer) run concurrently, and in a burst each holds only a few
 * grades: their bookkeeping statements, lookups and produce requests are shared, one per group of concurrent slices
 * instead of one per slice (see `groupedStore`). Each slice still awaits its own statements in its own order.
 */
export function groupedProcessorStores(
  repo: GradebookRepository, events: GradebookEventLog, publish: GradeProcessorPorts['publish'],
): Pick<GradeProcessorPorts, 'repo' | 'events' | 'publish'> {
  const lastWritten = groupedLookup((keys: { tenant: string; sourcedId: string }[]) => repo.lastWrittenOf(keys));
  return {
    repo: {
      recordOutcomes: groupedStore((outcomes) => repo.recordOutcomes(outcomes)),
      lineItemWritten: async (tenant, sourcedId) => typeof (await lastWritten([{ tenant, sourcedId }])).get(writtenKey(tenant, sourcedId))?.contentHash === 'string',
    },
    events: { record: groupedStore((records) => events.record(records)) },
    publish: groupedStore(publish),
  };
}

/** The writer's per-slice statements grouped across concurrent tenant slices (`outcome` stays a plain read). */
export function groupedWriterStores(repo: GradebookRepository): GradebookWriterPorts['repo'] {
  const lastWritten = groupedLookup((keys: { tenant: string; sourcedId: string }[]) => repo.lastWrittenOf(keys));
  const upsertOutcomes = groupedStore((outcomes: GradebookOutcome[]) => repo.recordOutcomes(outcomes, { replaceProvisional: false }));
  return {
    lastWrittenMany: async (tenant, sourcedIds) => {
      const known = await lastWritten(sourcedIds.map((sourcedId) => ({ tenant, sourcedId })));
      return new Map(sourcedIds.flatMap((id) => {
        const last = known.get(writtenKey(tenant, id));
        return last ? [[id, last] as const] : [];
      }));
    },
    markWrittenMany: groupedStore((rows) => repo.markWrittenMany(rows)),
    // Only the plain upserts are grouped; a call that replaces provisional rows keeps its own statement.
    recordOutcomes: (outcomes, options) => (options?.replaceProvisional === false ? upsertOutcomes(outcomes) : repo.recordOutcomes(outcomes, options)),
    outcome: (tenant, outcomeKey) => repo.outcome(tenant, outcomeKey),
  };
}
