import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { LoaderPlanKind, LoaderPlanStatus, LoaderPlanSummary } from './loader-plan.entity';
import { Queryable, rowsOf } from './loader-sql';

/** A plan as shown to operators. */
export interface LoaderPlan {
  id: string;
  tenant: string;
  status: LoaderPlanStatus;
  createdAt: Date;
  decidedAt: Date | null;
  decidedBy: string | null;
  summary: LoaderPlanSummary;
  itemCount: number;
  /** `gate` (held by the safety gate) or `preview` (every row of a plan-only run). */
  kind: LoaderPlanKind;
  /** The plan-only run a preview plan shows (null for gate plans). */
  syncRun: string | null;
}

/** One held row: what would be deleted or dropped in Canvas. */
export interface LoaderPlanItem {
  canvasType: string;
  sisId: string;
  school: string | null;
  op: string;
  hash: string;
  row: Record<string, string>;
}

export class LoaderPlanNotFoundError extends Error {
  constructor(id: string) {
    super(`loader plan ${id} does not exist; list plans with \`ops plans list\``);
    this.name = 'LoaderPlanNotFoundError';
  }
}

export class LoaderPlanDecisionError extends Error {
  constructor(plan: Pick<LoaderPlan, 'id' | 'tenant' | 'status' | 'decidedBy'>, wanted: string) {
    const by = plan.decidedBy ? ` by ${plan.decidedBy}` : '';
    super(`tenant ${plan.tenant}: plan ${plan.id} is already ${plan.status}${by}; only a held plan can be ${wanted}`);
    this.name = 'LoaderPlanDecisionError';
  }
}

/** A decision that does not apply to the plan's kind (a preview is discarded, a held plan rejected). */
export class LoaderPlanKindError extends Error {
  constructor(plan: Pick<LoaderPlan, 'id' | 'tenant' | 'kind'>, hint: string) {
    super(`tenant ${plan.tenant}: plan ${plan.id} is a ${plan.kind === 'preview' ? 'preview of a plan-only run' : 'plan held by the safety gate'}; ${hint}`);
    this.name = 'LoaderPlanKindError';
  }
}

/** A preview plan approved after another run of its tenant started: IC data may have moved on since. */
export class LoaderPlanStaleError extends Error {
  constructor(plan: Pick<LoaderPlan, 'id' | 'tenant' | 'syncRun'>, newer: string) {
    super(`tenant ${plan.tenant}: run ${newer} started after plan ${plan.id}'s run ${plan.syncRun}, so IC data may have moved on and the ` +
      `plan is no longer exactly what a run would change; discard it (\`ops plans discard ${plan.id}\`) and request a new one with ` +
      `\`ops sync ${plan.tenant} --full --plan\``);
    this.name = 'LoaderPlanStaleError';
  }
}

const PLAN_COLUMNS = `p.id, p.tenant, p.status, p.created_at, p.decided_at, p.decided_by, p.summary, p.kind, p.sync_run,
  (SELECT count(*)::int FROM loader_plan_items i WHERE i.plan_id = p.id) AS item_count`;

/**
 * Held plans of the loader's safety gate. The loader creates them; operators decide with `ops plans`
 * (approve / reject only change the status — the loader acts on the decision at its next tick).
 */
export class LoaderPlanRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(filter: { tenant?: string; status?: LoaderPlanStatus } = {}): Promise<LoaderPlan[]> {
    const rows = await this.dataSource.query(
      `SELECT ${PLAN_COLUMNS} FROM loader_plans p
       WHERE ($1::text IS NULL OR p.tenant = $1) AND ($2::text IS NULL OR p.status = $2)
       ORDER BY p.created_at DESC, p.id`,
      [filter.tenant ?? null, filter.status ?? null],
    );
    return rows.map(planOf);
  }

  /** Held plans of the safety gate per tenant (tenants without one are absent; previews are not held changes), for the `rp_held_plans` gauge. */
  async heldCounts(): Promise<Record<string, number>> {
    const rows: { tenant: string; n: number }[] = await this.dataSource.query(
      `SELECT tenant, count(*)::int AS n FROM loader_plans WHERE status = 'held' AND kind = 'gate' GROUP BY tenant`,
    );
    return Object.fromEntries(rows.map((r) => [r.tenant, r.n]));
  }

  async get(id: string): Promise<LoaderPlan> {
    const rows = isUuid(id) ? await this.dataSource.query(`SELECT ${PLAN_COLUMNS} FROM loader_plans p WHERE p.id = $1`, [id]) : [];
    if (rows.length === 0) throw new LoaderPlanNotFoundError(id);
    return planOf(rows[0]);
  }

  /** The plan's rows, ordered by type, school and SIS id, one page at a time. */
  async items(id: string, page: { offset?: number; limit?: number } = {}): Promise<LoaderPlanItem[]> {
    await this.get(id);
    const rows = await this.dataSource.query(
      `SELECT canvas_type, sis_id, school, op, hash, row FROM loader_plan_items WHERE plan_id = $1
       ORDER BY canvas_type, school NULLS FIRST, sis_id OFFSET $2 LIMIT $3`,
      [id, page.offset ?? 0, page.limit ?? 100],
    );
    return rows.map((r: Record<string, unknown>) => ({
      canvasType: r.canvas_type as string, sisId: r.sis_id as string, school: r.school as string | null,
      op: r.op as string, hash: r.hash as string, row: r.row as Record<string, string>,
    }));
  }

  /**
   * Releases a held plan: its rows go into the tenant's next batch without being gated again. A preview plan is
   * refused once another run of the tenant has started since its run (ADR 0131): it would no longer be that run's change.
   */
  async approve(id: string, by: string): Promise<LoaderPlan> {
    const plan = await this.get(id);
    if (plan.kind === 'preview') {
      const [newer] = await this.dataSource.query(
        `SELECT e.run_id FROM run_history_events e WHERE e.tenant = $1 AND e.stage = 'extractor' AND e.phase = 'started' AND e.run_id <> $2
           AND e.at > coalesce((SELECT min(at) FROM run_history_events WHERE tenant = $1 AND run_id = $2), $3)
         ORDER BY e.at LIMIT 1`,
        [plan.tenant, plan.syncRun, plan.createdAt],
      );
      if (newer) throw new LoaderPlanStaleError(plan, newer.run_id);
    }
    return this.decide(id, 'approved', by);
  }

  /** Drops a held plan: its rows are not sent; the same changes arriving again are held again. Preview plans are discarded instead. */
  async reject(id: string, by: string): Promise<LoaderPlan> {
    const plan = await this.get(id);
    if (plan.kind === 'preview') throw new LoaderPlanKindError(plan, `discard it with \`ops plans discard ${id}\``);
    return this.decide(id, 'rejected', by);
  }

  /**
   * Discards a preview plan: nothing is sent; its rows stay withheld until the tenant's next run starts, which takes
   * them as its own (gated as usual, replaced by anything newer) — as if the plan-only run had never been asked for.
   */
  async discard(id: string, by: string): Promise<LoaderPlan> {
    const plan = await this.get(id);
    if (plan.kind !== 'preview') throw new LoaderPlanKindError(plan, `reject it with \`ops plans reject ${id}\``);
    return this.decide(id, 'discarded', by);
  }

  /** Creates a held plan with its items (the loader, inside its batch transaction). */
  async create(q: Queryable, tenant: string, summary: LoaderPlanSummary, items: LoaderPlanItem[], preview?: { syncRun: string }): Promise<string> {
    const id = randomUUID();
    await q.query(`INSERT INTO loader_plans (id, tenant, status, summary, kind, sync_run) VALUES ($1, $2, 'held', $3, $4, $5)`,
      [id, tenant, summary, preview ? 'preview' : 'gate', preview?.syncRun ?? null]);
    await q.query(
      `INSERT INTO loader_plan_items (plan_id, canvas_type, sis_id, school, op, hash, row)
       SELECT $1, x.canvas_type, x.sis_id, x.school, x.op, x.hash, x.row
       FROM jsonb_to_recordset($2::jsonb) AS x(canvas_type text, sis_id text, school text, op text, hash text, row jsonb)`,
      [id, JSON.stringify(items.map((i) => ({ canvas_type: i.canvasType, sis_id: i.sisId, school: i.school, op: i.op, hash: i.hash, row: i.row })))],
    );
    return id;
  }

  private async decide(id: string, status: 'approved' | 'rejected' | 'discarded', by: string): Promise<LoaderPlan> {
    const plan = await this.get(id);
    const updated = await this.dataSource.query(
      `UPDATE loader_plans SET status = $2, decided_at = now(), decided_by = $3 WHERE id = $1 AND status = 'held' RETURNING id`,
      [id, status, by],
    );
    if (rowsOf(updated).length === 0) throw new LoaderPlanDecisionError(await this.get(id).catch(() => plan), status);
    return this.get(id);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuid = (value: string) => UUID.test(value);

function planOf(r: Record<string, unknown>): LoaderPlan {
  return {
    id: r.id as string,
    tenant: r.tenant as string,
    status: r.status as LoaderPlanStatus,
    createdAt: r.created_at as Date,
    decidedAt: (r.decided_at as Date | null) ?? null,
    decidedBy: (r.decided_by as string | null) ?? null,
    summary: r.summary as LoaderPlanSummary,
    itemCount: r.item_count as number,
    kind: (r.kind as LoaderPlanKind | undefined) ?? 'gate',
    syncRun: (r.sync_run as string | null) ?? null,
  };
}
