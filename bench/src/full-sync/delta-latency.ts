import type { Kafka } from 'kafkajs';
import type { AvroSerde, KafkaPublisher, SyncRequest } from '@rp/messaging';
import { Topics } from '@rp/messaging';
import type { FullSyncEnvironment } from './full-sync.environment';
import { SyncRunWatcher } from './sync-run-watcher';

/** One SIS change carried to Canvas by a delta run: how long from the change to Canvas showing it. */
export interface DeltaLatency {
  userSourcedId: string;
  /** SIS change → the delta run's transformer finished marker seen. */
  toTransformerFinishedMs?: number;
  /** SIS change → the Canvas simulator shows the new name. */
  toCanvasMs?: number;
  extractorCounts?: Record<string, number>;
  completed: boolean;
}

/**
 * Renames one student in the OneRoster simulator, requests a delta run right away (as the scheduler would on its
 * next tick) and waits until the Canvas simulator shows the new name. Measures platform latency, not schedule delay.
 */
export async function measureDeltaLatency(
  env: FullSyncEnvironment, kafka: Kafka, serde: AvroSerde, publisher: KafkaPublisher, runId: string, deadlineMs: number,
): Promise<DeltaLatency> {
  const student = env.district.users.find((u) => u.status === 'active' && u.enabledUser && u.roles[0]?.role === 'student');
  if (!student) throw new Error('the generated district has no active student to rename');
  const newName = `Renamed${runId.replace(/[^a-z0-9]/gi, '')}`;
  const watcher = new SyncRunWatcher(kafka, serde, `${env.topicPrefix}${Topics.syncRuns}`, runId);
  await watcher.start(`${env.topicPrefix}bench.watch-delta`);
  try {
    const changedMs = Date.now();
    env.oneRoster.admin.sis.update('users', student.sourcedId, { givenName: newName });
    const request: SyncRequest = { tenant: env.tenant, runId, kind: 'delta', requestedBy: 'bench', requestedAt: new Date().toISOString() };
    await publisher.publish<SyncRequest>(`${env.topicPrefix}${Topics.syncRequests}`, [{ key: `${env.tenant}|${runId}`, value: request, tenant: env.tenant, syncRun: runId }]);
    const shownMs = await waitForCanvasName(env, student.sourcedId, newName, deadlineMs);
    const transformer = watcher.marker('transformer', 'finished');
    return {
      userSourcedId: student.sourcedId,
      toTransformerFinishedMs: transformer ? transformer.seenAtMs - changedMs : undefined,
      toCanvasMs: shownMs === undefined ? undefined : shownMs - changedMs,
      extractorCounts: watcher.marker('extractor', 'finished')?.counts,
      completed: shownMs !== undefined,
    };
  } finally {
    await watcher.stop();
  }
}

async function waitForCanvasName(env: FullSyncEnvironment, sisId: string, name: string, deadlineMs: number): Promise<number | undefined> {
  const state = env.canvas.state.get(env.tenant)!;
  while (Date.now() < deadlineMs) {
    for (const user of state.users.values()) if (user.sisId === sisId && user.name.includes(name)) return Date.now();
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
}
