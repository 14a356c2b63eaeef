import type { DataSource } from 'typeorm';
import { GradebookCheckpointEntity } from './gradebook-checkpoint.entity';
import { GradebookOutcomeEntity, GradebookOutcomeKind, GradebookOutcomeStatus } from './gradebook-outcome.entity';
import { GradebookWrittenEntity } from './gradebook-written.entity';

/** One outcome to record; `outcomeKey` is the result/lineItem sourcedId or a Canvas-ids key. */
export interface GradebookOutcome {
  tenant: string;
  outcomeKey: string;
  kind: GradebookOutcomeKind;
  status: GradebookOutcomeStatus;
  reason: string | null;
  canvasCourseId?: string | null;
  canvasAssignmentId?: string | null;
  canvasUserId?: string | null;
  classSourcedId?: string | null;
  studentSourcedId?: string | null;
  lineItemSourcedId?: string | null;
  resultSourcedId?: string | null;
  /** Canvas time of the change; an outcome about an older change never replaces a newer one. */
  canvasEventTime?: string | null;
}

/** What IC was last sent for a lineItem/result: the content hash (null: deleted) and the Canvas time of the change. */
export interface LastWritten {
  contentHash: string | null;
  canvasEventTime: string | null;
}

/** One successful write to record (`markWrittenMany`). */
export interface WrittenMark {
  tenant: string;
  sourcedId: string;
  kind: 'lineItem' | 'result';
  contentHash: string | null;
  canvasEventTime?: string | null;
}

export interface OutcomeFilter {
  classSourcedId?: string;
  studentSourcedId?: string;
  status?: GradebookOutcomeStatus;
  kind?: GradebookOutcomeKind;
}

const COLUMNS = [
  'tenant', 'outcome_key', 'kind', 'canvas_course_id', 'canvas_assignment_id', 'canvas_user_id', 'class_sourced_id',
  'student_sourced_id', 'line_item_sourced_id', 'result_sourced_id', 'status', 'reason', 'canvas_event_time', 'updated_at',
] as const;

/**
 * The gradebook service's tables: outcomes per grade (what an admin reads with `ops passback status`), the hash
 * last written per lineItem/result, and reconciliation checkpoints. Every write is an idempotent upsert.
 */
export class GradebookRepository {
  constructor(private readonly dataSource: DataSource, private readonly clock: () => Date = () => new Date()) {}

  /**
   * Upserts outcomes in one statement; a row about a newer Canvas change is kept when an older one arrives late. One row
   * per grade: a grade recorded before it had a sourcedId (a skip or failure keyed `canvas:…`, e.g. "no current course
   * score yet") is replaced once the same Canvas grade (course, assignment or course total, user) is recorded under its
   * result sourcedId, so `ops passback status` does not show and count it twice. `replaceProvisional: false` leaves
   * that out for callers whose grades were already recorded under their sourcedId (the writer: the processor did it).
   */
  async recordOutcomes(outcomes: GradebookOutcome[], options: { replaceProvisional?: boolean } = {}): Promise<void> {
    if (outcomes.length === 0) return;
    const latest = [...new Map(outcomes.map((o) => [`${o.tenant}\u0000${o.outcomeKey}`, o])).values()];
    const settled = options.replaceProvisional === false ? [] : latest.filter((o) => !o.outcomeKey.startsWith('canvas:') && isGradeOutcome(o));
    const settledGrades = new Set(settled.map(gradeIdentity));
    // The delete and the upsert see one snapshot: a provisional row settled in this same call is not inserted at all.
    const rows = settledGrades.size === 0 ? latest : latest.filter((o) => !(o.outcomeKey.startsWith('canvas:') && isGradeOutcome(o) && settledGrades.has(gradeIdentity(o))));
    const values: unknown[] = [];
    const upsert = outcomeUpsert(rows, values, this.clock());
    if (settled.length === 0) {
      await this.dataSource.query(upsert, values);
      return;
    }
    const n = values.length;
    values.push(settled.map((o) => o.tenant), settled.map((o) => o.canvasCourseId), settled.map((o) => o.canvasAssignmentId ?? null), settled.map((o) => o.canvasUserId));
    await this.dataSource.query(
      `WITH replaced AS (
         DELETE FROM gradebook_outcomes g
         USING unnest($${n + 1}::text[], $${n + 2}::text[], $${n + 3}::text[], $${n + 4}::text[]) AS n(tenant, course, assignment, usr)
         WHERE g.tenant = n.tenant AND g.outcome_key LIKE 'canvas:%' AND g.kind <> 'lineItem'
           AND g.canvas_user_id = n.usr AND g.canvas_course_id = n.course AND g.canvas_assignment_id IS NOT DISTINCT FROM n.assignment
       )
       ${upsert}`,
      values,
    );
  }

  /** A tenant's outcomes, optionally for one class or student, ordered for display. */
  async outcomes(tenant: string, filter: OutcomeFilter = {}): Promise<GradebookOutcomeEntity[]> {
    const where: Record<string, string> = { tenant };
    if (filter.classSourcedId) where.classSourcedId = filter.classSourcedId;
    if (filter.studentSourcedId) where.studentSourcedId = filter.studentSourcedId;
    if (filter.status) where.status = filter.status;
    if (filter.kind) where.kind = filter.kind;
    return this.dataSource.getRepository(GradebookOutcomeEntity).find({
      where,
      order: { classSourcedId: 'ASC', canvasAssignmentId: 'ASC', kind: 'ASC', studentSourcedId: 'ASC' },
    });
  }

  /** One outcome by key, if any. */
  async outcome(tenant: string, outcomeKey: string): Promise<GradebookOutcomeEntity | null> {
    return this.dataSource.getRepository(GradebookOutcomeEntity).findOneBy({ tenant, outcomeKey });
  }

  /** The content hash last written for a lineItem/result; undefined when never written, null after a delete. */
  async writtenHash(tenant: string, sourcedId: string): Promise<string | null | undefined> {
    // Plain SQL: the processor asks this for every assignment of a batch; the ORM's query builder cost more CPU than the query.
    const rows: { content_hash: string | null }[] = await this.dataSource.query('SELECT content_hash FROM gradebook_written WHERE tenant = $1 AND sourced_id = $2', [tenant, sourcedId]);
    return rows.length > 0 ? rows[0].content_hash : undefined;
  }

  /** What was last written for a lineItem/result: its content hash and the Canvas time of the change; undefined when never. */
  async lastWritten(tenant: string, sourcedId: string): Promise<LastWritten | undefined> {
    const row = await this.dataSource.getRepository(GradebookWrittenEntity).findOneBy({ tenant, sourcedId });
    return row ? { contentHash: row.contentHash, canvasEventTime: row.canvasEventTime?.toISOString() ?? null } : undefined;
  }

  /** `lastWritten` of many lineItems/results in one query (absent: never written). */
  async lastWrittenMany(tenant: string, sourcedIds: readonly string[]): Promise<Map<string, LastWritten>> {
    const unique = [...new Set(sourcedIds)];
    if (unique.length === 0) return new Map();
    const rows: { sourced_id: string; content_hash: string | null; canvas_event_time: Date | null }[] = await this.dataSource.query(
      'SELECT sourced_id, content_hash, canvas_event_time FROM gradebook_written WHERE tenant = $1 AND sourced_id = ANY($2::text[])', [tenant, unique],
    );
    return new Map(rows.map((r) => [r.sourced_id, { contentHash: r.content_hash, canvasEventTime: r.canvas_event_time ? new Date(r.canvas_event_time).toISOString() : null }]));
  }

  /** `markWritten` of many PUTs (hash) and DELETEs (null) in one statement; the last of a sourcedId wins, the newest Canvas time is kept. */
  async markWrittenMany(rows: readonly WrittenMark[]): Promise<void> {
    const latest = [...new Map(rows.map((r) => [`${r.tenant}\u0000${r.sourcedId}`, r])).values()];
    if (latest.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO gradebook_written (tenant, sourced_id, kind, content_hash, written_at, canvas_event_time)
       SELECT t, s, k, h, $6, e FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[]) AS w(t, s, k, h, e)
       ON CONFLICT (tenant, sourced_id) DO UPDATE SET content_hash = EXCLUDED.content_hash, written_at = EXCLUDED.written_at,
         canvas_event_time = GREATEST(EXCLUDED.canvas_event_time, gradebook_written.canvas_event_time)`,
      [latest.map((r) => r.tenant), latest.map((r) => r.sourcedId), latest.map((r) => r.kind), latest.map((r) => r.contentHash),
        latest.map((r) => r.canvasEventTime ?? null), this.clock()],
    );
  }

  /**
   * What was last written for lineItems/results of any tenants, in one query: per `tenant\u0000sourcedId`, absent when
   * never written (grouped lookups of concurrent batches).
   */
  async lastWrittenOf(keys: readonly { tenant: string; sourcedId: string }[]): Promise<Map<string, LastWritten>> {
    const unique = [...new Map(keys.map((k) => [writtenKey(k.tenant, k.sourcedId), k])).values()];
    if (unique.length === 0) return new Map();
    const rows: { tenant: string; sourced_id: string; content_hash: string | null; canvas_event_time: Date | null }[] = await this.dataSource.query(
      `SELECT w.tenant, w.sourced_id, w.content_hash, w.canvas_event_time FROM gradebook_written w
       JOIN unnest($1::text[], $2::text[]) AS k(tenant, sourced_id) ON w.tenant = k.tenant AND w.sourced_id = k.sourced_id`,
      [unique.map((k) => k.tenant), unique.map((k) => k.sourcedId)],
    );
    return new Map(rows.map((r) => [writtenKey(r.tenant, r.sourced_id), {
      contentHash: r.content_hash, canvasEventTime: r.canvas_event_time ? new Date(r.canvas_event_time).toISOString() : null,
    }]));
  }

  /** True when the lineItem is in IC (written and not deleted since). */
  async lineItemWritten(tenant: string, sourcedId: string): Promise<boolean> {
    return typeof (await this.writtenHash(tenant, sourcedId)) === 'string';
  }

  /** Records a successful PUT (hash) or DELETE (null), with the Canvas time of the change written (the newest is kept). */
  async markWritten(tenant: string, sourcedId: string, kind: 'lineItem' | 'result', contentHash: string | null, canvasEventTime: string | null = null): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO gradebook_written (tenant, sourced_id, kind, content_hash, written_at, canvas_event_time) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (tenant, sourced_id) DO UPDATE SET content_hash = EXCLUDED.content_hash, written_at = EXCLUDED.written_at,
         canvas_event_time = GREATEST(EXCLUDED.canvas_event_time, gradebook_written.canvas_event_time)`,
      [tenant, sourcedId, kind, contentHash, this.clock(), canvasEventTime],
    );
  }

  /** The reconciliation checkpoint of a tenant, if it ran before. */
  async checkpoint(tenant: string): Promise<Date | undefined> {
    return (await this.dataSource.getRepository(GradebookCheckpointEntity).findOneBy({ tenant }))?.gradedSince ?? undefined;
  }

  async saveCheckpoint(tenant: string, gradedSince: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO gradebook_checkpoints (tenant, graded_since, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (tenant) DO UPDATE SET graded_since = EXCLUDED.graded_since, updated_at = EXCLUDED.updated_at`,
      [tenant, gradedSince, this.clock()],
    );
  }
}

/** The key of `lastWrittenOf`'s answers. */
export function writtenKey(tenant: string, sourcedId: string): string {
  return `${tenant}\u0000${sourcedId}`;
}

/** An outcome about one student's grade (not a lineItem) that names its Canvas course and user. */
function isGradeOutcome(o: GradebookOutcome): boolean {
  return o.kind !== 'lineItem' && !!o.canvasUserId && !!o.canvasCourseId;
}

/** The Canvas grade an outcome is about: tenant, course, assignment (none for a course total) and user. */
function gradeIdentity(o: GradebookOutcome): string {
  return [o.tenant, o.canvasCourseId, o.canvasAssignmentId ?? '', o.canvasUserId].join('\u0000');
}

/**
 * The upsert of outcome rows as column arrays appended to `values` (a fixed 15 parameters however many rows: grouped
 * callers' outcomes never reach PostgreSQL's parameter limit); a newer Canvas change is never replaced by an older one.
 */
function outcomeUpsert(outcomes: GradebookOutcome[], values: unknown[], now: Date): string {
  const column = (f: (o: GradebookOutcome) => string | null | undefined) => outcomes.map((o) => f(o) ?? null);
  const first = values.length + 1;
  values.push(
    column((o) => o.tenant), column((o) => o.outcomeKey), column((o) => o.kind), column((o) => o.canvasCourseId), column((o) => o.canvasAssignmentId),
    column((o) => o.canvasUserId), column((o) => o.classSourcedId), column((o) => o.studentSourcedId), column((o) => o.lineItemSourcedId),
    column((o) => o.resultSourcedId), column((o) => o.status), column((o) => o.reason), column((o) => o.canvasEventTime), now,
  );
  const arrays = Array.from({ length: 13 }, (_, i) => `$${first + i}::${i === 12 ? 'timestamptz' : 'text'}[]`);
  const keep = (c: string) => `${c} = COALESCE(EXCLUDED.${c}, gradebook_outcomes.${c})`;
  return `INSERT INTO gradebook_outcomes (${COLUMNS.join(', ')})
       SELECT *, $${first + 13}::timestamptz FROM unnest(${arrays.join(', ')})
       ON CONFLICT (tenant, outcome_key) DO UPDATE SET
         kind = EXCLUDED.kind, status = EXCLUDED.status, reason = EXCLUDED.reason, updated_at = EXCLUDED.updated_at,
         canvas_event_time = GREATEST(EXCLUDED.canvas_event_time, gradebook_outcomes.canvas_event_time),
         ${['canvas_course_id', 'canvas_assignment_id', 'canvas_user_id', 'class_sourced_id', 'student_sourced_id', 'line_item_sourced_id', 'result_sourced_id'].map(keep).join(', ')}
       WHERE EXCLUDED.canvas_event_time IS NULL OR gradebook_outcomes.canvas_event_time IS NULL
          OR EXCLUDED.canvas_event_time >= gradebook_outcomes.canvas_event_time`;
}
