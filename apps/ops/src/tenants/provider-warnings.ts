import type { ExtractorRepository } from '@rp/persistence';

/** Reads what the extractor detected about a tenant's provider (narrowed for plain fakes in specs). */
export type ProviderFacts = Pick<ExtractorRepository, 'deltasUnusable'>;

/** How long a detection stays in force (the extractor tries a delta again after it: DELTA_REPROBE_MS). */
const REPROBE_MS = 24 * 3600 * 1000;

/** Warnings `ops tenants show` prints about what the tenant's OneRoster provider cannot do. */
export async function providerWarnings(tenant: string, facts: ProviderFacts, now: () => Date = () => new Date()): Promise<string[]> {
  const noDeltas = await facts.deltasUnusable(tenant, new Date(now().getTime() - REPROBE_MS));
  if (!noDeltas) return [];
  return [
    `no usable deltas since ${noDeltas.detectedAt.toISOString()}: delta runs are full syncs (${noDeltas.reason}); ` +
      'the extractor tries a delta again after 24 h — see docs/oneroster-compatibility.md',
  ];
}
