import type { Kafka } from 'kafkajs';
import type { AvroSerde, KafkaPublisher } from '@rp/messaging';
import { Topics } from '@rp/messaging';
import { publishedRows } from './pipeline-completion';
import type { FullSyncEnvironment } from './full-sync.environment';
import { requestRun } from './delta-latency';
import { SyncRunWatcher } from './sync-run-watcher';

/** What one delta run cost after `percent` % of the district changed in the SIS, next to the full sync's cost. */
export interface DeltaCost {
  percent: number;
  /** SIS records changed, per OneRoster kind. */
  changed: Record<string, number>;
  /** Delta request → the loader's finished marker seen (ms); undefined when not seen before the deadline. */
  wallMs?: number;
  /** OneRoster records the extractor emitted, Canvas records the transformer published, rows the loader sent. */
  records: { extractorEmitted: number; transformerPublished: number; canvasRowsSent: number };
  /** The delta run's markers: what each stage read, emitted, published and sent, per type. */
  stageCounts: Record<string, Record<string, number>>;
  loaderCounts?: Record<string, number>;
  completed: boolean;
}

const emitted = (counts: Record<string, number> | undefined) =>
  Object.entries(counts ?? {}).filter(([k]) => k.endsWith('.emitted')).reduce((n, [, v]) => n + v, 0);

/**
 * Changes `percent` % of the users (renamed), classes (retitled) and enrollments (end date moved a day later, which
 * Canvas shows as the enrollment's end) in the OneRoster simulator, requests one delta run and waits for the loader's
 * finished marker: the time and the records each stage moved, to set against the full sync's.
 */
export async function measureDeltaCost(
  env: FullSyncEnvironment, kafka: Kafka, serde: AvroSerde, publisher: KafkaPublisher, runId: string, percent: number, deadlineMs: number,
): Promise<DeltaCost> {
  const watcher = new SyncRunWatcher(kafka, serde, `${env.topicPrefix}${Topics.syncRuns}`, runId);
  await watcher.start(`${env.topicPrefix}bench.watch-${runId}`);
  try {
    const changed = await env.oneRoster.call<Record<string, number>>('applyDeltaCostChanges', percent); // sis-changes.ts
    const requestedMs = Date.now();
    await requestRun(env, publisher, runId, 'delta');
    while (Date.now() < deadlineMs && !watcher.marker('loader', 'finished') && !watcher.marker('loader', 'failed')) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const loader = watcher.marker('loader', 'finished');
    return {
      percent,
      changed,
      wallMs: loader ? loader.seenAtMs - requestedMs : undefined,
      records: {
        extractorEmitted: emitted(watcher.marker('extractor', 'finished')?.counts),
        transformerPublished: publishedRows(watcher.marker('transformer', 'finished')?.counts ?? {}),
        canvasRowsSent: loader?.counts['rows.sent'] ?? 0,
      },
      stageCounts: Object.fromEntries(watcher.events.map((e) => [`${e.stage}.${e.phase}`, e.counts])),
      loaderCounts: loader?.counts,
      completed: loader !== undefined,
    };
  } finally {
    await watcher.stop();
  }
}
