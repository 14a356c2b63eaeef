import type { DataSource } from 'typeorm';
import type { LoaderPlanSummary } from './loader-plan.entity';
import type { LoaderPlanRepository } from './loader-plan.repository';
import type { PendingRow } from './loader-pending.repository';
import { rowsOf } from './loader-sql';

/**
 * Rows of a plan-only run not yet made its preview plan: never sent (`p` is loader_pending). Used by every query that
 * picks sendable rows, so a plan-only run's rows cannot reach Canvas whatever order its changes and markers arrive in.
 */
export const WITHHELD_FOR_PLAN_RUN = `EXISTS (SELECT 1 FROM loader_plan_runs r WHERE r.tenant = p.tenant AND r.run_id = p.sync_run AND r.plan_id IS NULL)`;

/**
 * Plan-only runs (ADR 0131): `ops sync --full --plan` registers the run before requesting it; the loader withholds its
 * rows and, once the run's changes are all in, makes them one preview plan; a discarded preview's rows are released to
 * the tenant's next run.
 */
export class LoaderPlanRunRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Registers a plan-only run (before its request is published). */
  async register(tenant: string, runId: string, requestedBy: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO loader_plan_runs (tenant, run_id, requested_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [tenant, runId, requestedBy],
    );
  }

  /** True when the run was requested plan-only. */
  async isPlanRun(tenant: string, runId: string): Promise<boolean> {
    const rows = await this.dataSource.query(`SELECT 1 FROM loader_plan_runs WHERE tenant = $1 AND run_id = $2`, [tenant, runId]);
    return rows.length > 0;
  }

  /**
   * Makes the run's withheld rows its preview plan, once (replicas and repeated markers race here: the run's row is
   * locked and claimed). `summarise` gets the rows; returns the plan id, or undefined when the run is not a plan-only
   * run or already has its plan.
   */
  async makePreview(
    plans: LoaderPlanRepository, tenant: string, runId: string,
    summarise: (rows: PendingRow[]) => Promise<LoaderPlanSummary>,
  ): Promise<string | undefined> {
    return this.dataSource.transaction(async (q) => {
      const claimed = await q.query(`SELECT 1 FROM loader_plan_runs WHERE tenant = $1 AND run_id = $2 AND plan_id IS NULL FOR UPDATE`, [tenant, runId]);
      if (claimed.length === 0) return undefined;
      const rows: Record<string, unknown>[] = await q.query(
        `SELECT p.*, false AS approved FROM loader_pending p WHERE p.tenant = $1 AND p.sync_run = $2 AND p.plan_id IS NULL AND p.status = 'pending'
         ORDER BY p.canvas_type, p.sis_id`,
        [tenant, runId],
      );
      const pending = rows.map((r) => ({
        tenant, canvasType: r.canvas_type as string, sisId: r.sis_id as string, row: r.row as Record<string, string>, hash: r.hash as string,
        op: r.op as string, school: (r.school as string | null) ?? null, syncRun: runId, sources: (r.sources as string[]) ?? [],
        receivedAt: r.received_at as Date, attempts: r.attempts as number, waitingFor: null, planId: null, approved: false,
      }));
      const id = await plans.create(q, tenant, await summarise(pending), pending, { syncRun: runId });
      await q.query(`UPDATE loader_pending SET plan_id = $3, waiting_for = NULL WHERE tenant = $1 AND sync_run = $2 AND plan_id IS NULL AND status = 'pending'`, [tenant, runId, id]);
      await q.query(`UPDATE loader_plan_runs SET plan_id = $3 WHERE tenant = $1 AND run_id = $2`, [tenant, runId, id]);
      return id;
    });
  }

  /**
   * A run of the tenant started that is not plan-only: rows of discarded previews become its rows (sendable, gated as
   * usual). Returns how many.
   */
  async releaseDiscarded(tenant: string, runId: string, at: Date): Promise<number> {
    const released = rowsOf(await this.dataSource.query(
      `UPDATE loader_pending p SET plan_id = NULL, sync_run = $2, received_at = $3
       FROM loader_plans pl WHERE p.tenant = $1 AND pl.id = p.plan_id AND pl.status = 'discarded' RETURNING p.sis_id`,
      [tenant, runId, at],
    ));
    return released.length;
  }
}
