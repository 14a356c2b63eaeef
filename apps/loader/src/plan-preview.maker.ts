import type { Logger } from '@rp/observability';
import type { LoaderPendingRepository, LoaderPlanRepository, LoaderPlanRunRepository, LoaderPlanSummary, PendingRow } from '@rp/persistence';
import { previewGroups } from './domain/plan-preview';

/**
 * The loader's side of plan-only runs (ADR 0131): once every change of such a run is in, its withheld rows become one
 * preview plan (creates, updates, drops per type and school); when a run that is not plan-only starts, rows of
 * discarded previews become that run's.
 */
export class PlanPreviewMaker {
  constructor(private readonly deps: {
    planRuns: LoaderPlanRunRepository; plans: LoaderPlanRepository; pending: LoaderPendingRepository; clock: () => Date; logger: Logger;
  }) {}

  /** Makes the run's preview plan when it is a plan-only run without one (called once the run's changes are all in). */
  async whenPlanRun(tenant: string, runId: string): Promise<void> {
    const planId = await this.deps.planRuns.makePreview(this.deps.plans, tenant, runId, (rows) => this.summarise(tenant, runId, rows));
    if (!planId) return;
    const plan = await this.deps.plans.get(planId);
    const totals = (plan.summary.preview?.groups ?? []).reduce((t, g) => ({ c: t.c + g.creates, u: t.u + g.updates, d: t.d + g.drops }), { c: 0, u: 0, d: 0 });
    this.deps.logger.info(`tenant ${tenant}: plan-only run ${runId} would create ${totals.c}, update ${totals.u} and drop ${totals.d} row(s); nothing was sent. ` +
      `Inspect with \`ops plans show ${planId}\`, then \`ops plans approve ${planId}\` or \`ops plans discard ${planId}\``, { tenant, planId, runId });
  }

  /** A run started: a plan-only one is left alone; any other takes the rows of the tenant's discarded previews. */
  async onRunStarted(tenant: string, runId: string): Promise<void> {
    if (await this.deps.planRuns.isPlanRun(tenant, runId)) return;
    const released = await this.deps.planRuns.releaseDiscarded(tenant, runId, this.deps.clock());
    if (released > 0) this.deps.logger.info(`tenant ${tenant}: run ${runId} takes the ${released} row(s) of discarded previews as its own (gated as usual)`, { tenant, runId });
  }

  private async summarise(tenant: string, runId: string, rows: PendingRow[]): Promise<LoaderPlanSummary> {
    const applied = await this.deps.pending.appliedOf(tenant, rows);
    return { counts: [], exceeded: [], items: rows.length, preview: { runId, groups: previewGroups(rows, (key) => applied.has(key)) } };
  }
}
