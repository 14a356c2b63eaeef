import { perSecond, round } from '../common/measure';
import { latestReference, ratioNote, type ReferenceBaseline } from '../common/reference-baseline';
import type { BenchmarkReport, ReportTable } from '../common/report';
import { CANVAS_APPLY_ROWS_PER_SECOND, canvasHours } from '../mapping-csv/mapping-csv.bench';
import type { AppRuntime } from './app-process';
import type { DeltaCost } from './delta-cost';
import type { DeltaLatency } from './delta-latency';
import { canvasBusy, type ImportSummary, type ImportTotals } from './import-timeline';
import type { Completion } from './pipeline-completion';
import type { SyncRunWatcher } from './sync-run-watcher';

/** What one process used: test tooling (driver, simulators) is reported apart from the platform's apps. */
export interface ProcessUsage {
  process: string;
  role: 'app' | 'test tooling';
  /** VmRSS once started and idle (apps: ready, consumer groups stable, before the request). */
  idleRssMiB?: number;
  /** VmHWM over the whole run. */
  peakRssMiB?: number;
  /** CPU seconds (user + system, /proc/<pid>/stat) from the request to the full sync's completion. */
  cpuSeconds?: number;
  /** Records the process's stage handled, for CPU per 1,000 records. */
  records?: number;
}

export interface Observed {
  scale: string;
  pageSize: number;
  timeoutMs: number;
  requestedMs: number;
  loaderDone: boolean;
  completion: Completion;
  watcher: SyncRunWatcher;
  canvas: ImportTotals;
  /** Every Canvas import of the full sync (not the delta runs'), in creation order. */
  imports: ImportSummary[];
  usage: ProcessUsage[];
  runtime: AppRuntime;
  /** NODE_OPTIONS the apps ran with (--app-node-options), if any. */
  appNodeOptions?: string;
  canvasRowsPerSecond: number;
  loadAverage: { before: string; atCompletion: string; after: string };
  offsets: { oneroster: number; canvas: number };
  logDir: string;
  counts: { students: number; users: number; enrollments: number };
  delta?: DeltaLatency;
  deltaCost?: DeltaCost;
  sameRunReference?: ReferenceBaseline;
}

/** The full-sync report: stages, end to end, Canvas imports and idle gaps, delta latency and cost, per-process usage. */
export function reportOf(o: Observed): BenchmarkReport {
  const reference = o.sameRunReference ?? latestReference();
  const stageRow = (stage: 'extractor' | 'transformer' | 'loader', records: number, what: string) => {
    const started = o.watcher.marker(stage, 'started');
    const ended = o.watcher.marker(stage, 'finished') ?? o.watcher.marker(stage, 'failed');
    if (!ended) return [stage, what, records, 'not seen to finish', '—', '—', started ? 'started' : 'no marker'];
    const ms = Date.parse(ended.at) - Date.parse(started?.at ?? new Date(o.requestedMs).toISOString());
    return [stage, what, records, round(ms / 1000), perSecond(records, ms), round((ended.seenAtMs - o.requestedMs) / 1000), ended.phase];
  };
  const wallMs = o.canvas.lastEndedMs !== undefined ? o.canvas.lastEndedMs - o.requestedMs : undefined;
  const canvasSpanMs = o.canvas.firstCreatedMs !== undefined && o.canvas.lastEndedMs !== undefined ? o.canvas.lastEndedMs - o.canvas.firstCreatedMs : undefined;
  const endToEnd = wallMs !== undefined && o.loaderDone ? perSecond(o.canvas.rows, wallMs) : undefined;
  const busy = canvasBusy(o.imports);
  return {
    name: 'full-sync',
    parameters: {
      scale: o.scale, pageSize: o.pageSize, timeoutSeconds: o.timeoutMs / 1000, students: o.counts.students, runtime: o.runtime, appNodeOptions: o.appNodeOptions ?? null,
      canvasRowsPerSecond: o.canvasRowsPerSecond || 'as fast as it can',
    },
    results: {
      completed: o.loaderDone, completion: { reason: o.completion.reason, expectedRows: o.completion.expectedRows ?? null }, wallMs: wallMs ?? null, deltaLatency: o.delta ?? null, deltaCost: o.deltaCost ?? null, events: o.watcher.events, canvas: o.canvas, topicRecords: o.offsets,
      imports: o.imports, canvasBusy: busy ?? null, processes: o.usage, loadAverage: o.loadAverage, appLogs: o.logDir, reference: reference ?? null,
    },
    tables: [
      {
        title: 'Stages (times from sync.runs markers; records from topic offsets and Canvas imports)',
        columns: ['stage', 'records', 'count', 'stage seconds', 'records/s', 'finished at +s', 'outcome'],
        rows: [
          stageRow('extractor', o.offsets.oneroster, 'oneroster.* records published'),
          stageRow('transformer', o.offsets.canvas, 'canvas.* records published'),
          loaderRow(o),
        ],
      },
      {
        title: 'End to end',
        columns: ['completed', 'wall seconds (request → last import ended)', 'Canvas rows/s end to end', 'Canvas sim import span s', `real Canvas at ${CANVAS_APPLY_ROWS_PER_SECOND} rows/s (hours)`],
        rows: [[String(o.loaderDone), wallMs === undefined ? '—' : round(wallMs / 1000), endToEnd ?? '—', canvasSpanMs === undefined ? '—' : round(canvasSpanMs / 1000), round(canvasHours(o.canvas.rows))]],
      },
      {
        title: `Delta latency (a student renamed in the SIS, a delta run requested at once; ${o.delta?.samples.length ?? 0} samples one after the other)`,
        columns: ['completed', 'SIS change → transformer finished p50 / p95 (s)', 'SIS change → visible in Canvas p50 / p95 / max (s)', 'plus schedule delay up to (s)'],
        rows: o.delta
          ? [[
              `${String(o.delta.completed)} (${o.delta.samples.filter((x) => x.completed).length}/${o.delta.samples.length})`,
              o.delta.toTransformerFinished ? `${sec(o.delta.toTransformerFinished.p50)} / ${sec(o.delta.toTransformerFinished.p95)}` : 'not seen',
              o.delta.toCanvas ? `${sec(o.delta.toCanvas.p50)} / ${sec(o.delta.toCanvas.p95)} / ${sec(o.delta.toCanvas.max)}` : 'not seen',
              `${o.delta.deltaIntervalSeconds} (the tenant's delta interval)`,
            ]]
          : [['not measured (full sync did not finish, or --delta false)', '—', '—', '—']],
      },
      {
        title: `Delta cost (${o.deltaCost?.percent ?? 1} % of users, classes and enrollments changed in the SIS, one delta run) against the full sync`,
        columns: ['run', 'SIS records changed', 'seconds (request → loader finished)', 'OneRoster records emitted', 'Canvas records published', 'rows sent to Canvas'],
        rows: o.deltaCost
          ? [
              ['full sync', '—', fullSeconds(o), emittedOf(o.watcher.marker('extractor', 'finished')?.counts), o.offsets.canvas, o.canvas.rows],
              [`delta ${o.deltaCost.completed ? '' : '(loader finished not seen)'}`.trim(), Object.values(o.deltaCost.changed).reduce((a: number, b: number) => a + b, 0), sec(o.deltaCost.wallMs), o.deltaCost.records.extractorEmitted, o.deltaCost.records.transformerPublished, o.deltaCost.records.canvasRowsSent],
              ['delta ÷ full', '—', ratio(o.deltaCost.wallMs, fullMs(o)), ratio(o.deltaCost.records.extractorEmitted, emittedOf(o.watcher.marker('extractor', 'finished')?.counts)), ratio(o.deltaCost.records.transformerPublished, o.offsets.canvas), ratio(o.deltaCost.records.canvasRowsSent, o.canvas.rows)],
            ]
          : [['not measured (full sync did not finish, or --delta-cost false)', '—', '—', '—', '—', '—']],
      },
      usageTable(o.usage),
      canvasBusyTable(o, busy),
      importsTable(o),
    ],
    notes: [
      ...(endToEnd !== undefined ? [ratioNote(`end to end ${Math.round(endToEnd).toLocaleString('en-US')} Canvas rows/s`, endToEnd, reference)] : []),
      `Completion: ${completionText(o)}.`,
      ...(o.deltaCost ? [deltaCostNote(o.deltaCost)] : []),
      ...(o.loaderDone ? [] : [`The run was not seen fully applied in Canvas (${o.completion.reason}): numbers above are partial. App logs: ${o.logDir}`]),
      `Apps ran ${o.runtime === 'dist' ? 'from the production build (node dist/apps/<app>/main.js, as the Docker image)' : 'from source through swc-node'}${o.appNodeOptions ? ` with NODE_OPTIONS=${o.appNodeOptions}` : ''}; each simulator in its own process; all share the 2 cores with Kafka, the registry and PostgreSQL. Load average (1/5/15 min) before ${o.loadAverage.before}, at completion ${o.loadAverage.atCompletion}, after ${o.loadAverage.after}.`,
      ...(busy ? [canvasBusyNote(o, busy)] : []),
    ],
  };
}

/** The loader's span: from its markers when it published them, else the Canvas imports' (first created → last ended). */
function loaderRow(o: Observed): (string | number)[] {
  const what = `rows applied by Canvas sim in ${o.canvas.imports} import(s)`;
  const marker = o.watcher.marker('loader', 'finished');
  if (marker) {
    const started = o.watcher.marker('loader', 'started');
    const ms = Date.parse(marker.at) - Date.parse(started?.at ?? new Date(o.requestedMs).toISOString());
    return ['loader', what, o.canvas.rows, round(ms / 1000), perSecond(o.canvas.rows, ms), round((marker.seenAtMs - o.requestedMs) / 1000), 'finished (marker)'];
  }
  if (o.canvas.firstCreatedMs === undefined || o.canvas.lastEndedMs === undefined) return ['loader', what, o.canvas.rows, '—', '—', '—', 'no import ended'];
  const ms = o.canvas.lastEndedMs - o.canvas.firstCreatedMs;
  return ['loader', what, o.canvas.rows, round(ms / 1000), perSecond(o.canvas.rows, ms), round((o.canvas.lastEndedMs - o.requestedMs) / 1000), o.loaderDone ? 'applied (import span)' : o.completion.reason];
}

function completionText(o: Observed): string {
  switch (o.completion.reason) {
    case 'loader-finished-marker': return 'the loader published its finished marker';
    case 'canvas-applied-all-published-rows': return `the Canvas simulator applied ${o.canvas.rows} rows ≥ ${o.completion.expectedRows} the transformer published (seen before the loader's finished marker)`;
    case 'quiet': return `nothing changed for the quiet window after the transformer finished, with ${o.canvas.rows} of ${o.completion.expectedRows} published rows applied`;
    case 'timeout': return `timed out after ${o.timeoutMs / 1000}s`;
  }
}

/** Where the delta's changes went: per type, what the extractor emitted and the transformer published to Canvas. */
function deltaCostNote(cost: DeltaCost): string {
  const byType = (counts: Record<string, number> | undefined, suffix: string) =>
    Object.entries(counts ?? {}).filter(([k]) => k.endsWith(suffix)).map(([k, v]) => `${k.slice(0, -suffix.length)} ${v.toLocaleString('en-US')}`).join(', ') || 'none';
  return `Delta cost: SIS changed ${Object.entries(cost.changed).map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`).join(', ')}; `
    + `the extractor emitted ${byType(cost.stageCounts['extractor.finished'], '.emitted')}; the transformer published `
    + `${byType(cost.stageCounts['transformer.finished'], '.published')} (changes that alter no Canvas row — guardians without observer `
    + 'sync, an enrollment end date that moves but stays in the future (Canvas rows carry the status it gives, not the date), a given '
    + 'name hidden by a preferred one — stop there).';
}

const sec = (ms: number | undefined) => (ms === undefined ? 'not seen' : round(ms / 1000));
const ratio = (part: number | undefined, whole: number | undefined) => (part === undefined || !whole ? '—' : round(part / whole));
const emittedOf = (counts: Record<string, number> | undefined) =>
  Object.entries(counts ?? {}).filter(([k]) => k.endsWith('.emitted')).reduce((n, [, v]) => n + v, 0);

/** Full sync request → the loader's finished marker (or, without one, the last Canvas import ended). */
function fullMs(o: Observed): number | undefined {
  const marker = o.watcher.marker('loader', 'finished');
  if (marker) return marker.seenAtMs - o.requestedMs;
  return o.canvas.lastEndedMs !== undefined ? o.canvas.lastEndedMs - o.requestedMs : undefined;
}
const fullSeconds = (o: Observed) => sec(fullMs(o));


function usageTable(usage: ProcessUsage[]): ReportTable {
  const cell = (v: number | undefined) => (v === undefined ? '—' : round(v));
  return {
    title: 'Per process (apps, then test tooling): RSS from /proc/<pid>/status, CPU seconds from /proc/<pid>/stat, request → full sync applied',
    columns: ['process', 'role', 'idle RSS MiB', 'peak RSS MiB', 'CPU s', 'records', 'CPU ms per 1,000 records'],
    rows: usage.map((u) => [u.process, u.role, cell(u.idleRssMiB), cell(u.peakRssMiB), cell(u.cpuSeconds), u.records ?? '—',
      u.cpuSeconds !== undefined && u.records ? round((u.cpuSeconds * 1e6) / u.records) : '—']),
  };
}

function canvasBusyTable(o: Observed, busy: ReturnType<typeof canvasBusy>): ReportTable {
  return {
    title: `Canvas busy (the account's imports run one at a time; simulator applying ${o.canvasRowsPerSecond ? `at most ${o.canvasRowsPerSecond} rows/s` : 'as fast as it can'})`,
    columns: ['imports', 'first start → last end s', 'applying s', 'idle gaps between imports s (sum)', 'idle share', 'longest gap s', 'imports queued behind another', 'rows per applying s'],
    rows: busy
      ? [[o.imports.length, round(busy.spanMs / 1000), round(busy.applyingMs / 1000), round(busy.idleGapsMs / 1000), `${round((busy.idleGapsMs / busy.spanMs) * 100)} %`, round(busy.longestGapMs / 1000), busy.queuedBehindAnother, round(busy.rowsPerApplyingSecond)]]
      : [['no import finished', '—', '—', '—', '—', '—', '—', '—']],
  };
}

function importsTable(o: Observed): ReportTable {
  const at = (ms: number | null) => (ms === null ? '—' : round((ms - o.requestedMs) / 1000));
  return {
    title: 'Canvas imports of the full sync (seconds after the request)',
    columns: ['import', 'rows', 'created +s', 'started +s', 'ended +s', 'queued s', 'applying s', 'state'],
    rows: o.imports.map((i) => [i.id, i.rows, at(i.createdAt), at(i.startedAt), at(i.endedAt),
      i.startedAt === null ? '—' : round((i.startedAt - i.createdAt) / 1000), i.startedAt === null || i.endedAt === null ? '—' : round((i.endedAt - i.startedAt) / 1000), i.workflowState]),
  };
}

/** What the idle gaps mean for a real first sync, at Canvas's observed apply rate. */
function canvasBusyNote(o: Observed, busy: NonNullable<ReturnType<typeof canvasBusy>>): string {
  const idleShare = busy.idleGapsMs / busy.spanMs;
  const realHours = canvasHours(o.canvas.rows);
  return `Canvas idle between imports: ${round(busy.idleGapsMs / 1000)} s of a ${round(busy.spanMs / 1000)} s span (${round(idleShare * 100)} %). `
    + `At Canvas's ~${CANVAS_APPLY_ROWS_PER_SECOND} rows/s these ${o.canvas.rows.toLocaleString('en-US')} rows take ${round(realHours)} h of applying`
    + `${o.canvasRowsPerSecond ? `, plus idle gaps like these (${round(idleShare * 100)} % of the span) ≈ ${round(realHours / Math.max(0.01, 1 - idleShare))} h` : ''}.`;
}
