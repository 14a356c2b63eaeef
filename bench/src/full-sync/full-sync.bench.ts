import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Admin } from 'kafkajs';
import { Client } from 'pg';
import { KafkaPublisher, SyncRequest, Topics } from '@rp/messaging';
import { freePort } from '@rp/testing';
import { intFlag } from '../common/cli-args';
import { untilInterrupted } from '../common/interrupt';
import { peakRssMiB } from '../common/measure';
import type { ReferenceBaseline } from '../common/reference-baseline';
import type { BenchmarkReport } from '../common/report';
import { BenchServices, benchKafka, benchSerde, benchServices, uniqueBenchName } from '../common/services';
import { runReference } from '../reference/reference.bench';
import { loadAverage } from '../scale-out/cpu-usage';
import { AppProcess, appEntry, appRuntimeOf, spawnApp, waitReady } from './app-process';
import { measureDeltaCost } from './delta-cost';
import { measureDeltaLatency } from './delta-latency';
import { createFullSyncEnvironment } from './full-sync.environment';
import { reportOf, type ProcessUsage } from './full-sync.report';
import { importTotals } from './import-timeline';
import { waitForCanvasApplied } from './pipeline-completion';
import { SyncRunWatcher } from './sync-run-watcher';

const PIPELINE_APPS = ['extractor', 'transformer', 'loader'] as const;

/**
 * Full sync end to end: extractor → transformer → loader as processes (by default from the production build)
 * against the OneRoster and Canvas simulators (each in its own process), triggered by a SyncRequest; measures wall
 * time, per-stage rates (sync.runs markers, topic offsets, Canvas imports), every Canvas import's created/started/
 * ended, and each process's idle and peak RSS and CPU seconds. Never reports a stage it did not see finish as finished.
 */
export async function runFullSync(flags: Record<string, string>): Promise<BenchmarkReport> {
  const scale = flags.size ?? '5k';
  const timeoutMs = intFlag(flags, 'timeout', 900) * 1000;
  const pageSize = intFlag(flags, 'page-size', 5_000);
  const runtime = appRuntimeOf(flags.runtime);
  const canvasRowsPerSecond = Number(flags['canvas-rows-per-second'] ?? 0);
  for (const app of PIPELINE_APPS) appEntry(app, runtime); // fail before setting anything up
  const services = benchServices();
  const runTag = uniqueBenchName('fs').replace(/^fs-/, '');
  const loadBefore = loadAverage();
  const env = await createFullSyncEnvironment(services, scale, runTag, pageSize, { heapMiB: intFlag(flags, 'sim-heap-mib', 8_192), canvasRowsPerSecond });
  const logDir = mkdtempSync(join(tmpdir(), 'rp-bench-full-sync-'));
  const apps: AppProcess[] = [];
  const kafka = benchKafka(services.kafkaBrokers, 'bench-full-sync');
  const admin = kafka.admin();
  const serde = benchSerde(services.schemaRegistryUrl);
  const runId = `bench-${runTag}`;
  const watcher = new SyncRunWatcher(kafka, serde, `${env.topicPrefix}${Topics.syncRuns}`, runId);
  // VmHWM is gone once a process exits: sample every process's peak while they run.
  const peaks: Record<string, number> = {};
  const processes = () => [...apps.map((a) => ({ name: a.app, peak: a.peakRssMiB })), { name: 'OneRoster simulator', peak: env.oneRoster.peakRssMiB }, { name: 'Canvas simulator', peak: env.canvas.peakRssMiB }];
  const samplePeaks = () => processes().forEach((p) => (peaks[p.name] = Math.max(peaks[p.name] ?? 0, p.peak() ?? 0)));
  const sampler = setInterval(samplePeaks, 1_000);
  try {
    return await untilInterrupted(async () => {
      // One after the other: apps starting together race to register the same subjects on fresh prefixed topics
      // (the registry then refuses one with "Compatibility does not match the configuration").
      // --app-node-options: as the chart's NODE_OPTIONS (helm/values.yaml), e.g. a heap cap consistent with the pod's memory limit.
      const appEnv = flags['app-node-options'] ? { ...env.appEnv, NODE_OPTIONS: flags['app-node-options'] } : env.appEnv;
      for (const app of PIPELINE_APPS) {
        const proc = spawnApp(app, appEnv, await freePort(), logDir, runtime);
        apps.push(proc);
        await waitReady(proc, intFlag(flags, 'ready-timeout', 300) * 1000);
      }
      await admin.connect();
      await waitForStableGroups(admin, PIPELINE_APPS.map((app) => `${env.topicPrefix}rp.${app}`), Date.now() + 120_000, logDir);
      await watcher.start(`${env.topicPrefix}bench.watch`);
      const publisher = new KafkaPublisher(kafka, serde);
      await publisher.connect();
      const idle = Object.fromEntries(apps.map((a) => [a.app, a.rssMiB()]));
      const cpuAt = () => ({
        ...Object.fromEntries(apps.map((a) => [a.app, a.cpuSeconds()])),
        'OneRoster simulator': env.oneRoster.cpuSeconds(), 'Canvas simulator': env.canvas.cpuSeconds(),
        'bench driver': (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
      }) as Record<string, number | undefined>;
      const cpuBefore = cpuAt();
      const request: SyncRequest = { tenant: env.tenant, runId, kind: 'full', requestedBy: 'bench', requestedAt: new Date().toISOString() };
      const requestedMs = Date.now();
      await publisher.publish<SyncRequest>(`${env.topicPrefix}${Topics.syncRequests}`, [
        { key: `${env.tenant}|${runId}`, value: request, tenant: env.tenant, syncRun: runId },
      ]);
      const deadline = requestedMs + timeoutMs;
      const completion = await waitForCanvasApplied(watcher, () => env.imports(), deadline, intFlag(flags, 'quiet-ms', 60_000), {
        startedMs: requestedMs, everyMs: intFlag(flags, 'progress-seconds', 30) * 1000, print: (line) => process.stderr.write(`${line}\n`),
      });
      const cpuAfter = cpuAt();
      const loadAtCompletion = loadAverage();
      const loaderDone = completion.reason === 'loader-finished-marker' || completion.reason === 'canvas-applied-all-published-rows';
      samplePeaks();
      const imports = await env.imports();
      const canvas = importTotals(imports);
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
      samplePeaks();
      // The yardstick in the same run, on the same broker: raw kafkajs produce → consume of as many records as the
      // extractor published (512 B, about an Avro OneRosterEntityChange), after the pipeline so it does not compete.
      const sameRunReference = flags.reference !== 'false' && offsets.oneroster > 0
        ? await referenceOf(Math.min(offsets.oneroster, intFlag(flags, 'reference-records', offsets.oneroster))).catch((error: Error) => {
            process.stderr.write(`[bench] same-run reference failed (${error.message}); ratios use the newest reference file\n`);
            return undefined;
          })
        : undefined;
      samplePeaks();
      const records: Record<string, number> = { extractor: offsets.oneroster, transformer: offsets.canvas, loader: canvas.rows };
      const used = (name: string) => (cpuAfter[name] !== undefined && cpuBefore[name] !== undefined ? cpuAfter[name]! - cpuBefore[name]! : undefined);
      const usage: ProcessUsage[] = [
        ...apps.map((a): ProcessUsage => ({ process: a.app, role: 'app', idleRssMiB: idle[a.app], peakRssMiB: peaks[a.app], cpuSeconds: used(a.app), records: records[a.app] })),
        { process: 'OneRoster simulator', role: 'test tooling', peakRssMiB: peaks['OneRoster simulator'], cpuSeconds: used('OneRoster simulator') },
        { process: 'Canvas simulator', role: 'test tooling', peakRssMiB: peaks['Canvas simulator'], cpuSeconds: used('Canvas simulator') },
        { process: 'bench driver (+ same-run reference)', role: 'test tooling', peakRssMiB: peakRssMiB(), cpuSeconds: used('bench driver') },
      ];
      return reportOf({
        sameRunReference, scale, pageSize, timeoutMs, appNodeOptions: flags['app-node-options'], requestedMs, loaderDone, completion, watcher, canvas, offsets, logDir, counts: env.counts, delta, deltaCost,
        imports, usage, runtime, canvasRowsPerSecond,
        loadAverage: { before: loadBefore, atCompletion: loadAtCompletion, after: loadAverage() },
      });
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

/** Runs the `reference` benchmark for `records` records (raw bytes, no Avro row) and keeps its rates as the baseline. */
async function referenceOf(records: number): Promise<ReferenceBaseline> {
  const run = () => runReference({ records: String(records), 'record-bytes': '512', avro: 'false' });
  // Once more on a loaded broker: a fresh topic's leader may not be known yet ("does not host this topic-partition").
  const report = await run().catch(async (error: Error) => {
    process.stderr.write(`[bench] same-run reference failed once (${error.message}); trying again\n`);
    await new Promise((r) => setTimeout(r, 5_000));
    return run();
  });
  const results = report.results as { produce: { recordsPerSecond: number }; consume: { recordsPerSecond: number } };
  return {
    at: new Date().toISOString(),
    file: `same run: ${records.toLocaleString('en-US')} records × 512 B`,
    produceRecordsPerSecond: results.produce.recordsPerSecond,
    consumeRecordsPerSecond: results.consume.recordsPerSecond,
  };
}

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
