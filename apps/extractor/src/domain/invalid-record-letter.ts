import { describeProblem, RecordProblem } from '@rp/oneroster';

export interface InvalidRecordFacts {
  tenant: string;
  runId: string;
  entityType: string;
  sourcedId: string;
  /** Deployed topic the record would have gone to (its DLQ is `<topic>.dlq`). */
  topic: string;
  /** Validation problems; empty when the record has no sourcedId at all. */
  problems: RecordProblem[];
  failedAt: Date;
}

const MAX_HEADER = 4000;

/** Why a record is dead-lettered, one sentence per problem (each names tenant, type, sourcedId, field and fix). */
export function invalidRecordReason(facts: Pick<InvalidRecordFacts, 'tenant' | 'entityType' | 'problems'>): string {
  const sentences = facts.problems.length > 0
    ? facts.problems.map(describeProblem)
    : [`tenant ${facts.tenant}: ${facts.entityType} without a sourcedId; fix it in the SIS`];
  return sentences.join(' | ').slice(0, MAX_HEADER);
}

/** Headers of an invalid record's dead letter: what `ops dlq list` shows plus the record's identity and fields. */
export function invalidRecordHeaders(facts: InvalidRecordFacts): Record<string, string> {
  const reason = invalidRecordReason(facts);
  return {
    tenant: facts.tenant,
    'sync-run': facts.runId,
    'dlq-original-topic': facts.topic,
    'dlq-error': reason,
    'dlq-reason': reason,
    'dlq-error-class': 'permanent',
    'dlq-error-name': 'InvalidOneRosterRecord',
    'dlq-entity-type': facts.entityType,
    'dlq-sourced-id': facts.sourcedId,
    'dlq-fields': [...new Set(facts.problems.map((p) => p.field))].join(',').slice(0, MAX_HEADER) || 'sourcedId',
    'dlq-problem-count': String(Math.max(1, facts.problems.length)),
    'dlq-failed-at': facts.failedAt.toISOString(),
  };
}
