import type { GradebookWrite } from '@rp/messaging';
import { PermanentError, RetriableError } from '@rp/messaging';
import { attachedTraceContext, type GradebookWriteOutcome, pipelineMetrics, withSpan, type Logger } from '@rp/observability';
import { olderThanWritten } from '@rp/mapping';
import { type LineItem, OneRosterError, type Result } from '@rp/oneroster';
import type { GradebookOutcome, GradebookRepository } from '@rp/persistence';
import { runLimited } from '../shared/run-limited';
import type { TenantContexts, TenantGradebookContext } from '../tenant/tenant-context';
import { planWrites } from './write-plan';

export interface GradebookWriterPorts {
  tenants: TenantContexts;
  repo: Pick<GradebookRepository, 'lastWritten' | 'markWritten' | 'recordOutcomes' | 'lineItemWritten' | 'outcome'>;
  /** Concurrent IC requests per tenant (IC allows about 5). */
  concurrency: number;
  logger?: Logger;
}

type Status = GradebookOutcome['status'];

/** A result whose lineItem is not in IC yet; retried until it is (or its lineItem was refused). */
class WaitingForLineItem extends RetriableError {}

const isRetriable = (error: unknown) => error instanceof RetriableError || (error instanceof OneRosterError && error.retriable);

/**
 * The writer role: PUTs coalesced lineItems and results into IC (lineItems first), skips content IC already has,
 * records every outcome, and retries what may pass later (IC 5xx/429, a lineItem still to come).
 * Each write counts once in `rp_gradebook_writes_total{tenant,outcome}` (written, deleted, unchanged, refused, ...).
 */
export class GradebookWriter {
  constructor(private readonly ports: GradebookWriterPorts) {}

  /** Applies one consumed batch; throws RetriableError when something must be retried (the rest stays written). */
  async handle(writes: GradebookWrite[]): Promise<void> {
    const outcomes = await Promise.allSettled(planWrites(writes).map((plan) => this.writeTenant(plan)));
    const failures = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => o.reason as Error);
    if (failures.length === 0) return;
    const permanent = failures.find((f) => f instanceof PermanentError);
    if (permanent && failures.length === 1) throw permanent;
    throw new RetriableError(failures.map((f) => f.message).join('; '), { cause: failures[0] });
  }

  private async writeTenant(plan: ReturnType<typeof planWrites>[number]): Promise<void> {
    let ctx: TenantGradebookContext;
    try {
      ctx = await this.ports.tenants.context(plan.tenant);
    } catch (error) {
      throw new PermanentError(`tenant ${plan.tenant}: cannot write grades: ${(error as Error).message}`, { cause: error });
    }
    const retry: Error[] = [];
    for (const stage of [plan.lineItems, plan.results, plan.deletes]) {
      const settled = await runLimited(stage, this.ports.concurrency, (w) => this.writeOne(ctx, w));
      for (const s of settled) {
        if (s.status === 'rejected') {
          if (!isRetriable(s.reason)) throw s.reason;
          retry.push(s.reason as Error);
        }
      }
    }
    if (retry.length > 0) {
      throw new RetriableError(`tenant ${plan.tenant}: ${retry.length} gradebook write(s) will be retried: ${retry[0].message}`, { cause: retry[0] });
    }
  }

  /** One write in a span continuing the processor's trace; the IC request is its child. */
  private writeOne(ctx: TenantGradebookContext, w: GradebookWrite): Promise<void> {
    const attributes = { 'rp.tenant': w.tenant, 'oneroster.kind': w.kind, 'oneroster.sourced_id': w.sourcedId, 'rp.op': w.op };
    return withSpan(`gradebook-writer ${w.op} ${w.kind}`, { parent: attachedTraceContext(w), attributes }, () => this.applyWrite(ctx, w));
  }

  private async applyWrite(ctx: TenantGradebookContext, w: GradebookWrite): Promise<void> {
    const { repo } = this.ports;
    const counted = (outcome: GradebookWriteOutcome) => pipelineMetrics.gradebookWrite(w.tenant, outcome);
    if (w.op === 'delete') {
      await ctx.gradebook.deleteLineItem(w.sourcedId);
      await repo.markWritten(w.tenant, w.sourcedId, w.kind, null);
      counted('deleted');
      return this.record(w, 'sent', 'deleted from IC');
    }
    const last = await repo.lastWritten(w.tenant, w.sourcedId);
    if (last?.contentHash === w.contentHash) {
      counted('unchanged');
      return this.record(w, 'sent', null);
    }
    const stale = w.kind === 'result' ? olderThanWritten(w.canvasEventTime, last?.canvasEventTime) : undefined;
    if (stale) {
      counted('skipped');
      return this.record(w, 'skipped', stale);
    }
    if (w.kind === 'result' && !(await repo.lineItemWritten(w.tenant, w.lineItemSourcedId))) return this.waitForLineItem(w);
    try {
      const record = JSON.parse(w.record ?? 'null') as LineItem | Result;
      if (w.kind === 'lineItem') await ctx.gradebook.putLineItem(record as LineItem);
      else await ctx.gradebook.putResult(record as Result);
    } catch (error) {
      if (error instanceof OneRosterError && !error.retriable) {
        counted('refused');
        return this.record(w, 'refused', `IC refused the ${w.kind} (HTTP ${error.status ?? '?'}): ${error.imsx?.description ?? error.message}`);
      }
      if (isRetriable(error)) {
        counted('retried');
        await this.record(w, 'waiting', `IC is unavailable; retrying: ${(error as Error).message}`);
      }
      throw error;
    }
    counted('written');
    await repo.markWritten(w.tenant, w.sourcedId, w.kind, w.contentHash, w.canvasEventTime);
    await this.record(w, 'sent', null);
  }

  private async waitForLineItem(w: GradebookWrite): Promise<void> {
    const lineItem = await this.ports.repo.outcome(w.tenant, w.lineItemSourcedId);
    if (lineItem && (lineItem.status === 'refused' || lineItem.status === 'failed')) {
      pipelineMetrics.gradebookWrite(w.tenant, 'skipped');
      return this.record(w, 'skipped', `its lineItem was not written to IC: ${lineItem.reason ?? lineItem.status}`);
    }
    pipelineMetrics.gradebookWrite(w.tenant, 'waiting');
    await this.record(w, 'waiting', 'waiting for its lineItem to be written to IC');
    throw new WaitingForLineItem(`tenant ${w.tenant}: result ${w.sourcedId} waits for lineItem ${w.lineItemSourcedId}`);
  }

  private record(w: GradebookWrite, status: Status, reason: string | null): Promise<void> {
    return this.ports.repo.recordOutcomes([{
      tenant: w.tenant, outcomeKey: w.sourcedId, kind: w.kind, status, reason,
      canvasCourseId: w.canvasCourseId, canvasAssignmentId: w.canvasAssignmentId, canvasUserId: w.canvasUserId,
      classSourcedId: w.classSourcedId, studentSourcedId: w.studentSourcedId, lineItemSourcedId: w.lineItemSourcedId,
      resultSourcedId: w.kind === 'result' ? w.sourcedId : null, canvasEventTime: w.canvasEventTime,
    }]);
  }
}
