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

/** Stable pick of every n-th record so each run of the benchmark changes the same ones. */
export function everyNth<T>(items: readonly T[], percent: number): T[] {
  const step = Math.max(1, Math.round(100 / percent));
  return items.filter((_, i) => i % step === step - 1);
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
  const sis = env.oneRoster.admin.sis;
  const users = everyNth(env.district.users.filter((u) => u.status === 'active'), percent);
  const classes = everyNth(env.district.classes.filter((c) => c.status === 'active'), percent);
  const enrollments = everyNth(env.district.enrollments.filter((e) => e.status === 'active' && e.endDate), percent);
  const watcher = new SyncRunWatcher(kafka, serde, `${env.topicPrefix}${Topics.syncRuns}`, runId);
  await watcher.start(`${env.topicPrefix}bench.watch-${runId}`);
  try {
    for (const u of users) sis.update('users', u.sourcedId, { givenName: `${u.givenName}x` });
    for (const c of classes) sis.update('classes', c.sourcedId, { title: `${c.title} (changed)` });
    for (const e of enrollments) sis.update('enrollments', e.sourcedId, { endDate: nextDay(e.endDate!) });
    const requestedMs = Date.now();
    await requestRun(env, publisher, runId, 'delta');
    while (Date.now() < deadlineMs && !watcher.marker('loader', 'finished') && !watcher.marker('loader', 'failed')) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const loader = watcher.marker('loader', 'finished');
    return {
      percent,
      changed: { users: users.length, classes: classes.length, enrollments: enrollments.length },
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

/** YYYY-MM-DD one calendar day later. */
export function nextDay(date: string): string {
  const d = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
