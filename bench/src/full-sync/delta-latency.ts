import type { Kafka } from 'kafkajs';
import type { AvroSerde, KafkaPublisher, SyncRequest } from '@rp/messaging';
import { Topics } from '@rp/messaging';
import { percentile } from '../common/measure';
import type { FullSyncEnvironment } from './full-sync.environment';
import { SyncRunWatcher } from './sync-run-watcher';

/** One SIS change carried to Canvas by a delta run: how long from the change to Canvas showing it. */
export interface DeltaSample {
  userSourcedId: string;
  /** SIS change → the delta run's transformer finished marker seen. */
  toTransformerFinishedMs?: number;
  /** SIS change → the Canvas simulator shows the new name. */
  toCanvasMs?: number;
  completed: boolean;
  /** The delta run's stage counts (what each stage saw and published for this one change). */
  counts?: Record<string, Record<string, number>>;
  /** When the change never showed: the student's name in Canvas at the deadline (or that Canvas has no such user). */
  canvasAtDeadline?: string;
}

export interface DeltaLatency {
  samples: DeltaSample[];
  /** Over the completed samples, in ms. */
  toCanvas: { p50: number; p95: number; max: number } | null;
  toTransformerFinished: { p50: number; p95: number } | null;
  /** The schedule's delay comes on top: a tenant's delta interval (default 300 s) is the worst case before a run starts. */
  deltaIntervalSeconds: number;
  completed: boolean;
}

/** The tenant default of apps/extractor's sync schedule (per-tenant setting `deltaIntervalSeconds`). */
export const DEFAULT_DELTA_INTERVAL_SECONDS = 300;

/**
 * Renames one student at a time in the OneRoster simulator (its own process), requests a delta run right away (as the scheduler would on
 * its next tick) and waits until the Canvas simulator shows the new name; `samples` times, one after the other.
 * Measures platform latency; the schedule delay (the delta interval) is reported separately.
 */
export async function measureDeltaLatency(
  env: FullSyncEnvironment, kafka: Kafka, serde: AvroSerde, publisher: KafkaPublisher, runId: string, samples: number, deadlineMs: number,
): Promise<DeltaLatency> {
  // Students without a preferred first name: Canvas shows the preferred name, so renaming givenName would change nothing there.
  const students = await env.oneRoster.call<string[]>('renameCandidates', samples);
  if (students.length === 0) throw new Error('the generated district has no active student to rename');
  const out: DeltaSample[] = [];
  for (const [i, sourcedId] of students.entries()) {
    if (Date.now() >= deadlineMs) break;
    out.push(await oneSample(env, kafka, serde, publisher, `${runId}-${i + 1}`, sourcedId, deadlineMs));
  }
  const done = out.filter((s) => s.completed);
  const toCanvas = done.map((s) => s.toCanvasMs!);
  const toTransformer = done.filter((s) => s.toTransformerFinishedMs !== undefined).map((s) => s.toTransformerFinishedMs!);
  return {
    samples: out,
    toCanvas: toCanvas.length ? { p50: percentile(toCanvas, 50), p95: percentile(toCanvas, 95), max: Math.max(...toCanvas) } : null,
    toTransformerFinished: toTransformer.length ? { p50: percentile(toTransformer, 50), p95: percentile(toTransformer, 95) } : null,
    deltaIntervalSeconds: DEFAULT_DELTA_INTERVAL_SECONDS,
    completed: out.length === students.length && done.length === out.length,
  };
}

async function oneSample(
  env: FullSyncEnvironment, kafka: Kafka, serde: AvroSerde, publisher: KafkaPublisher, runId: string, sourcedId: string, deadlineMs: number,
): Promise<DeltaSample> {
  const newName = `Renamed${runId.replace(/[^a-z0-9]/gi, '')}`;
  const watcher = new SyncRunWatcher(kafka, serde, `${env.topicPrefix}${Topics.syncRuns}`, runId);
  await watcher.start(`${env.topicPrefix}bench.watch-${runId}`);
  try {
    const changedMs = Date.now();
    await env.oneRoster.call('rename', sourcedId, newName);
    await requestRun(env, publisher, runId, 'delta');
    const shownMs = await waitForCanvasName(env, sourcedId, newName, deadlineMs);
    const transformer = watcher.marker('transformer', 'finished');
    return {
      userSourcedId: sourcedId,
      toTransformerFinishedMs: transformer ? transformer.seenAtMs - changedMs : undefined,
      toCanvasMs: shownMs === undefined ? undefined : shownMs - changedMs,
      completed: shownMs !== undefined,
      counts: Object.fromEntries(watcher.events.map((e) => [`${e.stage}.${e.phase}`, e.counts])),
      ...(shownMs === undefined ? { canvasAtDeadline: (await env.canvas.call<string | null>('userName', sourcedId)) ?? 'no Canvas user with this SIS id' } : {}),
    };
  } finally {
    await watcher.stop();
  }
}

/** Publishes a SyncRequest for the bench tenant, as `ops sync now` or the scheduler would. */
export async function requestRun(env: FullSyncEnvironment, publisher: KafkaPublisher, runId: string, kind: SyncRequest['kind']): Promise<void> {
  const request: SyncRequest = { tenant: env.tenant, runId, kind, requestedBy: 'bench', requestedAt: new Date().toISOString() };
  await publisher.publish<SyncRequest>(`${env.topicPrefix}${Topics.syncRequests}`, [{ key: `${env.tenant}|${runId}`, value: request, tenant: env.tenant, syncRun: runId }]);
}

async function waitForCanvasName(env: FullSyncEnvironment, sisId: string, name: string, deadlineMs: number): Promise<number | undefined> {
  while (Date.now() < deadlineMs) {
    if ((await env.canvas.call<string | null>('userName', sisId))?.includes(name)) return Date.now();
    await new Promise((r) => setTimeout(r, 50));
  }
  return undefined;
}
