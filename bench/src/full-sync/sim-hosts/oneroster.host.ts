/**
 * The full-sync benchmark's OneRoster simulator in its own process (forked by the driver, see sim-process.ts):
 * generates the district of a scale, serves it, and applies the benchmark's SIS changes on request so the driver
 * never holds the district.
 */
import { generateDistrict } from '@rp/fixtures';
import { startOneRosterSimulator } from '@rp/sim-oneroster';
import { districtSizeFor } from '../../common/district-scale';
import { deltaCostChanges, renameCandidates } from '../sis-changes';
import { serveSimCalls } from './sim-process';

/** What the OneRoster host reports once it serves. */
export interface OneRosterHostInfo {
  baseUrl: string;
  tokenUrl: string;
  rosteringUrl: string;
  counts: { students: number; users: number; enrollments: number };
}

async function main(scale: string): Promise<void> {
  const district = generateDistrict({ seed: 1, size: districtSizeFor(scale) });
  const sim = await startOneRosterSimulator({ district });
  const sis = sim.admin.sis;
  const info: OneRosterHostInfo = {
    baseUrl: sim.baseUrl, tokenUrl: sim.tokenUrl, rosteringUrl: sim.rosteringUrl,
    counts: { students: district.counts.students, users: district.counts.users, enrollments: district.counts.enrollments },
  };
  serveSimCalls(info, {
    renameCandidates: (count: number) => renameCandidates(district, count),
    rename: (sourcedId: string, givenName: string) => void sis.update('users', sourcedId, { givenName }),
    /** Applies the delta-cost changes; answers how many records of each kind changed. */
    applyDeltaCostChanges: (percent: number) => {
      const changed: Record<string, number> = { users: 0, classes: 0, enrollments: 0 };
      for (const change of deltaCostChanges(district, percent)) {
        sis.update(change.kind, change.sourcedId, change.patch as never);
        changed[change.kind] += 1;
      }
      return changed;
    },
  }, () => sim.close());
}

main(process.argv[2] ?? '5k').catch((e: Error) => {
  process.stderr.write(`OneRoster simulator host failed: ${e.stack ?? e.message}\n`);
  process.exit(1);
});
