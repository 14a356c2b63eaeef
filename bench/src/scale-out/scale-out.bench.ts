import { intFlag, listFlag } from '../common/cli-args';
import type { BenchmarkReport } from '../common/report';
import { benchServices } from '../common/services';
import { appEntry } from '../full-sync/app-process';
import { runScenario, type ScenarioResult } from '../grade-passback/passback-scenario';
import { scaleOutReport } from './scale-out.report';
import { runSyncRound, type SyncRound } from './sync-round';

/**
 * Scale-out: the same work with 1, 2 and 3 replicas. A full sync of `--tenants` districts at once through 1 extractor
 * and N transformers + N loaders; then a passback burst over as many tenants through 1 gateway, N gradebook
 * processors and 1 writer. Wall time, rate and the ratio to one replica per N, CPU used, load average.
 */
export async function runScaleOut(flags: Record<string, string>): Promise<BenchmarkReport> {
  for (const app of ['extractor', 'transformer', 'loader', 'events-gateway', 'gradebook']) appEntry(app);
  const services = benchServices();
  const replicas = listFlag(flags, 'replicas', ['1', '2', '3']).map((r) => intFlag({ r }, 'r', 1));
  const tenants = intFlag(flags, 'tenants', 10);
  const scale = flags.size ?? '5k';
  const timeoutMs = intFlag(flags, 'timeout', 1800) * 1000;
  const grades = intFlag(flags, 'grades', 1000);
  const syncs: SyncRound[] = [];
  for (const n of replicas) {
    process.stderr.write(`[bench] scale-out: full sync, ${tenants} tenants × ${scale}, ${n} transformer(s) + ${n} loader(s)…\n`);
    syncs.push(await runSyncRound(services, { replicas: n, tenants, scale, timeoutMs, progressEveryMs: intFlag(flags, 'progress-seconds', 30) * 1000 }));
  }
  const passback: (ScenarioResult & { processors: number })[] = [];
  if (flags.passback !== 'false') {
    for (const n of replicas) {
      process.stderr.write(`[bench] scale-out: passback burst, ${tenants} tenants, ${grades} grades, ${n} processor(s)…\n`);
      const result = await runScenario(services, {
        tenants, grades, classesPerTenant: 4, deliveryConcurrency: intFlag(flags, 'concurrency', 8), timeoutMs, quietMs: 30_000,
        canvasLatencyMs: 0, icLatencyMs: 0, icConcurrency: 5, processors: n,
        roster: 'cold', // as its recorded runs (before grade-passback's --roster); CPU per record, not Canvas calls, is what it compares
      });
      passback.push({ ...result, processors: n });
    }
  }
  return scaleOutReport(syncs, passback, { replicas, tenants, scale, grades, timeoutSeconds: timeoutMs / 1000 });
}
