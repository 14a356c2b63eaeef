import type { DataSource } from 'typeorm';
import type { SnapshotFact, SnapshotReader } from './why.ports';

/** The extractor's snapshot rows and the run that last saw each (extractor schema, read-only). */
export class PgSnapshotReader implements SnapshotReader {
  constructor(private readonly ds: DataSource) {}

  async snapshots(tenant: string, sourcedIds: readonly string[]): Promise<SnapshotFact[]> {
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT s.entity_type, s.sourced_id, s.deleted, s.last_seen_run, s.updated_at, r.kind, r.status, r.finished_at
         FROM extractor_snapshot s LEFT JOIN extractor_runs r ON r.run_id = s.last_seen_run
        WHERE s.tenant = $1 AND s.sourced_id = ANY($2) ORDER BY s.entity_type, s.sourced_id`,
      [tenant, [...sourcedIds]],
    );
    return rows.map((r) => ({
      entityType: r.entity_type as string, sourcedId: r.sourced_id as string, deleted: r.deleted as boolean,
      lastSeenRun: r.last_seen_run as string, readAt: r.updated_at as Date,
      ...(r.kind ? { run: { kind: r.kind as string, status: r.status as string, finishedAt: (r.finished_at as Date | null) ?? null } } : {}),
    }));
  }
}
