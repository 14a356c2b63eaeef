/**
 * The facts `ops why` joins, one small read-only port per source, so the explanation is tested with plain fakes and
 * each reader against its own store.
 */

/** The extractor's snapshot row: the record as last read from IC (its hash only; the body lives in the transformer). */
export interface SnapshotFact {
  entityType: string;
  sourcedId: string;
  deleted: boolean;
  lastSeenRun: string;
  readAt: Date;
  run?: { kind: string; status: string; finishedAt: Date | null };
}

/** A Canvas projection as the transformer stored it with its entity. */
export interface ProjectionFact {
  type: string;
  sisId: string;
  op: string;
  row: Record<string, unknown>;
}

/** The transformer's entity: the record as received and the Canvas rows the mapping made of it. */
export interface EntityFact {
  type: string;
  sourcedId: string;
  record: Record<string, unknown>;
  deleted: boolean;
  projections: ProjectionFact[];
  updated: Date;
}

export interface ParkedFact {
  type: string;
  sourcedId: string;
  state: 'waiting' | 'blocked';
  waitingFor: string[];
  message: string;
  since: Date;
}

/** A Canvas row the loader has not applied yet (waiting, in a plan, failing). */
export interface PendingFact {
  canvasType: string;
  sisId: string;
  op: string;
  status: 'pending' | 'failed';
  attempts: number;
  lastError: string | null;
  waitingFor: string | null;
  receivedAt: Date;
  plan?: { id: string; status: string; blackout?: string };
}

/** What Canvas holds according to the loader. */
export interface AppliedFact {
  canvasType: string;
  sisId: string;
  active: boolean;
  appliedAt: Date;
  /** The loader's import record and Canvas's SIS import id. */
  importId: string | null;
  canvasImportId: string | null;
  approved: boolean;
}

/** A gradebook outcome row (`ops passback status`). */
export interface OutcomeFact {
  outcomeKey: string;
  kind: string;
  status: string;
  reason: string | null;
  classSourcedId: string | null;
  studentSourcedId: string | null;
  lineItemSourcedId: string | null;
  resultSourcedId: string | null;
  canvasCourseId: string | null;
  canvasAssignmentId: string | null;
  canvasUserId: string | null;
  canvasEventTime: Date | null;
  updatedAt: Date;
  /** The latest Live Event that decided this grade (gradebook_event_outcomes), when recorded. */
  liveEvent?: { name: string; key: string };
}

export interface DeadLetterFact {
  topic: string;
  at: string;
  key: string | null;
  error: string | null;
  failedAt: string | null;
}

export interface SnapshotReader {
  snapshots(tenant: string, sourcedIds: readonly string[]): Promise<SnapshotFact[]>;
}

export interface TransformerReader {
  /** Entities with sourcedId `id`, or whose projections carry Canvas SIS id `id`. */
  entities(tenant: string, id: string): Promise<EntityFact[]>;
  parked(tenant: string, sourcedIds: readonly string[]): Promise<ParkedFact[]>;
}

export interface LoaderReader {
  /** Pending and applied rows of these Canvas keys, and of any Canvas type whose SIS id is `id`. */
  rows(tenant: string, id: string, keys: readonly { canvasType: string; sisId: string }[]): Promise<{ pending: PendingFact[]; applied: AppliedFact[] }>;
}

export interface GradebookReader {
  /** Outcomes whose key, lineItem or result is `id` (at most `limit`). */
  outcomes(tenant: string, id: string, limit: number): Promise<OutcomeFact[]>;
}

export interface DeadLetterReader {
  /** Dead letters of the tenant whose key names one of `ids`. */
  deadLetters(tenant: string, ids: readonly string[]): Promise<DeadLetterFact[]>;
}

export interface WhyReaders {
  snapshots: SnapshotReader;
  transformer: TransformerReader;
  loader: LoaderReader;
  gradebook: GradebookReader;
  deadLetters?: DeadLetterReader;
  /** The tenant's mapping settings as stored (raw JSON; resolved by @rp/mapping). */
  mappingSettings(tenant: string): Promise<Record<string, unknown>>;
}
