import { loaderEntityKey, WITHHELD_FOR_PLAN_RUN, type LoaderPendingRepository } from '@rp/persistence';
import { referencesOf } from './domain/entity-references';
import { keyOf } from './domain/loader-row';
import { stuckRows } from './domain/stuck-rows';

/** Where a sync run's rows stand in the loader once every change of the run has been received. */
export interface RunProgress {
  /** Nothing of the run can still go to Canvas without news from the SIS or an operator. */
  done: boolean;
  /** Rows marked failed (Canvas or the CSV checks refused them at every attempt). */
  failed: number;
  /** Destructive rows held in a plan that awaits an operator. */
  held: number;
  /** Rows that wait for entities that are missing, failed or held. */
  waiting: number;
}

/** Rows that may go into a batch: pending and not in an undecided or rejected plan. */
const SENDABLE = `p.status = 'pending' AND (p.plan_id IS NULL OR pl.status = 'approved') AND NOT ${WITHHELD_FOR_PLAN_RUN}`;

/** Read-only questions about a run's rows in loader_pending and the tenant's imports. */
export class RunProgressQueries {
  constructor(private readonly pending: LoaderPendingRepository) {}

  /**
   * The run's rows right now; `done` when none is sendable except rows stuck waiting, no import is in flight, and no
   * row of the tenant received by `receivedBy` (an earlier run's, whose state the run builds on) is still to send.
   */
  async progress(tenant: string, runId: string, receivedBy: Date): Promise<RunProgress> {
    const ds = this.pending.dataSource;
    const [row] = await ds.query(
      `SELECT count(*) FILTER (WHERE ${SENDABLE} AND p.waiting_for IS NULL)::int AS open,
              count(*) FILTER (WHERE p.sync_run = $2 AND ${SENDABLE} AND p.waiting_for IS NOT NULL)::int AS waiting,
              count(*) FILTER (WHERE p.sync_run = $2 AND p.status = 'failed')::int AS failed,
              count(*) FILTER (WHERE p.sync_run = $2 AND p.status = 'pending' AND pl.status = 'held')::int AS held,
              (SELECT count(*)::int FROM loader_imports i WHERE i.tenant = $1 AND i.finished_at IS NULL) AS importing
       FROM loader_pending p LEFT JOIN loader_plans pl ON pl.id = p.plan_id
       WHERE p.tenant = $1 AND (p.sync_run = $2 OR p.received_at <= $3)`,
      [tenant, runId, receivedBy],
    );
    const base = { failed: row.failed as number, held: row.held as number };
    if (row.open > 0 || row.importing > 0) return { done: false, ...base, waiting: row.waiting };
    if (row.waiting === 0) return { done: true, ...base, waiting: 0 };
    const stuck = await this.stuckOfRun(tenant, runId);
    return { done: stuck.runWaiting === stuck.runStuck, ...base, waiting: stuck.runStuck };
  }

  /** Checks every waiting row of the tenant (a run's row may wait behind another run's stuck row). */
  private async stuckOfRun(tenant: string, runId: string): Promise<{ runWaiting: number; runStuck: number }> {
    const ds = this.pending.dataSource;
    const waiting: { canvas_type: string; sis_id: string; row: Record<string, string>; sync_run: string | null }[] = await ds.query(
      `SELECT p.canvas_type, p.sis_id, p.row, p.sync_run FROM loader_pending p LEFT JOIN loader_plans pl ON pl.id = p.plan_id
       WHERE p.tenant = $1 AND ${SENDABLE} AND p.waiting_for IS NOT NULL`,
      [tenant],
    );
    const rows = waiting.map((w) => ({ canvasType: w.canvas_type, sisId: w.sis_id, row: w.row, syncRun: w.sync_run }));
    const refs = new Map(rows.flatMap((r) => referencesOf(r)).map((ref) => [keyOf(ref), ref]));
    const applied = await this.pending.appliedOf(tenant, [...refs.values()]);
    const sendable = await this.sendableKeys(tenant, [...refs.values()]);
    const stuck = stuckRows(rows, (key) => applied.has(key), (key) => sendable.has(key));
    const ofRun = rows.filter((r) => r.syncRun === runId);
    return { runWaiting: ofRun.length, runStuck: ofRun.filter((r) => stuck.has(keyOf(r))).length };
  }

  private async sendableKeys(tenant: string, keys: { canvasType: string; sisId: string }[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows: { canvas_type: string; sis_id: string }[] = await this.pending.dataSource.query(
      `SELECT p.canvas_type, p.sis_id FROM loader_pending p LEFT JOIN loader_plans pl ON pl.id = p.plan_id
       JOIN jsonb_to_recordset($2::jsonb) AS x(canvas_type text, sis_id text) ON p.canvas_type = x.canvas_type AND p.sis_id = x.sis_id
       WHERE p.tenant = $1 AND ${SENDABLE}`,
      [tenant, JSON.stringify(keys.map((k) => ({ canvas_type: k.canvasType, sis_id: k.sisId })))],
    );
    return new Set(rows.map((r) => loaderEntityKey(r.canvas_type, r.sis_id)));
  }
}
