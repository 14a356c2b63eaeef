import type { Kafka } from 'kafkajs';
import type { AvroSerde } from '@rp/messaging';
import { RunsWatcher, type SeenRunEvent } from '../common/runs-watcher';

/** A sync.runs marker with the instant the benchmark saw it. */
export type ObservedRunEvent = SeenRunEvent;

/** Follows sync.runs for one run id and keeps its stage markers with the instant each was seen. */
export class SyncRunWatcher extends RunsWatcher {
  constructor(kafka: Kafka, serde: AvroSerde, topic: string, runId: string) {
    super(kafka, serde, topic, new Set([runId]));
  }
}
