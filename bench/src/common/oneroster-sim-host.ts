/**
 * A OneRoster simulator process serving a district of a benchmark scale (the simulator's own CLI only knows the
 * named sizes). Prints one JSON line (urls, counts, generation time) and serves until SIGTERM.
 *   node -r @swc-node/register bench/src/common/oneroster-sim-host.ts <scale> [seed]
 */
import { generateDistrict } from '@rp/fixtures';
import { startOneRosterSimulator } from '@rp/sim-oneroster';
import { districtSizeFor } from './district-scale';
import { nowMs, rssMiB } from './measure';

async function main(scale: string, seed: number): Promise<void> {
  const start = nowMs();
  const district = generateDistrict({ seed, size: districtSizeFor(scale) });
  const generateMs = nowMs() - start;
  const sim = await startOneRosterSimulator({ district });
  const c = district.counts;
  const generated = c.orgs + c.academicSessions + c.courses + c.classes + c.users + c.enrollments + c.categories;
  process.stdout.write(`${JSON.stringify({
    ready: true, generateMs, generatedRecords: generated, counts: c, rssAfterGenerateMiB: rssMiB(),
    baseUrl: sim.baseUrl, tokenUrl: sim.tokenUrl, rosteringUrl: sim.rosteringUrl,
  })}\n`);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main(process.argv[2] ?? '5k', Number(process.argv[3] ?? 1)).catch((e: Error) => {
  process.stderr.write(`simulator host failed: ${e.stack ?? e.message}\n`);
  process.exit(1);
});
