import type { DataSource } from 'typeorm';
import type { LoaderImportItem } from './loader-import.entity';
import { WITHHELD_FOR_PLAN_RUN } from './loader-plan-run.repository';
import { loaderEntityKey, Queryable, rowsOf } from './loader-sql';

/** A Canvas change as the loader stores it (latest wins per tenant, type and SIS id). */
export interface PendingChange {
  tenant: string;
  canvasType: string;
  sisId: string;
  row: Record<string, string>;
  hash: string;
  op: string;
  school: string | null;
  syncRun: string | null;
  sources: string[];
  /** `ops replay --force`: apply even though Canvas should already have this version (e.g. after a restore). */
  force?: boolean;
}

export interface PendingRow extends PendingChange {
  receivedAt: Date;
  attempts: number;
  waitingFor: string | null;
  planId: string | null;
  /** Released by an operator: not gated again. */
  approved: boolean;
}

export interface AppliedState {
  hash: string;
  active: boolean;
}

export interface RowFailure {
  item: Pick<LoaderImportItem, 'canvasType' | 'sisId' | 'hash'>;
  message: string;
}

/** The pending row `p` is carried by an import not finished yet (posted, or queued behind the running one in Canvas). */
const IN_UNFINISHED_IMPORT = `EXISTS (SELECT 1 FROM loader_import_items ii JOIN loader_imports i ON i.id = ii.import_id
  WHERE ii.tenant = p.tenant AND ii.canvas_type = p.canvas_type AND ii.sis_id = p.sis_id AND i.finished_at IS NULL)`;

const ELIGIBLE = `FROM loader_pending p LEFT JOIN loader_plans pl ON pl.id = p.plan_id
  WHERE p.tenant = $1 AND p.status = 'pending' AND (p.plan_id IS NULL OR pl.status = 'approved') AND NOT ${WITHHELD_FOR_PLAN_RUN}
    AND NOT ${IN_UNFINISHED_IMPORT}`;

const keysJson = (keys: { canvasType: string; sisId: string }[]) =>
  JSON.stringify(keys.map((k) => ({ canvas_type: k.canvasType, sis_id: k.sisId })));

/** The loader's pending changes and applied hashes (tables loader_pending, loader_applied). */
export class LoaderPendingRepository {
  constructor(readonly dataSource: DataSource) {}

  /**
   * Stores changes (latest wins; a re-delivered identical version keeps its age, attempts and plan unless the
   * plan was rejected), then drops those equal to what Canvas already has (unless an unfinished import carries
   * the entity: it may be applying another version). Returns how many were dropped.
   */
  async upsertChanges(changes: PendingChange[], receivedAt: Date): Promise<{ stored: number; unchanged: number }> {
    const latest = new Map<string, PendingChange>();
    for (const c of changes) latest.set(`${c.tenant}|${loaderEntityKey(c.canvasType, c.sisId)}`, c);
    const input = JSON.stringify([...latest.values()].map((c) => ({
      tenant: c.tenant, canvas_type: c.canvasType, sis_id: c.sisId, row: c.row, hash: c.hash, op: c.op,
      school: c.school, sync_run: c.syncRun, sources: c.sources, force: c.force ?? false,
    })));
    const recordset = `jsonb_to_recordset($1::jsonb) AS x(tenant text, canvas_type text, sis_id text, row jsonb, hash text,
      op text, school text, sync_run text, sources jsonb, force boolean)`;
    return this.dataSource.transaction(async (q) => {
      await q.query(
        `INSERT INTO loader_pending AS p (tenant, canvas_type, sis_id, row, hash, op, school, sync_run, sources, received_at)
         SELECT x.tenant, x.canvas_type, x.sis_id, x.row, x.hash, x.op, x.school, x.sync_run, x.sources, $2 FROM ${recordset}
         ON CONFLICT (tenant, canvas_type, sis_id) DO UPDATE SET
           row = EXCLUDED.row, op = EXCLUDED.op, school = EXCLUDED.school, sync_run = EXCLUDED.sync_run, sources = EXCLUDED.sources,
           received_at = CASE WHEN p.hash = EXCLUDED.hash THEN p.received_at ELSE EXCLUDED.received_at END,
           status = CASE WHEN p.hash = EXCLUDED.hash THEN p.status ELSE 'pending' END,
           attempts = CASE WHEN p.hash = EXCLUDED.hash THEN p.attempts ELSE 0 END,
           last_error = CASE WHEN p.hash = EXCLUDED.hash THEN p.last_error ELSE NULL END,
           plan_id = CASE WHEN p.hash = EXCLUDED.hash
             AND (SELECT status FROM loader_plans WHERE id = p.plan_id) IS DISTINCT FROM 'rejected' THEN p.plan_id ELSE NULL END,
           hash = EXCLUDED.hash`,
        [input, receivedAt],
      );
      // Forced rows are sent again even if an earlier attempt of the same version failed or was applied.
      await q.query(
        `UPDATE loader_pending p SET status = 'pending', attempts = 0, last_error = NULL FROM ${recordset}
         WHERE x.force AND p.tenant = x.tenant AND p.canvas_type = x.canvas_type AND p.sis_id = x.sis_id AND p.plan_id IS NULL`,
        [input],
      );
      const dropped = rowsOf(await q.query(
        `DELETE FROM loader_pending p USING loader_applied a, ${recordset}
         WHERE p.tenant = x.tenant AND p.canvas_type = x.canvas_type AND p.sis_id = x.sis_id
           AND a.tenant = p.tenant AND a.canvas_type = p.canvas_type AND a.sis_id = p.sis_id
           AND a.hash = p.hash AND p.plan_id IS NULL AND NOT coalesce(x.force, false)
           -- an import in flight may be applying another version; keep this one so it is sent afterwards
           AND NOT ${IN_UNFINISHED_IMPORT}
         RETURNING p.sis_id`,
        [input],
      ));
      return { stored: latest.size - dropped.length, unchanged: dropped.length };
    });
  }

  /**
   * Tenants with pending rows or an unfinished import, asked every tick: a skip scan over the partial index of pending
   * rows (one index probe per tenant, not a DISTINCT over every pending row — 2.7 M at 400k students).
   */
  async tenantsWithWork(): Promise<string[]> {
    const rows = await this.dataSource.query(
      `WITH RECURSIVE t AS (
         (SELECT tenant FROM loader_pending WHERE status = 'pending' ORDER BY tenant LIMIT 1)
         UNION ALL
         SELECT (SELECT p.tenant FROM loader_pending p WHERE p.status = 'pending' AND p.tenant > t.tenant ORDER BY p.tenant LIMIT 1)
         FROM t WHERE t.tenant IS NOT NULL)
       SELECT tenant FROM t WHERE tenant IS NOT NULL
       UNION SELECT tenant FROM loader_imports WHERE finished_at IS NULL ORDER BY 1`,
    );
    return rows.map((r: { tenant: string }) => r.tenant);
  }

  /**
   * How many rows could go into a batch now, counted up to `cap` (a batch closes at `cap` rows: counting further
   * read every pending row on every step), and when the oldest arrived.
   */
  async eligibleStats(tenant: string, cap: number): Promise<{ count: number; oldest: Date | null }> {
    const [counted] = await this.dataSource.query(`SELECT count(*)::int AS count FROM (SELECT 1 ${ELIGIBLE} LIMIT $2) x`, [tenant, cap]);
    if (counted.count === 0) return { count: 0, oldest: null };
    const [oldest] = await this.dataSource.query(`SELECT p.received_at ${ELIGIBLE} ORDER BY p.received_at LIMIT 1`, [tenant]);
    return { count: counted.count, oldest: oldest?.received_at ?? null };
  }

  /** The oldest eligible rows (not failed, not in an undecided or rejected plan). */
  async eligible(tenant: string, limit: number): Promise<PendingRow[]> {
    const rows = await this.dataSource.query(
      `SELECT p.*, (pl.status = 'approved') AS approved ${ELIGIBLE} ORDER BY p.received_at, p.canvas_type, p.sis_id LIMIT $2`,
      [tenant, limit],
    );
    return rows.map(pendingOf);
  }

  /**
   * Same rows as `eligible`, each carrying only the cells named in `cells` (what deciding about the batch reads:
   * status and references), so a batch of 50,000 rows is planned without holding its cells; `cellsOf` reads them
   * page by page when the zip is written, matched on the hash so they are those of the version planned (issue 17 item 5).
   */
  async eligibleToPlan(q: Queryable, tenant: string, limit: number, cells: readonly string[]): Promise<PendingRow[]> {
    const rows = rowsOf(await q.query(
      `SELECT p.tenant, p.canvas_type, p.sis_id, p.hash, p.op, p.school, p.sync_run, p.sources, p.received_at, p.attempts, p.waiting_for, p.plan_id,
         coalesce((SELECT jsonb_object_agg(c.key, c.value) FROM jsonb_each(p.row) c WHERE c.key = ANY($3::text[])), '{}'::jsonb) AS row,
         (pl.status = 'approved') AS approved
       ${ELIGIBLE} ORDER BY p.received_at, p.canvas_type, p.sis_id LIMIT $2`,
      [tenant, limit, cells],
    ));
    return rows.map(pendingOf);
  }

  /** The cells of the given versions (type, SIS id and hash), by entity key; a version no longer pending is left out. */
  async cellsOf(q: Queryable, tenant: string, rows: readonly { canvasType: string; sisId: string; hash: string }[]): Promise<Map<string, Record<string, string>>> {
    if (rows.length === 0) return new Map();
    const found = rowsOf<{ canvas_type: string; sis_id: string; row: Record<string, string> }>(await q.query(
      `SELECT p.canvas_type, p.sis_id, p.row FROM loader_pending p
       JOIN jsonb_to_recordset($2::jsonb) AS x(canvas_type text, sis_id text, hash text) ON p.canvas_type = x.canvas_type AND p.sis_id = x.sis_id AND p.hash = x.hash
       WHERE p.tenant = $1`,
      [tenant, JSON.stringify(rows.map((r) => ({ canvas_type: r.canvasType, sis_id: r.sisId, hash: r.hash })))],
    ));
    return new Map(found.map((r) => [loaderEntityKey(r.canvas_type, r.sis_id), r.row]));
  }

  /** The columns set in any of the given versions' cells, per Canvas type (a CSV header names those and no others). */
  async columnsOf(q: Queryable, tenant: string, rows: readonly { canvasType: string; sisId: string; hash: string }[]): Promise<Map<string, string[]>> {
    if (rows.length === 0) return new Map();
    const found = rowsOf<{ canvas_type: string; columns: string[] }>(await q.query(
      `SELECT p.canvas_type, array_agg(DISTINCT c) AS columns FROM loader_pending p
       JOIN jsonb_to_recordset($2::jsonb) AS x(canvas_type text, sis_id text, hash text) ON p.canvas_type = x.canvas_type AND p.sis_id = x.sis_id AND p.hash = x.hash
       CROSS JOIN LATERAL jsonb_object_keys(p.row) AS c
       WHERE p.tenant = $1 GROUP BY p.canvas_type`,
      [tenant, JSON.stringify(rows.map((r) => ({ canvas_type: r.canvasType, sis_id: r.sisId, hash: r.hash })))],
    ));
    return new Map(found.map((r) => [r.canvas_type, r.columns]));
  }

  /** Applied state of the given entities. */
  async appliedOf(tenant: string, keys: { canvasType: string; sisId: string }[]): Promise<Map<string, AppliedState>> {
    const rows = await this.dataSource.query(
      `SELECT a.canvas_type, a.sis_id, a.hash, a.active FROM loader_applied a
       JOIN jsonb_to_recordset($2::jsonb) AS x(canvas_type text, sis_id text) ON a.canvas_type = x.canvas_type AND a.sis_id = x.sis_id
       WHERE a.tenant = $1`,
      [tenant, keysJson(keys)],
    );
    return new Map(rows.map((r: Record<string, unknown>) => [loaderEntityKey(r.canvas_type as string, r.sis_id as string), { hash: r.hash as string, active: r.active as boolean }]));
  }

  /** Keys (`<canvasType>|<sisId>`) of the given entities that still have a pending row (a newer version waits). */
  async stillPending(tenant: string, keys: { canvasType: string; sisId: string }[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await this.dataSource.query(
      `SELECT p.canvas_type, p.sis_id FROM loader_pending p
       JOIN jsonb_to_recordset($2::jsonb) AS x(canvas_type text, sis_id text) ON p.canvas_type = x.canvas_type AND p.sis_id = x.sis_id
       WHERE p.tenant = $1`,
      [tenant, keysJson(keys)],
    );
    return new Set(rows.map((r: Record<string, unknown>) => loaderEntityKey(r.canvas_type as string, r.sis_id as string)));
  }

  /** Active applied entities per type and school: the safety gate's denominators. */
  async activeAppliedCounts(tenant: string): Promise<{ canvasType: string; school: string | null; count: number }[]> {
    const rows = await this.dataSource.query(
      `SELECT canvas_type, school, count(*)::int AS count FROM loader_applied WHERE tenant = $1 AND active GROUP BY 1, 2`,
      [tenant],
    );
    return rows.map((r: Record<string, unknown>) => ({ canvasType: r.canvas_type as string, school: r.school as string | null, count: r.count as number }));
  }

  /**
   * Entities the given sync runs already made inactive without an operator's approval, per type and school: the
   * deletions of a run's earlier batches, which the safety gate adds to the current batch's.
   */
  async runDeletedCounts(tenant: string, syncRuns: readonly string[]): Promise<{ canvasType: string; school: string | null; count: number }[]> {
    if (syncRuns.length === 0) return [];
    const rows = await this.dataSource.query(
      `SELECT canvas_type, school, count(*)::int AS count FROM loader_applied
       WHERE tenant = $1 AND NOT active AND NOT approved AND sync_run = ANY($2) GROUP BY 1, 2`,
      [tenant, syncRuns],
    );
    return rows.map((r: Record<string, unknown>) => ({ canvasType: r.canvas_type as string, school: r.school as string | null, count: r.count as number }));
  }

  /** Records what each row waits for; returns the rows whose reason changed (so 'waiting' is published once). */
  async markWaiting(tenant: string, rows: { canvasType: string; sisId: string; waitingFor: string }[]): Promise<string[]> {
    if (rows.length === 0) return [];
    const changed = rowsOf<{ canvas_type: string; sis_id: string }>(await this.dataSource.query(
      `UPDATE loader_pending p SET waiting_for = x.waiting_for
       FROM jsonb_to_recordset($2::jsonb) AS x(canvas_type text, sis_id text, waiting_for text)
       WHERE p.tenant = $1 AND p.canvas_type = x.canvas_type AND p.sis_id = x.sis_id AND p.waiting_for IS DISTINCT FROM x.waiting_for
       RETURNING p.canvas_type, p.sis_id`,
      [tenant, JSON.stringify(rows.map((r) => ({ canvas_type: r.canvasType, sis_id: r.sisId, waiting_for: r.waitingFor })))],
    ));
    return changed.map((r) => loaderEntityKey(r.canvas_type, r.sis_id));
  }

  /** Moves rows into a held plan. */
  async holdInPlan(q: Queryable, tenant: string, planId: string, keys: { canvasType: string; sisId: string }[]): Promise<void> {
    await q.query(
      `UPDATE loader_pending p SET plan_id = $2, waiting_for = NULL FROM jsonb_to_recordset($3::jsonb) AS x(canvas_type text, sis_id text)
       WHERE p.tenant = $1 AND p.canvas_type = x.canvas_type AND p.sis_id = x.sis_id`,
      [tenant, planId, keysJson(keys)],
    );
  }

  /** Removes the rows of rejected plans; returns them so the loader can report them. */
  async dropRejected(tenant: string): Promise<PendingRow[]> {
    const rows = rowsOf(await this.dataSource.query(
      `DELETE FROM loader_pending p USING loader_plans pl
       WHERE p.tenant = $1 AND pl.id = p.plan_id AND pl.status = 'rejected' RETURNING p.*, false AS approved`,
      [tenant],
    ));
    return rows.map(pendingOf);
  }

  /** Approved plans whose rows are all gone from pending become `applied`. */
  async completeApprovedPlans(tenant: string): Promise<string[]> {
    const rows = rowsOf<{ id: string }>(await this.dataSource.query(
      `UPDATE loader_plans pl SET status = 'applied' WHERE pl.tenant = $1 AND pl.status = 'approved'
       AND NOT EXISTS (SELECT 1 FROM loader_pending p WHERE p.plan_id = pl.id) RETURNING pl.id`,
      [tenant],
    ));
    return rows.map((r) => r.id);
  }

  /** Applied rows: recorded in loader_applied and removed from pending unless a newer version arrived meanwhile. */
  async recordApplied(q: Queryable, tenant: string, importId: string, items: LoaderImportItem[]): Promise<void> {
    if (items.length === 0) return;
    const input = JSON.stringify(items.map((i) => ({
      canvas_type: i.canvasType, sis_id: i.sisId, hash: i.hash, active: i.active, school: i.school, sync_run: i.syncRun, approved: i.approved === true,
    })));
    const recordset = `jsonb_to_recordset($2::jsonb) AS x(canvas_type text, sis_id text, hash text, active boolean, school text, sync_run text, approved boolean)`;
    await q.query(
      `INSERT INTO loader_applied (tenant, canvas_type, sis_id, hash, active, school, import_id, applied_at, sync_run, approved)
       SELECT $1, x.canvas_type, x.sis_id, x.hash, x.active, x.school, $3, now(), x.sync_run, x.approved FROM ${recordset}
       ON CONFLICT (tenant, canvas_type, sis_id) DO UPDATE SET hash = EXCLUDED.hash, active = EXCLUDED.active,
         school = EXCLUDED.school, import_id = EXCLUDED.import_id, applied_at = EXCLUDED.applied_at,
         sync_run = EXCLUDED.sync_run, approved = EXCLUDED.approved`,
      [tenant, input, importId],
    );
    await q.query(
      `DELETE FROM loader_pending p USING ${recordset}
       WHERE p.tenant = $1 AND p.canvas_type = x.canvas_type AND p.sis_id = x.sis_id AND p.hash = x.hash`,
      [tenant, input],
    );
  }

  /** Row errors: one more attempt counted; at `maxAttempts` the row is marked failed and no longer sent. */
  async recordFailures(q: Queryable, tenant: string, failures: RowFailure[], maxAttempts: number): Promise<{ key: string; attempts: number; failed: boolean }[]> {
    if (failures.length === 0) return [];
    const rows = rowsOf<{ canvas_type: string; sis_id: string; attempts: number; status: string }>(await q.query(
      `UPDATE loader_pending p SET attempts = p.attempts + 1, last_error = x.message, waiting_for = NULL,
         status = CASE WHEN p.attempts + 1 >= $3 THEN 'failed' ELSE 'pending' END
       FROM jsonb_to_recordset($2::jsonb) AS x(canvas_type text, sis_id text, hash text, message text)
       WHERE p.tenant = $1 AND p.canvas_type = x.canvas_type AND p.sis_id = x.sis_id AND p.hash = x.hash
       RETURNING p.canvas_type, p.sis_id, p.attempts, p.status`,
      [tenant, JSON.stringify(failures.map((f) => ({ canvas_type: f.item.canvasType, sis_id: f.item.sisId, hash: f.item.hash, message: f.message }))), maxAttempts],
    ));
    return rows.map((r) => ({ key: loaderEntityKey(r.canvas_type, r.sis_id), attempts: r.attempts, failed: r.status === 'failed' }));
  }
}

function pendingOf(r: Record<string, unknown>): PendingRow {
  return {
    tenant: r.tenant as string,
    canvasType: r.canvas_type as string,
    sisId: r.sis_id as string,
    row: r.row as Record<string, string>,
    hash: r.hash as string,
    op: r.op as string,
    school: (r.school as string | null) ?? null,
    syncRun: (r.sync_run as string | null) ?? null,
    sources: (r.sources as string[]) ?? [],
    receivedAt: r.received_at as Date,
    attempts: r.attempts as number,
    waitingFor: (r.waiting_for as string | null) ?? null,
    planId: (r.plan_id as string | null) ?? null,
    approved: r.approved === true,
  };
}
