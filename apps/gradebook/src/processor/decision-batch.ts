import { coalesceLatest, type LineItemDecision, type ResultDecision } from '@rp/mapping';
import type { GradebookWrite } from '@rp/messaging';
import type { LineItem, Result } from '@rp/oneroster';
import type { GradebookOutcome } from '@rp/persistence';
import { context as otelContext } from '@opentelemetry/api';
import { attachTraceContext } from '@rp/observability';
import { gradebookContentHash } from '@rp/mapping';

/** Canvas ids a decision is about, carried into writes and outcomes so an admin can find the grade. */
export interface CanvasRefs {
  canvasCourseId: string | null;
  canvasAssignmentId: string | null;
  canvasUserId: string | null;
}

/**
 * Collects what one batch of events decided: writes for the writer (coalesced per lineItem/result, latest Canvas
 * time wins) and outcomes for the admin view. Pure bookkeeping, no I/O.
 */
export class DecisionBatch {
  private readonly writes: GradebookWrite[] = [];
  private readonly outcomes: GradebookOutcome[] = [];

  constructor(readonly tenant: string, private readonly decidedAt: string) {}

  /** A lineItem decision: upsert/delete become writes, a refusal an outcome with every reason. */
  lineItem(decision: LineItemDecision, refs: CanvasRefs, eventTime: string, classSourcedId: string | null): void {
    const base = { ...refs, classSourcedId, lineItemSourcedId: decision.kind === 'upsert' ? decision.lineItem.sourcedId : decision.lineItemSourcedId, canvasUserId: null };
    if (decision.kind === 'upsert') {
      this.addWrite('lineItem', 'upsert', decision.lineItem, { ...base, studentSourcedId: null }, eventTime);
    } else if (decision.kind === 'delete') {
      this.writes.push(this.write('lineItem', 'delete', base.lineItemSourcedId, null, { ...base, studentSourcedId: null }, eventTime));
      this.outcome({ ...base, outcomeKey: base.lineItemSourcedId, kind: 'lineItem', status: 'waiting', reason: `delete queued: ${decision.reason}`, canvasEventTime: eventTime });
    } else {
      const reason = decision.reasons.map((r) => r.message).join(' ');
      this.outcome({ ...base, outcomeKey: base.lineItemSourcedId, kind: 'lineItem', status: 'refused', reason, canvasEventTime: eventTime });
    }
  }

  /** A result decision: upsert → write; hold → `held`; skip → `skipped` with the reason. */
  result(decision: ResultDecision, refs: CanvasRefs, ids: { classSourcedId: string | null; studentSourcedId: string | null; lineItemSourcedId: string; fallbackKey: string }): void {
    const base = { ...refs, classSourcedId: ids.classSourcedId, studentSourcedId: ids.studentSourcedId, lineItemSourcedId: ids.lineItemSourcedId };
    if (decision.kind === 'upsert') {
      this.addWrite('result', 'upsert', decision.result, base, decision.canvasEventTime);
      return;
    }
    const key = decision.resultSourcedId ?? ids.fallbackKey;
    this.outcome({
      ...base, outcomeKey: key, resultSourcedId: decision.resultSourcedId ?? null, kind: 'result',
      status: decision.kind === 'hold' ? 'held' : 'skipped',
      reason: decision.kind === 'hold' ? 'the grade is hidden in Canvas (not posted); it is sent when posted' : decision.reason,
      canvasEventTime: decision.canvasEventTime,
    });
  }

  /** A course grade: its lineItem and result as writes. */
  courseGrade(lineItem: LineItem, result: Result, refs: CanvasRefs, eventTime: string): void {
    const base = { ...refs, classSourcedId: lineItem.class.sourcedId, lineItemSourcedId: lineItem.sourcedId };
    this.addWrite('lineItem', 'upsert', lineItem, { ...base, studentSourcedId: null, canvasUserId: null }, eventTime);
    this.addWrite('result', 'upsert', result, { ...base, studentSourcedId: result.student.sourcedId }, eventTime);
  }

  /** Any outcome recorded as is (skips, failures). */
  outcome(outcome: Omit<GradebookOutcome, 'tenant'>): void {
    this.outcomes.push({ ...outcome, tenant: this.tenant });
  }

  /** Where the batch stands now, to tell later which grades one event decided (`keysSince`). */
  mark(): { writes: number; outcomes: number } {
    return { writes: this.writes.length, outcomes: this.outcomes.length };
  }

  /** The lineItem/result keys decided since `mark` (writes and recorded outcomes), each once. */
  keysSince(mark: { writes: number; outcomes: number }): string[] {
    return [...new Set([...this.writes.slice(mark.writes).map((w) => w.sourcedId), ...this.outcomes.slice(mark.outcomes).map((o) => o.outcomeKey)])];
  }

  /** Writes in publication order: per key the latest Canvas time wins; lineItems before results. */
  coalescedWrites(): GradebookWrite[] {
    const latest = coalesceLatest(this.writes, (w) => w.sourcedId, (w) => w.canvasEventTime);
    return [...latest.filter((w) => w.kind === 'lineItem'), ...latest.filter((w) => w.kind === 'result')];
  }

  /** Outcomes to record (the `waiting` ones of queued writes included). */
  allOutcomes(): GradebookOutcome[] {
    const queued: GradebookOutcome[] = this.coalescedWrites()
      .filter((w) => w.op === 'upsert')
      .map((w) => ({
        tenant: w.tenant, outcomeKey: w.sourcedId, kind: w.kind, status: 'waiting', reason: 'queued for the IC writer',
        canvasCourseId: w.canvasCourseId, canvasAssignmentId: w.canvasAssignmentId, canvasUserId: w.canvasUserId,
        classSourcedId: w.classSourcedId, studentSourcedId: w.studentSourcedId, lineItemSourcedId: w.lineItemSourcedId,
        resultSourcedId: w.kind === 'result' ? w.sourcedId : null, canvasEventTime: w.canvasEventTime,
      }));
    return [...this.outcomes, ...queued];
  }

  private addWrite(kind: GradebookWrite['kind'], op: 'upsert', record: LineItem | Result, ids: Omit<GradebookWrite, 'tenant' | 'kind' | 'op' | 'sourcedId' | 'canvasEventTime' | 'decidedAt' | 'contentHash' | 'record'>, eventTime: string): void {
    this.writes.push(this.write(kind, op, record.sourcedId, record, ids, eventTime));
  }

  private write(
    kind: GradebookWrite['kind'], op: GradebookWrite['op'], sourcedId: string, record: LineItem | Result | null,
    ids: Omit<GradebookWrite, 'tenant' | 'kind' | 'op' | 'sourcedId' | 'canvasEventTime' | 'decidedAt' | 'contentHash' | 'record'>, eventTime: string,
  ): GradebookWrite {
    // The span deciding the write (the Live Event's, during processing) travels with it to the writer.
    return attachTraceContext({
      tenant: this.tenant, kind, op, sourcedId, ...ids, canvasEventTime: eventTime, decidedAt: this.decidedAt,
      contentHash: record ? gradebookContentHash(record as unknown as Record<string, unknown>) : 'deleted',
      record: record ? JSON.stringify(record) : null,
    }, otelContext.active());
  }
}
