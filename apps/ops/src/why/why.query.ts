import { resolveTenantMappingSettings } from '@rp/mapping';
import { canvasKeysOf, explainWhy, type WhyReport } from './why-report';
import type { WhyReaders } from './why.ports';

/** How many grade outcomes one answer lists (a lineItem of a big class has one per student). */
export const WHY_OUTCOME_LIMIT = 50;

/** Reads every source about `id` (read-only) and explains it. */
export async function whyOf(readers: WhyReaders, tenant: string, id: string): Promise<WhyReport> {
  const rawSettings = await readers.mappingSettings(tenant);
  const entities = await readers.transformer.entities(tenant, id);
  const sourcedIds = [...new Set([id, ...entities.map((e) => e.sourcedId)])];
  const keys = canvasKeysOf(entities);
  const [snapshots, parked, rows, outcomes, deadLetters] = await Promise.all([
    readers.snapshots.snapshots(tenant, sourcedIds),
    readers.transformer.parked(tenant, sourcedIds),
    readers.loader.rows(tenant, id, keys),
    readers.gradebook.outcomes(tenant, id, WHY_OUTCOME_LIMIT),
    readers.deadLetters ? readers.deadLetters.deadLetters(tenant, [...sourcedIds, ...keys.map((k) => k.sisId)]) : Promise.resolve([]),
  ]);
  let settings;
  try {
    settings = resolveTenantMappingSettings(tenant, rawSettings);
  } catch {
    settings = resolveTenantMappingSettings(tenant, {}); // invalid settings park records; the parked line says so
  }
  return explainWhy(tenant, id, { snapshots, entities, parked, pending: rows.pending, applied: rows.applied, outcomes, deadLetters }, settings);
}
