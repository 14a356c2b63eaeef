import { round } from '../common/measure';
import type { BenchmarkReport } from '../common/report';
import type { ScenarioResult } from '../grade-passback/passback-scenario';
import type { SyncRound } from './sync-round';

/** Rate of a run and its ratio to the run with the fewest replicas (the baseline, normally 1). */
export function ratiosToBaseline<T>(runs: T[], replicasOf: (r: T) => number, rateOf: (r: T) => number | undefined): { replicas: number; rate?: number; ratio?: number }[] {
  const sorted = [...runs].sort((a, b) => replicasOf(a) - replicasOf(b));
  const base = sorted.length ? rateOf(sorted[0]) : undefined;
  return runs.map((r) => {
    const rate = rateOf(r);
    return { replicas: replicasOf(r), rate, ratio: rate !== undefined && base ? rate / base : undefined };
  });
}

/** Canvas rows applied per second of wall time (request → last import ended); undefined when the round did not complete. */
export function rowsPerSecond(r: SyncRound): number | undefined {
  return r.wallMs && r.loaderFinished === r.tenants ? r.canvasRows / (r.wallMs / 1000) : undefined;
}

const cell = (v: number | undefined, digits = true) => (v === undefined ? '—' : digits ? round(v) : v);

export function scaleOutReport(syncs: SyncRound[], passback: (ScenarioResult & { processors: number })[], parameters: Record<string, unknown>): BenchmarkReport {
  const syncRatios = ratiosToBaseline(syncs, (r) => r.replicas, rowsPerSecond);
  const passbackRatios = ratiosToBaseline(passback, (p) => p.processors, (p) => (p.completion === 'all-stored' ? p.all.resultsPerSecond : undefined));
  return {
    name: 'scale-out',
    parameters,
    results: { syncs, passback },
    tables: [
      {
        title: `Full sync of ${syncs[0]?.tenants ?? 0} tenants at once (${syncs[0]?.scale ?? '?'} students each), N transformers + N loaders, 1 extractor`,
        columns: ['replicas', 'complete (loader finished)', 'Canvas rows', 'imports', 'wall s (request → last import)', 'rows/s', '× 1 replica', 'transformer records/s (first extract → last transformed)', 'CPU s extractor / transformers / loaders', 'machine busy (2 cores)', 'load avg before → after'],
        rows: syncs.map((r, i) => [
          r.replicas, `${r.loaderFinished}/${r.tenants}`, r.canvasRows, r.imports, r.wallMs === null ? '—' : round(r.wallMs / 1000),
          cell(syncRatios[i].rate), syncRatios[i].ratio === undefined ? '—' : `${round(syncRatios[i].ratio!)}×`,
          r.transformerMs ? round(r.records.canvas / (r.transformerMs / 1000)) : '—',
          `${r.cpuSeconds.extractor ?? '—'} / ${r.cpuSeconds.transformer ?? '—'} / ${r.cpuSeconds.loader ?? '—'}`,
          `${Math.round(r.machineBusy * 100)} %`, `${r.loadAverage.before} → ${r.loadAverage.after}`,
        ]),
      },
      ...(passback.length ? [{
        title: `Passback burst over ${passback[0].tenants} tenants (${passback[0].grades} grades at once), N gradebook processors, 1 gateway, 1 writer`,
        columns: ['processors', 'complete', 'results/s (first accepted → last stored)', '× 1 processor', 'p50 ms', 'p95 ms', 'IC 429 (concurrency)', 'load avg before → after'],
        rows: passback.map((p, i) => [
          p.processors, `${p.all.stored}/${p.all.graded}`, round(p.all.resultsPerSecond),
          passbackRatios[i].ratio === undefined ? '—' : `${round(passbackRatios[i].ratio!)}×`,
          round(p.all.latencyMs.p50), round(p.all.latencyMs.p95), p.ic.refusedForConcurrency, `${p.loadAverage.before} → ${p.loadAverage.after}`,
        ]),
      }] : []),
    ],
    notes: [
      'Every round starts fresh apps, topics (12 partitions, the catalogue default), schemas and tenants; the replicas join one consumer group per app and split its partitions (a tenant\'s records share one partition, so one tenant is never handled by two replicas at once).',
      'CPU s: user + system seconds of the app processes from the requests to the last loader marker; machine busy: share of both cores busy meanwhile (all processes: apps, the driver with the simulators, Kafka, the registry, PostgreSQL and other users of the machine).',
      ...syncs.filter((r) => r.loaderFinished < r.tenants).map((r) => `${r.replicas} replica(s): only ${r.loaderFinished}/${r.tenants} runs finished in time; app logs in ${r.logDir}`),
    ],
  };
}
