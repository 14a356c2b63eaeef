import gradebookWriteOutcomesSchema from './avro/gradebook-write-outcomes.avsc.json';
import gradebookWriteSchema from './avro/gradebook-write.avsc.json';

export type GradebookWriteKind = 'lineItem' | 'result';

/** Value of `oneroster.gradebook-writes` records (schema avro/gradebook-write.avsc): one decided IC gradebook write. */
export interface GradebookWrite {
  tenant: string;
  kind: GradebookWriteKind;
  op: 'upsert' | 'delete';
  /** Deterministic UUIDv5 of the lineItem or result (libs/mapping sourced-ids). */
  sourcedId: string;
  /** The lineItem itself, or the result's lineItem (the writer PUTs it first). */
  lineItemSourcedId: string;
  classSourcedId: string | null;
  studentSourcedId: string | null;
  canvasCourseId: string | null;
  canvasAssignmentId: string | null;
  canvasUserId: string | null;
  /** Canvas's time of the change: coalescing keeps the latest per key. */
  canvasEventTime: string;
  decidedAt: string;
  /** Hash of the record without `dateLastModified`; the writer skips a PUT whose hash was already written. */
  contentHash: string;
  /** The OneRoster lineItem/result as JSON; null for deletes. */
  record: string | null;
}

/** A write IC refused (HTTP 4xx or an invalid record), as `gradebook.write-outcomes` carries it. */
export interface RefusedGradebookWrite {
  kind: GradebookWriteKind;
  sourcedId: string;
  contentHash: string;
  reason: string;
}

/**
 * Value of `gradebook.write-outcomes` records (schema avro/gradebook-write-outcomes.avsc): what the writer did with one
 * tenant's slice — a count of accepted writes and each refused one. One record per slice, keyed by tenant.
 */
export interface GradebookWriteOutcomes {
  tenant: string;
  /** Unique per record, so a record consumed twice counts once. */
  batchId: string;
  at: string;
  written: number;
  refused: RefusedGradebookWrite[];
}

/** Avro schemas of the grade passback writes, by contract name. */
export const GRADEBOOK_SCHEMAS = { gradebookWrite: gradebookWriteSchema, gradebookWriteOutcomes: gradebookWriteOutcomesSchema } as const;

/** Kafka key of a gradebook write: compaction keeps the latest decision per lineItem/result of a tenant. */
export const gradebookWriteKey = (tenant: string, sourcedId: string): string => `${tenant}|${sourcedId}`;
