import { resolveTenantMappingSettings, type CanvasEntityType } from '@rp/mapping';
import type { ScaledBenchmark } from '../common/benchmark';
import { intFlag } from '../common/cli-args';
import { nowMs, peakRssMiB, perSecond, round } from '../common/measure';
import { PULL_ORDER, pullCollection, simulatorClient } from '../common/oneroster-pull';
import { latestReference, ratioNote } from '../common/reference-baseline';
import type { BenchmarkReport } from '../common/report';
import { scalingSteps } from '../common/scaling';
import { spawnSimHost } from '../common/spawn-sim-host';
import { projectDistrict, writeSisZip } from './district-projection';
import { DistrictRecords, indexedProjectionContext } from './indexed-projection-context';

/** Canvas's observed SIS import apply rate on a hosted instance (docs/product.md). */
export const CANVAS_APPLY_ROWS_PER_SECOND = 115;

export interface MappingCsvResult {
  scale: string;
  observers: boolean;
  setupPullMs: number;
  entities: number;
  waiting: number;
  indexMs: number;
  projectMs: number;
  rowsByType: Partial<Record<CanvasEntityType, number>>;
  rows: number;
  zipMs: number;
  uncompressedBytes: number;
  zipBytes: number;
  peakRssMiB: number;
}

/** Canvas hours to apply `rows` at the observed rate. */
export const canvasHours = (rows: number): number => rows / CANVAS_APPLY_ROWS_PER_SECOND / 3600;

async function runScale(scale: string, flags: Record<string, string>): Promise<MappingCsvResult> {
  const observers = flags.observers === 'true';
  const records: DistrictRecords = { orgs: [], academicSessions: [], courses: [], classes: [], users: [], enrollments: [] };
  const host = await spawnSimHost(scale, intFlag(flags, 'seed', 1));
  const setupStart = nowMs();
  try {
    const client = simulatorClient(host.info, 10_000);
    const lists: Record<string, unknown[]> = {
      org: records.orgs, academicSession: records.academicSessions, course: records.courses,
      class: records.classes, user: records.users, enrollment: records.enrollments,
    };
    for (const step of PULL_ORDER) await pullCollection(client, step, (r) => lists[step.kind].push(r));
  } finally {
    await host.stop();
  }
  const setupPullMs = nowMs() - setupStart;
  const settings = resolveTenantMappingSettings('bench', observers ? { observers: { enabled: true } } : {});
  const schoolYear = Number(records.academicSessions.find((s) => s.type === 'schoolYear')?.schoolYear ?? 2027);
  const indexStart = nowMs();
  const ctx = indexedProjectionContext('bench', new Date(`${schoolYear - 1}-10-01T12:00:00Z`), records);
  const indexMs = nowMs() - indexStart;
  const projected = projectDistrict(records, ctx, settings);
  const { zip, ms: zipMs } = await writeSisZip(projected.projections);
  return {
    scale, observers, setupPullMs, indexMs,
    entities: projected.entities, waiting: projected.waiting, projectMs: projected.ms,
    rowsByType: projected.byType, rows: projected.projections.length,
    zipMs, uncompressedBytes: zip.uncompressedBytes, zipBytes: zip.zipBytes, peakRssMiB: peakRssMiB(),
  };
}

function combine(results: { scale: string; result: MappingCsvResult }[]): BenchmarkReport {
  const rs = results.map((r) => r.result);
  const reference = latestReference();
  const mib = (b: number) => round(b / 2 ** 20);
  const totalMs = (r: MappingCsvResult) => r.indexMs + r.projectMs + r.zipMs;
  const steps = scalingSteps(rs.map((r) => ({ scale: r.scale, records: r.rows, ms: totalMs(r), peakRssMiB: r.peakRssMiB })));
  return {
    name: 'mapping-csv',
    parameters: { scales: rs.map((r) => r.scale), observers: rs[0]?.observers ?? false, mappingSettings: 'defaults (course per class, per-session terms)' },
    results: { perScale: rs, scaling: steps, canvasApplyRowsPerSecond: CANVAS_APPLY_ROWS_PER_SECOND, reference: reference ?? null },
    tables: [
      {
        title: 'projectEntity + projectionHash (indexed context), then SisImportZipWriter',
        columns: ['scale', 'entities', 'Canvas rows', 'index s', 'project s', 'project entities/s', 'CSV+zip s', 'CSV+zip rows/s', 'rows/s overall', 'CSV MiB', 'zip MiB', 'peak RSS MiB'],
        rows: rs.map((r) => [
          r.scale, r.entities, r.rows, round(r.indexMs / 1000), round(r.projectMs / 1000), perSecond(r.entities, r.projectMs),
          round(r.zipMs / 1000), perSecond(r.rows, r.zipMs), perSecond(r.rows, totalMs(r)), mib(r.uncompressedBytes), mib(r.zipBytes), round(r.peakRssMiB),
        ]),
      },
      {
        title: `How long Canvas will take (observed ~${CANVAS_APPLY_ROWS_PER_SECOND} rows/s SIS import apply rate)`,
        columns: ['scale', 'Canvas rows', 'our time s', 'Canvas apply hours', 'we are × faster than Canvas'],
        rows: rs.map((r) => [r.scale, r.rows, round(totalMs(r) / 1000), round(canvasHours(r.rows)), perSecond(r.rows, totalMs(r)) / CANVAS_APPLY_ROWS_PER_SECOND]),
      },
      {
        title: 'Canvas rows per type',
        columns: ['scale', ...['account', 'term', 'course', 'section', 'user', 'enrollment', 'user_observer']],
        rows: rs.map((r) => [r.scale, ...(['account', 'term', 'course', 'section', 'user', 'enrollment', 'user_observer'] as const).map((t) => r.rowsByType[t] ?? 0)]),
      },
      {
        title: 'Growth with size (per-row cost ratio 1.0 = linear)',
        columns: ['step', 'rows ×', 'time ×', 'per-row cost ×', 'peak RSS ×'],
        rows: steps.map((s) => [`${s.to}/${s.from}`, s.recordsRatio, s.timeRatio, s.perRecordCostRatio, s.peakRssRatio]),
      },
    ],
    notes: [
      ...rs.map((r) => ratioNote(`${r.scale} mapping+CSV ${Math.round(perSecond(r.rows, totalMs(r))).toLocaleString('en-US')} rows/s`, perSecond(r.rows, totalMs(r)), reference)),
      ...rs.filter((r) => r.waiting > 0).map((r) => `${r.scale}: ${r.waiting} entities waited for parents (should be 0 in dependency order)`),
      'Setup (not timed): the district is pulled from the simulator and parsed first, so records are the normalised ones the transformer receives.',
      'One zip for the whole district; the loader batches (batchMaxRows), so real imports are several smaller zips.',
    ],
  };
}

export const mappingCsvBenchmark: ScaledBenchmark<MappingCsvResult> = {
  kind: 'scaled',
  name: 'mapping-csv',
  summary: 'project a whole district to Canvas rows (@rp/mapping) and write the SIS import zip (@rp/canvas)',
  defaultScales: ['5k', '50k'],
  runScale,
  combine: (results) => combine(results),
};
