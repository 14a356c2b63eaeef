import canvasEntityChange from '../contracts/avro/canvas-entity-change.avsc.json';
import gradebookWrite from '../contracts/avro/gradebook-write.avsc.json';
import gradebookWriteOutcomes from '../contracts/avro/gradebook-write-outcomes.avsc.json';
import liveEvent from '../contracts/avro/live-event.avsc.json';
import loadResult from '../contracts/avro/load-result.avsc.json';
import oneRosterEntityChange from '../contracts/avro/oneroster-entity-change.avsc.json';
import syncRequest from '../contracts/avro/sync-request.avsc.json';
import stallReport from '../contracts/avro/stall-report.avsc.json';
import syncRun from '../contracts/avro/sync-run.avsc.json';
import { canvasTopic, CANVAS_ENTITY_TYPES, oneRosterTopic, ONEROSTER_ENTITY_TYPES } from '../contracts/pipeline-contracts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** An Avro schema as parsed JSON (e.g. an imported `.avsc.json`). */
export type AvroSchemaJson = { type: string; name?: string; [key: string]: unknown };

/** Everything the platform needs to know about one topic. */
export interface TopicDefinition {
  name: string;
  partitions: number;
  /** `compact` keeps the latest record per key forever; `delete` drops records after `retentionMs`. */
  cleanup: 'compact' | 'delete';
  retentionMs?: number;
  /** Whether a `<name>.dlq` twin exists (default true). */
  dlq?: boolean;
  /** Avro schema of the record values, registered as `<name>-value`. */
  valueSchema?: AvroSchemaJson;
  /** Further topic configs (`min.insync.replicas`, ...). */
  configs?: Record<string, string>;
}

/** Dead-letter twin of a topic. */
export const dlqTopicName = (topic: string): string => `${topic}.dlq`;

/** Topic names of DESIGN.md §3. */
export const Topics = {
  oneRoster: Object.fromEntries(ONEROSTER_ENTITY_TYPES.map((t) => [t, oneRosterTopic(t)])) as Record<
    (typeof ONEROSTER_ENTITY_TYPES)[number],
    string
  >,
  canvas: Object.fromEntries(CANVAS_ENTITY_TYPES.map((t) => [t, canvasTopic(t)])) as Record<
    (typeof CANVAS_ENTITY_TYPES)[number],
    string
  >,
  canvasLiveEvents: 'canvas.live-events',
  gradebookWrites: 'oneroster.gradebook-writes',
  gradebookWriteOutcomes: 'gradebook.write-outcomes',
  syncRequests: 'sync.requests',
  syncRuns: 'sync.runs',
  loadResults: 'canvas.load-results',
  stalls: 'pipeline.stalls',
} as const;

/** The platform's topics; `partitions` sets the entity topics' count (tenants are the unit of parallelism). */
export function platformTopics(options: { partitions?: number } = {}): TopicDefinition[] {
  const partitions = options.partitions ?? 12;
  const entity = (name: string, valueSchema: AvroSchemaJson): TopicDefinition => ({
    name, partitions, cleanup: 'compact', valueSchema,
  });
  return [
    ...Object.values(Topics.oneRoster).map((name) => entity(name, oneRosterEntityChange)),
    ...Object.values(Topics.canvas).map((name) => entity(name, canvasEntityChange)),
    { name: Topics.canvasLiveEvents, partitions, cleanup: 'delete', retentionMs: 7 * DAY_MS, valueSchema: liveEvent },
    { name: Topics.gradebookWrites, partitions, cleanup: 'compact', valueSchema: gradebookWrite },
    // one record per writer slice (counts, refusals), read by the notifier's refusal-rate rule
    { name: Topics.gradebookWriteOutcomes, partitions, cleanup: 'delete', retentionMs: 7 * DAY_MS, valueSchema: gradebookWriteOutcomes },
    { name: Topics.syncRequests, partitions, cleanup: 'delete', retentionMs: 7 * DAY_MS, valueSchema: syncRequest },
    { name: Topics.syncRuns, partitions, cleanup: 'delete', retentionMs: 30 * DAY_MS, valueSchema: syncRun },
    { name: Topics.loadResults, partitions, cleanup: 'delete', retentionMs: 30 * DAY_MS, valueSchema: loadResult },
    // read by ops only (latest report per key); a status, not work, so no DLQ
    { name: Topics.stalls, partitions, cleanup: 'delete', retentionMs: 7 * DAY_MS, valueSchema: stallReport, dlq: false },
  ];
}

/** The definitions plus their DLQ twins (delete policy, 14 days, same partitions, raw bytes so no schema). */
export function withDeadLetterTopics(defs: TopicDefinition[]): TopicDefinition[] {
  const twins = defs
    .filter((d) => d.dlq !== false && !d.name.endsWith('.dlq'))
    .map((d): TopicDefinition => ({
      name: dlqTopicName(d.name), partitions: d.partitions, cleanup: 'delete', retentionMs: 14 * DAY_MS, dlq: false,
    }));
  return [...defs, ...twins];
}

/** The Kafka topic configs a definition implies. */
export function topicConfigs(def: TopicDefinition): Record<string, string> {
  return {
    'cleanup.policy': def.cleanup,
    ...(def.cleanup === 'delete' && def.retentionMs !== undefined ? { 'retention.ms': String(def.retentionMs) } : {}),
    ...def.configs,
  };
}
