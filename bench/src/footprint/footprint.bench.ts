import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@rp/testing';
import { intFlag } from '../common/cli-args';
import { round } from '../common/measure';
import type { BenchmarkReport } from '../common/report';
import { benchAppEnv, benchKafka, benchServices, uniqueBenchName } from '../common/services';
import { loadAverage } from '../scale-out/cpu-usage';
import { cleanUp } from '../full-sync/full-sync.bench';
import { appEntry, appRuntimeOf, spawnApp, waitReady } from '../full-sync/app-process';

/** Every long-running app the chart deploys, with the env that selects its role. */
export const FOOTPRINT_APPS: { name: string; app: string; env: NodeJS.ProcessEnv }[] = [
  { name: 'extractor', app: 'extractor', env: { EXTRACTOR_SCHEDULE: 'off' } },
  { name: 'transformer', app: 'transformer', env: {} },
  { name: 'loader', app: 'loader', env: {} },
  { name: 'events-gateway', app: 'events-gateway', env: {} },
  { name: 'gradebook processor', app: 'gradebook', env: { GRADEBOOK_ROLE: 'processor' } },
  { name: 'gradebook writer', app: 'gradebook', env: { GRADEBOOK_ROLE: 'writer', SERVICE_NAME: 'gradebook-writer' } },
  { name: 'notifier', app: 'notifier', env: {} },
];

/**
 * Idle footprint of every app: started one after the other (fresh topics and schemas, no tenant, no work), ready,
 * then left idle for `--idle-seconds`; VmRSS and VmHWM from /proc/<pid>/status, CPU seconds used to start up. What a
 * pod costs before it does anything — the floor under its memory limit.
 */
export async function runFootprint(flags: Record<string, string>): Promise<BenchmarkReport> {
  const runtime = appRuntimeOf(flags.runtime);
  const idleMs = intFlag(flags, 'idle-seconds', 15) * 1000;
  const only = flags.apps ? new Set(flags.apps.split(',')) : undefined;
  const apps = FOOTPRINT_APPS.filter((a) => !only || only.has(a.name) || only.has(a.app));
  for (const a of apps) appEntry(a.app, runtime);
  const services = benchServices();
  const tag = uniqueBenchName('fp').replace(/^fp-/, '');
  const topicPrefix = `bench-${tag}.`;
  const schemaPrefix = `bench_${tag.replace(/[^a-z0-9]/g, '')}_`;
  const env = benchAppEnv(services, { secretsKey: randomBytes(32).toString('base64'), topicPrefix, schemaPrefix },
    flags['node-options'] ? { NODE_OPTIONS: flags['node-options'] } : {});
  const logDir = mkdtempSync(join(tmpdir(), 'rp-bench-footprint-'));
  const loadBefore = loadAverage();
  const rows: { name: string; readySeconds: number; idleRssMiB?: number; peakRssMiB?: number; startupCpuSeconds?: number }[] = [];
  try {
    for (const a of apps) {
      const started = Date.now();
      const proc = spawnApp(a.app, { ...env, ...a.env }, await freePort(), logDir, runtime, a.name.replace(/ /g, '-'));
      try {
        await waitReady(proc);
        const readySeconds = (Date.now() - started) / 1000;
        const startupCpuSeconds = proc.cpuSeconds();
        await new Promise((r) => setTimeout(r, idleMs));
        rows.push({ name: a.name, readySeconds, idleRssMiB: proc.rssMiB(), peakRssMiB: proc.peakRssMiB(), startupCpuSeconds });
      } finally {
        await proc.stop();
      }
    }
  } finally {
    const admin = benchKafka(services.kafkaBrokers, 'bench-footprint').admin();
    await admin.connect().then(() => cleanUp(admin, services, topicPrefix, schemaPrefix)).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
  const cell = (v: number | undefined) => (v === undefined ? '—' : round(v));
  return {
    name: 'footprint',
    parameters: { runtime, idleSeconds: idleMs / 1000, nodeOptions: flags['node-options'] ?? null },
    results: { apps: rows, loadAverage: { before: loadBefore, after: loadAverage() }, appLogs: logDir },
    tables: [{
      title: `Idle footprint per app (${runtime === 'dist' ? 'production build' : 'from source via swc-node'}${flags['node-options'] ? `, NODE_OPTIONS=${flags['node-options']}` : ''})`,
      columns: ['app', 'start → ready s', 'CPU s to start', `RSS after ${idleMs / 1000} s idle MiB`, 'peak RSS MiB'],
      rows: rows.map((r) => [r.name, cell(r.readySeconds), cell(r.startupCpuSeconds), cell(r.idleRssMiB), cell(r.peakRssMiB)]),
    }],
    notes: [`Load average (1/5/15 min) before ${loadBefore}, after ${loadAverage()}. Apps started one after the other, no tenant, no work.`],
  };
}
