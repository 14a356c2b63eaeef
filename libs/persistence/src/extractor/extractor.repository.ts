import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';

export type RunKind = 'full' | 'delta';
export type RunStatus = 'queued' | 'running' | 'finished' | 'failed';

export interface ExtractorRun {
  runId: string;
  tenant: string;
  kind: RunKind;
  status: RunStatus;
  requestedBy: string;
  counts: Record<string, number>;
  error: string | null;
  queuedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface SnapshotRow {
  sourcedId: string;
  hash: string;
  deleted: boolean;
}

export interface SnapshotWrite {
  sourcedId: string;
  hash: string;
  deleted: boolean;
}

const runOf = (r: Record<string, unknown>): ExtractorRun => ({
  runId: r.run_id as string,
  tenant: r.tenant as string,
  kind: r.kind as RunKind,
  status: r.status as RunStatus,
  requestedBy: r.requested_by as string,
  counts: r.counts as Record<string, number>,
  error: (r.error as string | null) ?? null,
  queuedAt: r.queued_at as Date,
  startedAt: (r.started_at as Date | null) ?? null,
  finishedAt: (r.finished_at as Date | null) ?? null,
});

/** Snapshot hashes, runs and watermarks of the extractor, in set-based SQL (a page is thousands of records). */
export class ExtractorRepository {
  constructor(private readonly ds: DataSource) {}

  /** Hashes last published for these records (missing ones are new). */
  async hashes(tenant: string, type: string, sourcedIds: string[]): Promise<Map<string, SnapshotRow>> {
    if (sourcedIds.length === 0) return new Map();
    const rows: { sourced_id: string; hash: string; deleted: boolean }[] = await this.ds.query(
      `SELECT sourced_id, hash, deleted FROM extractor_snapshot WHERE tenant = $1 AND entity_type = $2 AND sourced_id = ANY($3)`,
      [tenant, type, sourcedIds],
    );
    return new Map(rows.map((r) => [r.sourced_id, { sourcedId: r.sourced_id, hash: r.hash, deleted: r.deleted }]));
  }

  /** The given sourcedIds that were erased (`ops erase person`): IC may still list them as tobedeleted. */
  async erasedAmong(tenant: string, sourcedIds: string[]): Promise<Set<string>> {
    if (sourcedIds.length === 0) return new Set();
    const byHash = new Map(sourcedIds.map((id) => [erasedIdHash(tenant, id), id]));
    const rows: { id_sha256: string }[] = await this.ds.query(
      `SELECT id_sha256 FROM extractor_erased WHERE tenant = $1 AND id_sha256 = ANY($2)`, [tenant, [...byHash.keys()]]);
    return new Set(rows.map((r) => byHash.get(r.id_sha256) as string));
  }

  /** Remembers erased sourcedIds by hash only, so their `tobedeleted` records are not extracted again. */
  async recordErased(tenant: string, sourcedIds: string[]): Promise<void> {
    if (sourcedIds.length === 0) return;
    await this.ds.query(
      `INSERT INTO extractor_erased (tenant, id_sha256) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
      [tenant, sourcedIds.map((id) => erasedIdHash(tenant, id))]);
  }

  /** Records what was published (after Kafka acknowledged it). */
  async writeSnapshot(tenant: string, type: string, runId: string, rows: SnapshotWrite[]): Promise<void> {
    if (rows.length === 0) return;
    await this.ds.query(
      `INSERT INTO extractor_snapshot (tenant, entity_type, sourced_id, hash, deleted, last_seen_run, updated_at)
       SELECT $1, $2, s, h, d, $3, now() FROM unnest($4::text[], $5::text[], $6::boolean[]) AS t(s, h, d)
       ON CONFLICT (tenant, entity_type, sourced_id)
       DO UPDATE SET hash = EXCLUDED.hash, deleted = EXCLUDED.deleted, last_seen_run = EXCLUDED.last_seen_run, updated_at = now()`,
      [tenant, type, runId, rows.map((r) => r.sourcedId), rows.map((r) => r.hash), rows.map((r) => r.deleted)],
    );
  }

  /** Marks records as seen by a full run without changing their hash (unchanged or invalid but present). */
  async markSeen(tenant: string, type: string, runId: string, sourcedIds: string[]): Promise<void> {
    if (sourcedIds.length === 0) return;
    await this.ds.query(
      `UPDATE extractor_snapshot SET last_seen_run = $3 WHERE tenant = $1 AND entity_type = $2 AND sourced_id = ANY($4)`,
      [tenant, type, runId, sourcedIds],
    );
  }

  /** Live records a full run did not see: the SIS no longer has them. */
  async unseen(tenant: string, type: string, runId: string, limit: number): Promise<string[]> {
    const rows: { sourced_id: string }[] = await this.ds.query(
      `SELECT sourced_id FROM extractor_snapshot
       WHERE tenant = $1 AND entity_type = $2 AND NOT deleted AND last_seen_run <> $3 ORDER BY sourced_id LIMIT $4`,
      [tenant, type, runId, limit],
    );
    return rows.map((r) => r.sourced_id);
  }

  /** How many live records a full run has not seen (so far): what its absent-record deletions would be. */
  async unseenCount(tenant: string, type: string, runId: string): Promise<number> {
    const [row] = await this.ds.query(
      `SELECT count(*)::int AS n FROM extractor_snapshot WHERE tenant = $1 AND entity_type = $2 AND NOT deleted AND last_seen_run <> $3`,
      [tenant, type, runId],
    );
    return row.n;
  }

  /**
   * Per entity type, `<type>.read` of the latest finished full run (other than `runId`) that applied that type's
   * deletions (no `<type>.held`): the baseline a full run's counts are compared with.
   */
  async lastFullReads(tenant: string, runId: string): Promise<Record<string, number>> {
    const rows: { counts: Record<string, number> }[] = await this.ds.query(
      `SELECT counts FROM extractor_runs WHERE tenant = $1 AND run_id <> $2 AND kind = 'full' AND status = 'finished' AND error IS NULL
       ORDER BY finished_at DESC LIMIT 50`,
      [tenant, runId],
    );
    const reads: Record<string, number> = {};
    for (const { counts } of rows) {
      for (const [key, n] of Object.entries(counts ?? {})) {
        const type = key.endsWith('.read') ? key.slice(0, -'.read'.length) : undefined;
        if (type && !(type in reads) && counts[`${type}.held`] === undefined) reads[type] = n;
      }
    }
    return reads;
  }

  async liveCount(tenant: string, type: string): Promise<number> {
    const [row] = await this.ds.query(
      `SELECT count(*)::int AS n FROM extractor_snapshot WHERE tenant = $1 AND entity_type = $2 AND NOT deleted`,
      [tenant, type],
    );
    return row.n;
  }

  async queueRun(run: Pick<ExtractorRun, 'runId' | 'tenant' | 'kind' | 'requestedBy'>): Promise<void> {
    await this.ds.query(
      `INSERT INTO extractor_runs (run_id, tenant, kind, status, requested_by) VALUES ($1, $2, $3, 'queued', $4)
       ON CONFLICT (run_id) DO NOTHING`,
      [run.runId, run.tenant, run.kind, run.requestedBy],
    );
  }

  /** A waiting delta that absorbed a full request becomes a full run (so a restart resumes the right kind). */
  async setRunKind(runId: string, kind: RunKind): Promise<void> {
    await this.ds.query(`UPDATE extractor_runs SET kind = $2 WHERE run_id = $1`, [runId, kind]);
  }

  async startRun(runId: string): Promise<void> {
    await this.ds.query(`UPDATE extractor_runs SET status = 'running', started_at = now(), error = NULL WHERE run_id = $1`, [runId]);
  }

  async finishRun(runId: string, status: 'finished' | 'failed', counts: Record<string, number>, error?: string): Promise<void> {
    await this.ds.query(
      `UPDATE extractor_runs SET status = $2, counts = $3, error = $4, finished_at = now() WHERE run_id = $1`,
      [runId, status, JSON.stringify(counts), error ?? null],
    );
  }

  /** Runs that were queued or running when the process stopped: they are run again (same id). */
  async unfinishedRuns(): Promise<ExtractorRun[]> {
    const rows = await this.ds.query(`SELECT * FROM extractor_runs WHERE status IN ('queued', 'running') ORDER BY queued_at`);
    return rows.map(runOf);
  }

  async run(runId: string): Promise<ExtractorRun | undefined> {
    const [row] = await this.ds.query(`SELECT * FROM extractor_runs WHERE run_id = $1`, [runId]);
    return row ? runOf(row) : undefined;
  }

  /** When each kind of run last ended for a tenant (for the schedule). */
  async lastRuns(tenant: string): Promise<{ lastFullFinished?: Date; lastEnded?: Date; lastFailed?: Date }> {
    // a request merged into another run is 'finished' with a note (error): it ran nothing itself
    const [row] = await this.ds.query(
      `SELECT max(finished_at) FILTER (WHERE kind = 'full' AND status = 'finished' AND error IS NULL) AS full,
              max(finished_at) FILTER (WHERE status = 'failed') AS failed, max(finished_at) AS ended
       FROM extractor_runs WHERE tenant = $1`,
      [tenant],
    );
    return { lastFullFinished: row?.full ?? undefined, lastEnded: row?.ended ?? undefined, lastFailed: row?.failed ?? undefined };
  }

  /** Why the tenant's provider has no usable delta filter, when that was detected after `since`; else undefined. */
  async deltasUnusable(tenant: string, since: Date): Promise<{ reason: string; detectedAt: Date } | undefined> {
    const [row] = await this.ds.query(
      `SELECT unusable_reason, detected_at FROM extractor_delta_capability WHERE tenant = $1 AND detected_at > $2`,
      [tenant, since],
    );
    return row ? { reason: row.unusable_reason, detectedAt: row.detected_at } : undefined;
  }

  /** Records that the tenant's provider refused or ignored a delta filter (its deltas then run as full syncs). */
  async markDeltasUnusable(tenant: string, reason: string): Promise<void> {
    await this.ds.query(
      `INSERT INTO extractor_delta_capability (tenant, unusable_reason, detected_at) VALUES ($1, $2, now())
       ON CONFLICT (tenant) DO UPDATE SET unusable_reason = EXCLUDED.unusable_reason, detected_at = now()`,
      [tenant, reason],
    );
  }

  async watermark(tenant: string): Promise<Date | undefined> {
    const [row] = await this.ds.query(`SELECT watermark FROM extractor_watermarks WHERE tenant = $1`, [tenant]);
    return row?.watermark ?? undefined;
  }

  async setWatermark(tenant: string, watermark: Date, runId: string): Promise<void> {
    await this.ds.query(
      `INSERT INTO extractor_watermarks (tenant, watermark, run_id) VALUES ($1, $2, $3)
       ON CONFLICT (tenant) DO UPDATE SET watermark = GREATEST(extractor_watermarks.watermark, EXCLUDED.watermark),
         run_id = EXCLUDED.run_id, updated_at = now()`,
      [tenant, watermark, runId],
    );
  }
}

/** How an erased sourcedId is remembered: SHA-256 of `tenant|sourcedId`, hex (the id itself is not kept). */
export function erasedIdHash(tenant: string, sourcedId: string): string {
  return createHash('sha256').update(`${tenant}|${sourcedId}`).digest('hex');
}
