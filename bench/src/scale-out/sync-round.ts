import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Admin } from 'kafkajs';
import { KafkaPublisher, type SyncRequest, Topics } from '@rp/messaging';
import { freePort } from '@rp/testing';
import { untilInterrupted } from '../common/interrupt';
import { benchKafka, benchSerde, uniqueBenchName, type BenchServices } from '../common/services';
import { type AppProcess, spawnApp, waitReady } from '../full-sync/app-process';
import { canvasImportTotals } from '../full-sync/full-sync.environment';
import { cleanUp } from '../full-sync/full-sync.bench';
import { busyShare, loadAverage, machineTicks, processCpuSeconds } from './cpu-usage';
import { RunsWatcher } from '../common/runs-watcher';
import { createScaleOutEnvironment, type ScaleOutEnvironment } from './scale-out.environment';

export interface SyncRoundOptions {
  /** Replicas of the transformer and of the loader (one consumer group each); the extractor runs once. */
  replicas: number;
  tenants: number;
  scale: string;
  timeoutMs: number;
  progressEveryMs: number;
}

/** What one full-sync round measured (JSON-friendly). */
export interface SyncRound {
  replicas: number;
  tenants: number;
  scale: string;
  /** Tenants whose loader published its `finished` marker for the run. */
  loaderFinished: number;
  /** Request → the last Canvas import ended (all tenants). */
  wallMs: number | null;
  canvasRows: number;
  imports: number;
  records: { oneRoster: number; canvas: number };
  /** First extractor `started` → last transformer `finished` across the tenants' runs. */
  transformerMs: number | null;
  /** CPU seconds used per app kind (replicas summed) during the round, and the machine's busy share meanwhile. */
  cpuSeconds: Record<string, number>;
  machineBusy: number;
  loadAverage: { before: string; after: string };
  logDir: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One round: fresh topics, schemas and tenants; the extractor, `replicas` transformers and `replicas` loaders as
 * processes (started one after the other, groups Stable with every member before the requests); one full
 * SyncRequest per tenant, all at once; done when every tenant's loader marked its run finished (or the timeout).
 */
export async function runSyncRound(services: BenchServices, o: SyncRoundOptions): Promise<SyncRound> {
  const before = loadAverage();
  const runTag = uniqueBenchName('so').replace(/^so-/, '');
  const env = await createScaleOutEnvironment(services, o.tenants, o.scale, runTag);
  const logDir = mkdtempSync(join(tmpdir(), 'rp-bench-scale-out-'));
  const apps: { kind: string; proc: AppProcess }[] = [];
  const kafka = benchKafka(services.kafkaBrokers, 'bench-scale-out');
  const admin = kafka.admin();
  const serde = benchSerde(services.schemaRegistryUrl);
  const runIds = new Map(env.tenants.map((t) => [t.id, `bench-${runTag}-${t.id}`]));
  const watcher = new RunsWatcher(kafka, serde, `${env.topicPrefix}${Topics.syncRuns}`, new Set(runIds.values()));
  try {
    return await untilInterrupted(async () => {
      const plan: [string, number][] = [['extractor', 1], ['transformer', o.replicas], ['loader', o.replicas]];
      for (const [kind, count] of plan) {
        for (let i = 1; i <= count; i++) {
          const dir = join(logDir, `${kind}-${i}`);
          mkdirSync(dir, { recursive: true });
          const proc = spawnApp(kind, env.appEnv, await freePort(), dir);
          apps.push({ kind, proc });
          await waitReady(proc, 300_000); // the first app creates the topics: slow on a loaded broker
        }
      }
      await admin.connect();
      await waitForMembers(admin, Object.fromEntries(plan.map(([kind, n]) => [`${env.topicPrefix}rp.${kind}`, n])), Date.now() + 180_000, logDir);
      await watcher.start(`${env.topicPrefix}bench.watch`);
      const publisher = new KafkaPublisher(kafka, serde);
      await publisher.connect();
      const cpuBefore = cpuByKind(apps);
      const ticksBefore = machineTicks();
      const requestedMs = Date.now();
      await publisher.publish<SyncRequest>(`${env.topicPrefix}${Topics.syncRequests}`, env.tenants.map((t) => ({
        key: `${t.id}|${runIds.get(t.id)}`, tenant: t.id, syncRun: runIds.get(t.id),
        value: { tenant: t.id, runId: runIds.get(t.id)!, kind: 'full', requestedBy: 'bench', requestedAt: new Date(requestedMs).toISOString() },
      })));
      await publisher.disconnect();
      await waitForLoaders(env, watcher, o, requestedMs);
      const busy = busyShare(ticksBefore, machineTicks());
      const cpuAfter = cpuByKind(apps);
      const totals = env.tenants.map((t) => canvasImportTotals(t.canvas, t.id));
      const lastEnded = Math.max(...totals.map((t) => t.lastEndedMs ?? 0));
      const transformerEnds = watcher.ended('transformer').map((e) => Date.parse(e.at));
      const extractorStart = watcher.first('extractor', 'started');
      return {
        replicas: o.replicas, tenants: o.tenants, scale: o.scale,
        loaderFinished: new Set(watcher.ended('loader').map((e) => e.tenant)).size,
        wallMs: lastEnded > 0 ? lastEnded - requestedMs : null,
        canvasRows: totals.reduce((n, t) => n + t.rows, 0),
        imports: totals.reduce((n, t) => n + t.imports, 0),
        records: {
          oneRoster: await topicRecords(admin, Object.values(Topics.oneRoster).map((t) => env.topicPrefix + t)),
          canvas: await topicRecords(admin, Object.values(Topics.canvas).map((t) => env.topicPrefix + t)),
        },
        transformerMs: extractorStart && transformerEnds.length === o.tenants ? Math.max(...transformerEnds) - Date.parse(extractorStart.at) : null,
        cpuSeconds: Object.fromEntries(Object.keys(cpuAfter).map((k) => [k, Math.round((cpuAfter[k] - (cpuBefore[k] ?? 0)) * 10) / 10])),
        machineBusy: Math.round(busy * 1000) / 1000,
        loadAverage: { before, after: loadAverage() },
        logDir,
      };
    });
  } finally {
    for (const { proc } of apps.reverse()) await proc.stop();
    await watcher.stop().catch(() => undefined);
    await admin.connect().then(() => cleanUp(admin, services, env.topicPrefix, env.schemaPrefix)).catch((e: Error) => process.stderr.write(`[bench] cleanup: ${e.message}\n`));
    await admin.disconnect().catch(() => undefined);
    await env.close();
  }
}

/** CPU seconds so far per app kind (its replicas summed). */
function cpuByKind(apps: { kind: string; proc: AppProcess }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const { kind, proc } of apps) out[kind] = (out[kind] ?? 0) + (processCpuSeconds(proc.pid) ?? 0);
  return out;
}

/** Until every tenant's loader marked its run ended (or the timeout), printing progress now and then. */
async function waitForLoaders(env: ScaleOutEnvironment, watcher: RunsWatcher, o: SyncRoundOptions, requestedMs: number): Promise<void> {
  let lastPrint = Date.now();
  while (new Set(watcher.ended('loader').map((e) => e.tenant)).size < o.tenants) {
    if (Date.now() - requestedMs > o.timeoutMs) {
      process.stderr.write(`[bench] scale-out: timed out after ${o.timeoutMs / 1000} s; numbers of this round are partial\n`);
      return;
    }
    if (Date.now() - lastPrint >= o.progressEveryMs) {
      lastPrint = Date.now();
      const rows = env.tenants.reduce((n, t) => n + canvasImportTotals(t.canvas, t.id).rows, 0);
      process.stderr.write(`[bench] scale-out ${o.replicas} replica(s): +${Math.round((lastPrint - requestedMs) / 1000)} s, transformer finished ${watcher.ended('transformer').length}/${o.tenants}, loader finished ${watcher.ended('loader').length}/${o.tenants}, Canvas applied ${rows.toLocaleString('en-US')} rows\n`);
    }
    await sleep(250);
  }
}

/**
 * A consumer that joins after the requests were published, with no committed offset, starts at the end and would
 * miss them: wait until each group is Stable with all its replicas as members.
 */
async function waitForMembers(admin: Admin, expected: Record<string, number>, deadlineMs: number, logDir: string): Promise<void> {
  let states = '';
  while (Date.now() < deadlineMs) {
    const { groups } = await admin.describeGroups(Object.keys(expected));
    states = groups.map((g) => `${g.groupId}: ${g.state} (${g.members.length} member(s))`).join(', ');
    if (groups.every((g) => g.state === 'Stable' && g.members.length === expected[g.groupId])) {
      await sleep(2_000);
      return;
    }
    await sleep(500);
  }
  throw new Error(`consumer groups did not all become Stable with every replica in time (${states}); app logs in ${logDir}`);
}

async function topicRecords(admin: Admin, topics: string[]): Promise<number> {
  let total = 0;
  for (const topic of topics) {
    for (const p of await admin.fetchTopicOffsets(topic).catch(() => [])) total += Number(p.high) - Number(p.low);
  }
  return total;
}
