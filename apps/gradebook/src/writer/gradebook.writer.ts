import { randomUUID } from 'node:crypto';
import type { GradebookWrite, GradebookWriteOutcomes } from '@rp/messaging';
import { isRetriable, PermanentError, RetriableError, settleLimited } from '@rp/messaging';
import { attachedTraceContext, type GradebookWriteOutcome, pipelineMetrics, withSpan, type Logger } from '@rp/observability';
import { olderThanWritten } from '@rp/mapping';
import { type LineItem, OneRosterError, OneRosterInvalidWriteError, type Result } from '@rp/oneroster';
import { type GradebookRepository, type LastWritten, UNCHANGED_REASON } from '@rp/persistence';
import type { TenantContexts, TenantGradebookContext } from '../tenant/tenant-context';
import { WriteBookkeeping } from './write-bookkeeping';
import { planWrites, type TenantWritePlan } from './write-plan';

export interface GradebookWriterPorts {
  tenants: TenantContexts;
  repo: Pick<GradebookRepository, 'lastWrittenMany' | 'markWrittenMany' | 'recordOutcomes' | 'outcome'>;
  /** Publishes what a tenant's slice did (`gradebook.write-outcomes`: accepted count, refusals), once its outcomes are stored. */
  publishOutcomes?: (outcomes: GradebookWriteOutcomes) => Promise<void>;
  /** Unique id of a published outcome record. */
  newId?: () => string;
  clock?: () => Date;
  /** Writes of one tenant in flight at once (the IC client's limiter holds the tenant's share of IC's limit). */
  concurrency: number;
  logger?: Logger;
}

/** A result whose lineItem is not in IC yet; retried until it is (or its lineItem was refused). */
class WaitingForLineItem extends RetriableError {}


/** One tenant's slice: its context, what IC already holds, and the lineItems of the slice being written. */
interface Slice {
  ctx: TenantGradebookContext;
  /** What IC was last sent per sourcedId (hash and Canvas time), read once for the slice. */
  last: Map<string, LastWritten>;
  /** Per lineItem of the slice: resolves true once IC has it, false when it was not written. */
  lineItems: Map<string, Promise<boolean>>;
  book: WriteBookkeeping;
}

/**
 * The writer role: PUTs coalesced lineItems and results into IC, skips content IC already has, records every
 * outcome, and retries what may pass later (IC 5xx/429, a lineItem still to come). A result is written as soon as
 * its own lineItem is in IC, not after the slice's other lineItems; deletes go last. Hashes and outcomes are read
 * and stored per slice in set-based statements. Each write counts once in `rp_gradebook_writes_total{tenant,outcome}`.
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

  private async writeTenant(plan: TenantWritePlan): Promise<void> {
    let ctx: TenantGradebookContext;
    try {
      ctx = await this.ports.tenants.context(plan.tenant);
    } catch (error) {
      throw new PermanentError(`tenant ${plan.tenant}: cannot write grades: ${(error as Error).message}`, { cause: error });
    }
    const ids = [...plan.lineItems, ...plan.results, ...plan.deletes].flatMap((w) => [w.sourcedId, w.lineItemSourcedId]);
    const slice: Slice = { ctx, last: await this.ports.repo.lastWrittenMany(plan.tenant, ids), lineItems: new Map(), book: new WriteBookkeeping(this.ports.repo) };
    const settled: PromiseSettledResult<void>[] = [];
    try {
      // lineItems first in the queue, so a result waiting for its lineItem never holds a lane that lineItem needs
      const upserts = [...plan.lineItems, ...plan.results];
      for (const w of plan.lineItems) slice.lineItems.set(w.sourcedId, deferred());
      settled.push(...(await settleLimited(upserts, this.ports.concurrency, (w) => this.writeOne(slice, w))));
      settled.push(...(await settleLimited(plan.deletes, this.ports.concurrency, (w) => this.writeOne(slice, w))));
    } finally {
      await slice.book.flush();
      await this.publishOutcomes(plan.tenant, slice.book);
    }
    const retry: Error[] = [];
    for (const s of settled) {
      if (s.status === 'fulfilled') continue;
      if (!isRetriable(s.reason)) throw s.reason;
      retry.push(s.reason as Error);
    }
    if (retry.length > 0) {
      throw new RetriableError(`tenant ${plan.tenant}: ${retry.length} gradebook write(s) will be retried: ${retry[0].message}`, { cause: retry[0] });
    }
  }

  /** One record per slice that wrote or was refused anything: the notifier's refusal rate counts these. */
  private async publishOutcomes(tenant: string, book: WriteBookkeeping): Promise<void> {
    const { written, refused } = book.takeTally();
    const { publishOutcomes, newId = randomUUID, clock = () => new Date() } = this.ports;
    if (!publishOutcomes || (written === 0 && refused.length === 0)) return;
    await publishOutcomes({ tenant, batchId: newId(), at: clock().toISOString(), written, refused });
  }

  /** One write in a span continuing the processor's trace; the IC request is its child. */
  private async writeOne(slice: Slice, w: GradebookWrite): Promise<void> {
    const attributes = { 'rp.tenant': w.tenant, 'oneroster.kind': w.kind, 'oneroster.sourced_id': w.sourcedId, 'rp.op': w.op };
    const done = w.kind === 'lineItem' && w.op === 'upsert' ? (slice.lineItems.get(w.sourcedId) as Deferred | undefined) : undefined;
    try {
      const inIc = await withSpan(`gradebook-writer ${w.op} ${w.kind}`, { parent: attachedTraceContext(w), attributes }, () => this.applyWrite(slice, w));
      done?.resolve(inIc);
    } catch (error) {
      done?.resolve(false);
      throw error;
    }
  }

  /** Applies one write; resolves whether IC now holds it. */
  private async applyWrite(slice: Slice, w: GradebookWrite): Promise<boolean> {
    const { ctx, book } = slice;
    const counted = (outcome: GradebookWriteOutcome) => pipelineMetrics.gradebookWrite(w.tenant, outcome);
    if (w.op === 'delete') {
      await ctx.gradebook.deleteLineItem(w.sourcedId);
      book.written(w, null);
      counted('deleted');
      book.outcome(w, 'sent', 'deleted from IC');
      return false;
    }
    const last = slice.last.get(w.sourcedId);
    if (last?.contentHash === w.contentHash) {
      counted('unchanged');
      book.outcome(w, 'sent', UNCHANGED_REASON);
      return true;
    }
    const stale = w.kind === 'result' ? olderThanWritten(w.canvasEventTime, last?.canvasEventTime) : undefined;
    if (stale) {
      counted('skipped');
      book.outcome(w, 'skipped', stale);
      return false;
    }
    if (w.kind === 'result' && !(await this.lineItemInIc(slice, w.lineItemSourcedId))) {
      await this.waitForLineItem(slice, w);
      return false;
    }
    try {
      const record = JSON.parse(w.record ?? 'null') as LineItem | Result;
      if (w.kind === 'lineItem') await ctx.gradebook.putLineItem(record as LineItem);
      else await ctx.gradebook.putResult(record as Result);
    } catch (error) {
      if (error instanceof OneRosterInvalidWriteError) {
        counted('refused');
        book.outcome(w, 'refused', error.message);
        return false;
      }
      if (error instanceof OneRosterError && !error.retriable) {
        counted('refused');
        book.outcome(w, 'refused', `IC refused the ${w.kind} (HTTP ${error.status ?? '?'}): ${error.imsx?.description ?? error.message}`);
        return false;
      }
      if (isRetriable(error)) {
        counted('retried');
        book.outcome(w, 'waiting', `IC is unavailable; retrying: ${(error as Error).message}`);
      }
      throw error;
    }
    counted('written');
    book.accepted();
    book.written(w, w.contentHash, w.canvasEventTime);
    book.outcome(w, 'sent', null);
    return true;
  }

  /** Whether the result's lineItem is in IC: written earlier, or written by this slice (waits for that one only). */
  private async lineItemInIc(slice: Slice, lineItemSourcedId: string): Promise<boolean> {
    const own = slice.lineItems.get(lineItemSourcedId);
    if (own) return own;
    return typeof slice.last.get(lineItemSourcedId)?.contentHash === 'string';
  }

  private async waitForLineItem(slice: Slice, w: GradebookWrite): Promise<void> {
    const lineItem = slice.book.latest(w.tenant, w.lineItemSourcedId) ?? (await this.ports.repo.outcome(w.tenant, w.lineItemSourcedId));
    if (lineItem && (lineItem.status === 'refused' || lineItem.status === 'failed')) {
      pipelineMetrics.gradebookWrite(w.tenant, 'skipped');
      return slice.book.outcome(w, 'skipped', `its lineItem was not written to IC: ${lineItem.reason ?? lineItem.status}`);
    }
    pipelineMetrics.gradebookWrite(w.tenant, 'waiting');
    slice.book.outcome(w, 'waiting', 'waiting for its lineItem to be written to IC');
    throw new WaitingForLineItem(`tenant ${w.tenant}: result ${w.sourcedId} waits for lineItem ${w.lineItemSourcedId}`);
  }
}

type Deferred = Promise<boolean> & { resolve(value: boolean): void };

/** A promise resolved from outside (a lineItem's write, awaited by its results). */
function deferred(): Deferred {
  let resolve!: (value: boolean) => void;
  const promise = new Promise<boolean>((r) => (resolve = r)) as Deferred;
  promise.resolve = resolve;
  return promise;
}
