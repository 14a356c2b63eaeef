import { routeLiveEvent } from '@rp/mapping';
import type { CanvasLiveEventRecord, ConsumedRecord, GradebookWrite } from '@rp/messaging';
import { pipelineMetrics } from '@rp/observability';
import type { GradebookEventLog, GradebookRepository } from '@rp/persistence';
import { liveEventOutcome } from './processor/live-event-outcome';
import { envelopeOf } from './processor/live-event-record';

const why = (record: ConsumedRecord<unknown>, error: unknown) =>
  `dead-lettered to ${record.topic}.dlq: ${error instanceof Error ? error.message : String(error)}; fix the cause, then \`ops dlq retry\``;

/** A record naming another tenant than its key/header (refused as foreign) is recorded under no tenant's name. */
const sameTenant = (record: ConsumedRecord<{ tenant: string } | null>) => record.tenant === undefined || record.tenant === record.value?.tenant;

/** A Live Event the processor gave up on ends as `failed` with the reason, not without a trace. */
export async function recordDeadLetteredEvent(events: Pick<GradebookEventLog, 'record'>, record: ConsumedRecord<CanvasLiveEventRecord>, error: unknown): Promise<void> {
  const value = record.value;
  if (!value || !sameTenant(record)) return;
  const parsed = envelopeOf(value);
  const route = 'envelope' in parsed ? routeLiveEvent(parsed.envelope) : { kind: 'invalid' as const, eventName: value.eventName, problem: parsed.problem };
  const outcome = liveEventOutcome(value, route, [], why(record, error));
  await events.record([{ ...outcome, outcome: 'failed', reason: why(record, error) }]);
  pipelineMetrics.gradebookEvent(value.tenant, 'failed');
}

/** A write the writer gave up on shows as `failed` with the reason (not "waiting — retrying" forever). */
export async function recordDeadLetteredWrite(repo: Pick<GradebookRepository, 'recordOutcomes'>, record: ConsumedRecord<GradebookWrite>, error: unknown): Promise<void> {
  const w = record.value;
  if (!w || !sameTenant(record)) return;
  await repo.recordOutcomes([{
    tenant: w.tenant, outcomeKey: w.sourcedId, kind: w.kind, status: 'failed', reason: why(record, error),
    canvasCourseId: w.canvasCourseId, canvasAssignmentId: w.canvasAssignmentId, canvasUserId: w.canvasUserId,
    classSourcedId: w.classSourcedId, studentSourcedId: w.studentSourcedId, lineItemSourcedId: w.lineItemSourcedId,
    resultSourcedId: w.kind === 'result' ? w.sourcedId : null, canvasEventTime: w.canvasEventTime,
  }]);
}
