import type { CanvasEntityType, CanvasRowCells } from '@rp/canvas';
import canvasEntityChangeSchema from './avro/canvas-entity-change.avsc.json';
import loadResultSchema from './avro/load-result.avsc.json';
import oneRosterEntityChangeSchema from './avro/oneroster-entity-change.avsc.json';
import syncRequestSchema from './avro/sync-request.avsc.json';
import syncRunSchema from './avro/sync-run.avsc.json';

/** OneRoster entity kinds that flow through `oneroster.*` topics, in the order the extractor pulls them. */
export const ONEROSTER_ENTITY_TYPES = ['org', 'academicSession', 'course', 'class', 'user', 'enrollment'] as const;
export type OneRosterEntityType = (typeof ONEROSTER_ENTITY_TYPES)[number];

// Canvas SIS entity kinds that flow through `canvas.*` topics: the list of the Canvas SIS model (libs/canvas).
export { CANVAS_ENTITY_TYPES } from '@rp/canvas';
export type { CanvasEntityType } from '@rp/canvas';

export type ChangeOp = 'upsert' | 'delete';
export type SyncKind = 'full' | 'delta';
export type Stage = 'extractor' | 'transformer' | 'loader';

/** Value of `oneroster.<entity>` records (schema avro/oneroster-entity-change.avsc). */
export interface OneRosterEntityChange {
  tenant: string;
  entityType: OneRosterEntityType;
  sourcedId: string;
  op: ChangeOp;
  syncRun: string;
  contentHash: string;
  dateLastModified: string | null;
  /** The normalised OneRoster record as JSON; null for deletes. */
  record: string | null;
}

/** Value of `canvas.<type>` records (schema avro/canvas-entity-change.avsc). */
export interface CanvasEntityChange {
  tenant: string;
  canvasType: CanvasEntityType;
  sisId: string;
  op: ChangeOp;
  syncRun: string;
  contentHash: string;
  school: string | null;
  /** The row's cells in their wire form (Avro map); `decodeCanvasRow` reads them back into the typed row. */
  row: CanvasRowCells;
  sources: string[];
}

/** Value of `sync.requests` records. */
export interface SyncRequest {
  tenant: string;
  runId: string;
  kind: SyncKind;
  requestedBy: string;
  requestedAt: string;
  /** `ops sync --full --plan`: nothing is imported; the loader makes the run's changes a preview plan (ADR 0131). Absent = false. */
  planOnly?: boolean;
}

/** Value of `sync.runs` records: one stage's start/finish marker. */
export interface SyncRunEvent {
  tenant: string;
  runId: string;
  kind: SyncKind;
  stage: Stage;
  phase: 'started' | 'finished' | 'failed';
  at: string;
  counts: Record<string, number>;
  message: string | null;
}

/** Value of `canvas.load-results` records. */
export interface LoadResult {
  tenant: string;
  canvasType: string;
  sisId: string;
  syncRun: string | null;
  importId: number | null;
  outcome: 'applied' | 'warning' | 'error' | 'held' | 'rejected' | 'waiting';
  message: string | null;
  at: string;
  /** The plan that holds the row (outcome `held`); absent or null otherwise. */
  planId?: string | null;
}

/** Avro schemas of the pipeline, by contract name; registered as `<topic>-value`. */
export const PIPELINE_SCHEMAS = {
  oneRosterEntityChange: oneRosterEntityChangeSchema,
  canvasEntityChange: canvasEntityChangeSchema,
  syncRequest: syncRequestSchema,
  syncRun: syncRunSchema,
  loadResult: loadResultSchema,
} as const;

/** Topic name of the OneRoster entity kind (`oneroster.academic-sessions`, …). */
export function oneRosterTopic(type: OneRosterEntityType): string {
  const plural: Record<OneRosterEntityType, string> = {
    org: 'orgs',
    academicSession: 'academic-sessions',
    course: 'courses',
    class: 'classes',
    user: 'users',
    enrollment: 'enrollments',
  };
  return `oneroster.${plural[type]}`;
}

/** Topic name of the Canvas entity kind (`canvas.user-observers`, …). */
export function canvasTopic(type: CanvasEntityType): string {
  const plural: Record<CanvasEntityType, string> = {
    account: 'accounts',
    term: 'terms',
    course: 'courses',
    section: 'sections',
    user: 'users',
    enrollment: 'enrollments',
    user_observer: 'user-observers',
  };
  return `canvas.${plural[type]}`;
}

/** Kafka key of a OneRoster record: all of a tenant's records hash to one partition (DESIGN.md §3). */
export const oneRosterKey = (tenant: string, sourcedId: string): string => `${tenant}|${sourcedId}`;
/** Kafka key of a Canvas entity. */
export const canvasKey = (tenant: string, type: CanvasEntityType, sisId: string): string => `${tenant}|${type}|${sisId}`;
