import type { DataSource } from 'typeorm';
import type { AppliedFact, LoaderReader, PendingFact } from './why.ports';

/** The loader's pending rows (with their plan) and applied rows (with their import) (loader schema, read-only). */
export class PgLoaderReader implements LoaderReader {
  constructor(private readonly ds: DataSource) {}

  async rows(tenant: string, id: string, keys: readonly { canvasType: string; sisId: string }[]): Promise<{ pending: PendingFact[]; applied: AppliedFact[] }> {
    const types = keys.map((k) => k.canvasType);
    const ids = keys.map((k) => k.sisId);
    const match = `(x.sis_id = $2 OR (x.canvas_type, x.sis_id) IN (SELECT * FROM unnest($3::text[], $4::text[])))`;
    const pending: Record<string, unknown>[] = await this.ds.query(
      `SELECT x.canvas_type, x.sis_id, x.op, x.status, x.attempts, x.last_error, x.waiting_for, x.received_at, x.plan_id, p.status AS plan_status, p.summary->>'blackout' AS blackout
         FROM loader_pending x LEFT JOIN loader_plans p ON p.id = x.plan_id
        WHERE x.tenant = $1 AND ${match} ORDER BY x.canvas_type, x.sis_id`,
      [tenant, id, types, ids],
    );
    const applied: Record<string, unknown>[] = await this.ds.query(
      `SELECT x.canvas_type, x.sis_id, x.active, x.applied_at, x.import_id, x.approved, i.canvas_import_id
         FROM loader_applied x LEFT JOIN loader_imports i ON i.id = x.import_id
        WHERE x.tenant = $1 AND ${match} ORDER BY x.canvas_type, x.sis_id`,
      [tenant, id, types, ids],
    );
    return {
      pending: pending.map((r) => ({
        canvasType: r.canvas_type as string, sisId: r.sis_id as string, op: r.op as string, status: r.status as PendingFact['status'],
        attempts: Number(r.attempts), lastError: (r.last_error as string | null) ?? null, waitingFor: (r.waiting_for as string | null) ?? null,
        receivedAt: r.received_at as Date,
        ...(r.plan_id ? { plan: { id: r.plan_id as string, status: r.plan_status as string, ...(r.blackout ? { blackout: r.blackout as string } : {}) } } : {}),
      })),
      applied: applied.map((r) => ({
        canvasType: r.canvas_type as string, sisId: r.sis_id as string, active: r.active as boolean, appliedAt: r.applied_at as Date,
        importId: r.import_id === null ? null : String(r.import_id), canvasImportId: r.canvas_import_id === null || r.canvas_import_id === undefined ? null : String(r.canvas_import_id),
        approved: r.approved as boolean,
      })),
    };
  }
}
