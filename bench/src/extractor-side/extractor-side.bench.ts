import type { ScaledBenchmark } from '../common/benchmark';
import { intFlag } from '../common/cli-args';
import { nowMs, peakRssMiB, perSecond, round, rssMiB } from '../common/measure';
import { PULL_ORDER, PullStats, pullCollection, simulatorClient } from '../common/oneroster-pull';
import { latestReference, ratioNote } from '../common/reference-baseline';
import type { BenchmarkReport } from '../common/report';
import { scalingSteps } from '../common/scaling';
import { spawnSimHost, SimHostInfo } from '../common/spawn-sim-host';

export interface ExtractorSideResult {
  scale: string;
  pageSize: number;
  generator: Pick<SimHostInfo, 'generateMs' | 'generatedRecords' | 'counts' | 'rssAfterGenerateMiB'> & { peakRssMiB?: number };
  pulls: PullStats[];
  totalRecords: number;
  totalMs: number;
  extractorPeakRssMiB: number;
  extractorRssBeforeMiB: number;
}

/** One scale: the simulator (own process) serves a generated district; this process pulls, parses and hashes it all. */
async function runScale(scale: string, flags: Record<string, string>): Promise<ExtractorSideResult> {
  const pageSize = intFlag(flags, 'page-size', 5_000);
  const host = await spawnSimHost(scale, intFlag(flags, 'seed', 1));
  try {
    const client = simulatorClient(host.info, pageSize);
    const rssBefore = rssMiB();
    const pulls: PullStats[] = [];
    const start = nowMs();
    for (const step of PULL_ORDER) pulls.push(await pullCollection(client, step));
    const totalMs = nowMs() - start;
    const { generateMs, generatedRecords, counts, rssAfterGenerateMiB } = host.info;
    return {
      scale, pageSize, pulls, totalMs,
      totalRecords: pulls.reduce((n, p) => n + p.records, 0),
      generator: { generateMs, generatedRecords, counts, rssAfterGenerateMiB, peakRssMiB: host.peakRssMiB() },
      extractorPeakRssMiB: peakRssMiB(),
      extractorRssBeforeMiB: rssBefore,
    };
  } finally {
    await host.stop();
  }
}

function combine(results: { scale: string; result: ExtractorSideResult }[]): BenchmarkReport {
  const rs = results.map((r) => r.result);
  const reference = latestReference();
  const perType = rs.flatMap((r) => r.pulls.map((p) => [r.scale, p.kind, p.records, p.pages, round(p.ms / 1000), perSecond(p.records, p.ms), p.invalid]));
  const totals = rs.map((r) => [
    r.scale, r.totalRecords, round(r.totalMs / 1000), perSecond(r.totalRecords, r.totalMs), round(r.extractorPeakRssMiB), round(r.generator.peakRssMiB ?? 0),
  ]);
  const generator = rs.map((r) => [
    r.scale, r.generator.counts.students, r.generator.counts.users, r.generator.counts.enrollments, r.generator.generatedRecords,
    round(r.generator.generateMs / 1000), perSecond(r.generator.generatedRecords, r.generator.generateMs), round(r.generator.rssAfterGenerateMiB),
  ]);
  const steps = scalingSteps(rs.map((r) => ({ scale: r.scale, records: r.totalRecords, ms: r.totalMs, peakRssMiB: r.extractorPeakRssMiB })));
  return {
    name: 'extractor-side',
    parameters: { scales: rs.map((r) => r.scale), pageSize: rs[0]?.pageSize },
    results: { perScale: rs, scaling: steps, reference: reference ?? null },
    tables: [
      { title: 'Generator (generateDistrict, materialised for the simulator)', columns: ['scale', 'students', 'users', 'enrollments', 'records', 'seconds', 'records/s', 'simulator RSS after generate (MiB)'], rows: generator },
      { title: 'Extractor side: simulator pages → client → parseRecord → sha256, per entity type', columns: ['scale', 'entity', 'records', 'pages', 'seconds', 'records/s', 'invalid'], rows: perType },
      { title: 'Totals', columns: ['scale', 'records', 'seconds', 'records/s', 'extractor peak RSS (MiB)', 'simulator peak RSS (MiB)'], rows: totals },
      {
        title: 'Growth with size (per-record cost ratio 1.0 = linear)',
        columns: ['step', 'records ×', 'time ×', 'per-record cost ×', 'extractor peak RSS ×'],
        rows: steps.map((s) => [`${s.to}/${s.from}`, s.recordsRatio, s.timeRatio, s.perRecordCostRatio, s.peakRssRatio]),
      },
    ],
    notes: [
      ...rs.map((r) => ratioNote(`${r.scale} extractor side ${Math.round(perSecond(r.totalRecords, r.totalMs)).toLocaleString('en-US')} records/s`, perSecond(r.totalRecords, r.totalMs), reference)),
      'The simulator runs in its own process on the same 2 cores, so serving (JSON encoding, paging) competes with the client for CPU; a real IC is remote.',
      'No Kafka publish here: this is the extractor\'s CPU cost up to the point where it would hand records to the producer.',
    ],
  };
}

export const extractorSideBenchmark: ScaledBenchmark<ExtractorSideResult> = {
  kind: 'scaled',
  name: 'extractor-side',
  summary: 'generate a district, serve it from the OneRoster simulator, pull + parseRecord + hash it',
  defaultScales: ['5k', '50k'],
  runScale,
  combine: (results) => combine(results),
};
