import { createHash } from 'node:crypto';
import { canonicalJson } from '@rp/mapping';
import { EntityKind, parseRecord, RosteringClient, RosteringCollection } from '@rp/oneroster';
import { DEFAULT_APP_NAME, DEFAULT_CLIENT } from '@rp/sim-oneroster';
import { nowMs } from './measure';

/** The collections a full extractor run pulls, in its order (docs/pipeline.md). */
export const PULL_ORDER: readonly { collection: RosteringCollection; kind: EntityKind }[] = [
  { collection: 'orgs', kind: 'org' },
  { collection: 'academicSessions', kind: 'academicSession' },
  { collection: 'courses', kind: 'course' },
  { collection: 'classes', kind: 'class' },
  { collection: 'users', kind: 'user' },
  { collection: 'enrollments', kind: 'enrollment' },
];

/** A client for the simulator's default IC credentials. */
export function simulatorClient(urls: { rosteringUrl: string; baseUrl: string }, pageSize: number, tenant = 'bench'): RosteringClient {
  return new RosteringClient({
    tenant,
    rosteringBaseUrl: urls.rosteringUrl,
    pageSize,
    token: { tokenUrl: `${urls.baseUrl}/campus/oauth2/token`, clientId: DEFAULT_CLIENT.clientId, clientSecret: DEFAULT_CLIENT.clientSecret, appName: DEFAULT_APP_NAME },
  });
}

export interface PullStats {
  kind: EntityKind;
  records: number;
  invalid: number;
  pages: number;
  ms: number;
}

/** sha256 of the canonical JSON of a normalised record: the extractor's change-detection hash. */
export const contentHash = (record: unknown): string => createHash('sha256').update(canonicalJson(record)).digest('hex');

/**
 * Pulls one collection page by page: parseRecord (normalise + validate) and hash each record, as the extractor
 * does before publishing. `keep` receives valid records (for benchmarks that need them afterwards).
 */
export async function pullCollection(
  client: RosteringClient,
  step: (typeof PULL_ORDER)[number],
  keep?: (record: unknown) => void,
): Promise<PullStats> {
  const stats: PullStats = { kind: step.kind, records: 0, invalid: 0, pages: 0, ms: 0 };
  let fold = 0;
  const start = nowMs();
  for await (const page of client.pages(step.collection)) {
    stats.pages++;
    for (const raw of page.records) {
      const parsed = parseRecord(step.kind, raw, { tenant: 'bench' });
      stats.records++;
      if (!parsed.ok) {
        stats.invalid++;
        continue;
      }
      fold ^= contentHash(parsed.record).charCodeAt(0);
      keep?.(parsed.record);
    }
  }
  stats.ms = nowMs() - start;
  if (fold < 0) throw new Error('unreachable'); // keeps the hash from being optimised away
  return stats;
}
