import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Admin } from 'kafkajs';
import { Client } from 'pg';
import { KafkaPublisher, SyncRequest, Topics } from '@rp/messaging';
import { intFlag } from '../common/cli-args';
import { peakRssMiB, perSecond, round } from '../common/measure';
import { latestReference, ratioNote, type ReferenceBaseline } from '../common/reference-baseline';
import { runReference } from '../reference/reference.bench';
import type { BenchmarkReport } from '../common/report';
import { BenchServices, benchKafka, benchSerde, benchServices, uniqueBenchName } from '../common/services';
import { CANVAS_APPLY_ROWS_PER_SECOND, canvasHours } from '../mapping-csv/mapping-csv.bench';
import { AppProcess, appEntry, spawnApp, waitReady } from './app-process';
import { measureDeltaCost, type DeltaCost } from './delta-cost';
import { DeltaLatency, measureDeltaLatency } from './delta-latency';
import { Completion, waitForCanvasApplied } from './pipeline-completion';
import { canvasImportTotals, createFullSyncEnvironment } from './full-sync.environment';
import { SyncRunWatcher } from './sync-run-watcher';
import { freePort } from '@rp/testing';
import { untilInterrupted } from '../common/interrupt';

const PIPELINE_APPS = ['extractor', 'transformer', 'loader'] as const;

/**
 * Full sync end to end: extractor → transformer → loader as processes against both simulators (in this process),
 * triggered by a SyncRequest; measures wall time, per-stage rates (sync.runs markers, topic offsets, Canvas imports)
 * and each app's peak RSS. Never reports a stage it did not see finish as finished.
 */
export async function runFullSync(flags: Record<string, string>): Promise<BenchmarkReport> {
  const scale = flags.size ?? '5k';
  const timeoutMs = intFlag(flags, 'timeout', 900) * 1000;
  const pageSize = intFlag(flags, 'page-size', 5_000);
  for (const app of PIPELINE_APPS) appEntry(app); // fail before setting anything up
  const services = benchServices();
  const runTag = uniqueBenchName('fs').replace(/^fs-/, '');
  const env = await createFullSyncEnvironment(services, scale, runTag, pageSize);
  const logDir = mkdtempSync(join(tmpdir(), 'rp-bench-full-sync-'));
  const apps: AppProcess[] = [];
  const kafka = benchKafka(services.kafkaBrokers, 'bench-full-sync');
  const admin = kafka.admin();
  const serde = benchSerde(services.schemaRegistryUrl);
  const runId = `bench-${runTag}`;
  const watcher = new SyncRunWatcher(kafka, serde, `${env.topicPrefix}${Topics.syncRuns}`, runId);
  const rss: Record<string, number> = {};
  const sampleRss = () => apps.forEach((a) => (rss[a.app] = Math.max(rss[a.app] ?? 0, a.peakRssMiB() ?? 0)));
  const sampler = setInterval(sampleRss, 1_000);
  try {
    return await untilInterrupted(async () => {
      // One after the other: apps starting together race to register the same subjects on fresh prefixed topics
      // (the registry then refuses one with "Compatibility does not match the configuration").
      for (const app of PIPELINE_APPS) {
        const proc = spawnApp(app, env.appEnv, await freePort(), logDir);
        apps.push(proc);
        await waitReady(proc);
      }
      await admin.connect();
      await waitForStableGroups(admin, PIPELINE_APPS.map((app) => `${env.topicPrefix}rp.${app}`), Date.now() + 120_000, logDir);
      await watcher.start(`${env.topicPrefix}bench.watch`);
      const publisher = new KafkaPublisher(kafka, serde);
      await publisher.connect();
      const request: SyncRequest = { tenant: env.tenant, runId, kind: 'full', requestedBy: 'bench', requestedAt: new Date().toISOString() };
      const requestedMs = Date.now();
      await publisher.publish<SyncRequest>(`${env.topicPrefix}${Topics.syncRequests}`, [
        { key: `${env.tenant}|${runId}`, value: request, tenant: env.tenant, syncRun: runId },
      ]);
      const deadline = requestedMs + timeoutMs;
      const completion = await waitForCanvasApplied(watcher, env.canvas, env.tenant, deadline, intFlag(flags, 'quiet-ms', 60_000), {
        startedMs: requestedMs, everyMs: intFlag(flags, 'progress-seconds', 30) * 1000, print: (line) => process.stderr.write(`${line}\n`),
      });
      const loaderDone = completion.reason === 'loader-finished-marker' || completion.reason === 'canvas-applied-all-published-rows';
      sampleRss();
      const canvas = canvasImportTotals(env.canvas, env.tenant);
      const offsets = {
        oneroster: await topicRecords(admin, Object.values(Topics.oneRoster).map((t) => env.topicPrefix + t)),
        canvas: await topicRecords(admin, Object.values(Topics.canvas).map((t) => env.topicPrefix + t)),
      };
      const delta = loaderDone && flags.delta !== 'false'
        ? await measureDeltaLatency(env, kafka, serde, publisher, `${runId}-delta`, intFlag(flags, 'delta-samples', 5), Date.now() + 600_000)
        : undefined;
      const deltaCost = loaderDone && flags['delta-cost'] !== 'false'
        ? await measureDeltaCost(env, kafka, serde, publisher, `${runId}-cost`, Number(flags['delta-cost-percent'] ?? 1), Date.now() + timeoutMs)
        : undefined;
      await publisher.disconnect();
      sampleRss();
      // The yardstick in the same run, on the same broker: raw kafkajs produce → consume of as many records as the
      // extractor published (512 B, about an Avro OneRosterEntityChange), after the pipeline so it does not compete.
      const sameRunReference = flags.reference !== 'false' && offsets.oneroster > 0
        ? await referenceOf(offsets.oneroster).catch((error: Error) => {
            process.stderr.write(`[bench] same-run reference failed (${error.message}); ratios use the newest reference file\n`);
            return undefined;
          })
        : undefined;
      return reportOf({ sameRunReference, scale, pageSize, timeoutMs, requestedMs, loaderDone, completion, watcher, canvas, offsets, rss, logDir, counts: env.district.counts, delta, deltaCost });
    });
  } finally {
    clearInterval(sampler);
    for (const app of apps.reverse()) await app.stop();
    await watcher.stop().catch(() => undefined);
    await cleanUp(admin, services, env.topicPrefix, env.schemaPrefix).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await env.close();
  }
}

interface Observed {
  scale: string;
  pageSize: number;
  timeoutMs: number;
  requestedMs: number;
  loaderDone: boolean;
  completion: Completion;
  watcher: SyncRunWatcher;
  canvas: ReturnType<typeof canvasImportTotals>;
  offsets: { oneroster: number; canvas: number };
  rss: Record<string, number>;
  logDir: string;
  counts: { students: number; users: number; enrollments: number };
  delta?: DeltaLatency;
  deltaCost?: DeltaCost;
  sameRunReference?: ReferenceBaseline;
}

function reportOf(o: Observed): BenchmarkReport {
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
  return {
    name: 'full-sync',
    parameters: { scale: o.scale, pageSize: o.pageSize, timeoutSeconds: o.timeoutMs / 1000, students: o.counts.students },
    results: {
      completed: o.loaderDone, completion: { reason: o.completion.reason, expectedRows: o.completion.expectedRows ?? null }, wallMs: wallMs ?? null, deltaLatency: o.delta ?? null, deltaCost: o.deltaCost ?? null, events: o.watcher.events, canvas: o.canvas, topicRecords: o.offsets,
      peakRssMiB: { ...o.rss, driverWithSimulators: round(peakRssMiB()) }, appLogs: o.logDir, reference: reference ?? null,
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
      {
        title: 'Peak RSS per process (VmHWM, MiB)',
        columns: ['process', 'peak RSS MiB'],
        rows: [...Object.entries(o.rss).map(([app, mib]) => [app, round(mib)]), ['bench driver + both simulators', round(peakRssMiB())]],
      },
    ],
    notes: [
      ...(endToEnd !== undefined ? [ratioNote(`end to end ${Math.round(endToEnd).toLocaleString('en-US')} Canvas rows/s`, endToEnd, reference)] : []),
      `Completion: ${completionText(o)}.`,
      ...(o.deltaCost ? [deltaCostNote(o.deltaCost)] : []),
      ...(o.loaderDone ? [] : [`The run was not seen fully applied in Canvas (${o.completion.reason}): numbers above are partial. App logs: ${o.logDir}`]),
      'Both simulators run inside the driver process and share the 2 cores with the three apps, Kafka, the registry and PostgreSQL.',
    ],
  };
}

/**
 * A consumer that joins after the request was published and has no committed offset starts at the end and would
 * miss it, so the request waits until every app's group is Stable (plus a moment for the first offset fetch).
 */
async function waitForStableGroups(admin: Admin, groups: string[], deadlineMs: number, logDir: string): Promise<void> {
  let states = '';
  while (Date.now() < deadlineMs) {
    const { groups: described } = await admin.describeGroups(groups);
    states = described.map((g) => `${g.groupId}: ${g.state} (${g.members.length} member(s))`).join(', ');
    if (described.every((g) => g.state === 'Stable' && g.members.length > 0)) {
      await new Promise((r) => setTimeout(r, 2_000));
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`consumer groups did not all become Stable in time (${states}); app logs in ${logDir}`);
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

/** Runs the `reference` benchmark for `records` records (raw bytes, no Avro row) and keeps its rates as the baseline. */
async function referenceOf(records: number): Promise<ReferenceBaseline> {
  const report = await runReference({ records: String(records), 'record-bytes': '512', avro: 'false' });
  const results = report.results as { produce: { recordsPerSecond: number }; consume: { recordsPerSecond: number } };
  return {
    at: new Date().toISOString(),
    file: `same run: ${records.toLocaleString('en-US')} records × 512 B`,
    produceRecordsPerSecond: results.produce.recordsPerSecond,
    consumeRecordsPerSecond: results.consume.recordsPerSecond,
  };
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

async function topicRecords(admin: Admin, topics: string[]): Promise<number> {
  let total = 0;
  for (const topic of topics) {
    const offsets = await admin.fetchTopicOffsets(topic).catch(() => []);
    for (const p of offsets) total += Number(p.high) - Number(p.low);
  }
  return total;
}

/** Deletes the run's prefixed topics, their registry subjects and database schemas (never anything else). */
export async function cleanUp(admin: Admin, services: BenchServices, topicPrefix: string, schemaPrefix: string): Promise<void> {
  const topics = (await admin.listTopics()).filter((t) => t.startsWith(topicPrefix));
  if (topics.length) await admin.deleteTopics({ topics });
  for (const topic of topics) {
    await fetch(`${services.schemaRegistryUrl.replace(/\/+$/, '')}/subjects/${encodeURIComponent(`${topic}-value`)}`, { method: 'DELETE' }).catch(() => undefined);
  }
  const pg = new Client({ connectionString: services.databaseUrl });
  await pg.connect();
  try {
    const { rows } = await pg.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)', [schemaPrefix]);
    for (const { nspname } of rows) await pg.query(`DROP SCHEMA "${nspname}" CASCADE`);
  } finally {
    await pg.end();
  }
}
