import type { IHeaders } from '@rp/messaging';
import { DlqHeader, headerText, RawRecord } from '@rp/messaging';
import { formatTable } from '../cli/table';
import type { ReadRecord } from '../kafka/topic-reader';
import { UserError } from '../ops-errors';

/** A dead letter as shown to an operator (topics without TOPIC_PREFIX). */
export interface DeadLetterView {
  dlqTopic: string;
  partition: number;
  offset: string;
  tenant: string | null;
  key: string | null;
  originalTopic: string | null;
  originalPartition: number | null;
  originalOffset: string | null;
  error: string | null;
  errorClass: string | null;
  errorName: string | null;
  attempts: number | null;
  failedAt: string | null;
  valueBytes: number;
}

const DLQ_SUFFIX = '.dlq';

/** The logical DLQ topic for what an operator typed (`canvas.users` or `canvas.users.dlq`). */
export function dlqTopicFor(topic: string): string {
  if (!topic.trim()) throw new UserError('a topic is required, e.g. canvas.users (its dead letters are on canvas.users.dlq)');
  return topic.endsWith(DLQ_SUFFIX) ? topic : `${topic}${DLQ_SUFFIX}`;
}

/** `12` or `3:12` (partition:offset) → parts; `--partition` fills in a missing partition. */
export function parseOffsetArg(raw: string, partitionFlag?: string): { partition?: number; offset: string } {
  const match = /^(?:(\d+):)?(\d+)$/.exec(raw.trim());
  if (!match) throw new UserError(`offset "${raw}" must be a number or <partition>:<offset> (as printed by \`ops dlq list\`)`);
  const partitionText = match[1] ?? partitionFlag;
  if (partitionText !== undefined && !/^\d+$/.test(partitionText)) throw new UserError(`--partition must be a number (got "${partitionText}")`);
  return { partition: partitionText === undefined ? undefined : Number(partitionText), offset: String(BigInt(match[2])) };
}

/** Describes one dead letter from its headers; `logical` strips TOPIC_PREFIX. */
export function deadLetterView(record: ReadRecord, logical: (topic: string) => string = (t) => t): DeadLetterView {
  const h = (name: string) => headerText(record.headers, name) ?? null;
  const original = h(DlqHeader.originalTopic);
  const partition = h(DlqHeader.originalPartition);
  const attempts = h(DlqHeader.attempts);
  return {
    dlqTopic: logical(record.topic),
    partition: record.partition,
    offset: record.offset,
    tenant: h(DlqHeader.tenant),
    key: record.key?.toString() ?? null,
    originalTopic: original === null ? null : logical(original),
    originalPartition: partition === null ? null : Number(partition),
    originalOffset: h(DlqHeader.originalOffset),
    error: h(DlqHeader.error),
    errorClass: h(DlqHeader.errorClass),
    errorName: h(DlqHeader.errorName),
    attempts: attempts === null ? null : Number(attempts),
    failedAt: h(DlqHeader.failedAt),
    valueBytes: record.value?.length ?? 0,
  };
}

/** What a retry publishes: the original bytes and key to the original topic, with the original headers (no `dlq-*`). */
export function retryOf(record: ReadRecord): { topic: string; record: RawRecord } {
  const topic = headerText(record.headers, DlqHeader.originalTopic);
  if (!topic) {
    throw new UserError(`${record.topic} ${record.partition}:${record.offset} has no ${DlqHeader.originalTopic} header, ` +
      'so its original topic is unknown; republish it by hand');
  }
  const headers: IHeaders = {};
  for (const [name, value] of Object.entries(record.headers)) {
    if (!name.startsWith('dlq-') && value !== undefined) headers[name] = value;
  }
  return { topic, record: { key: record.key, value: record.value, headers } };
}

/** Dead letters as a table. */
export function formatDeadLetterList(views: DeadLetterView[]): string {
  if (views.length === 0) return 'No dead letters.';
  return formatTable(
    ['DLQ TOPIC', 'AT', 'TENANT', 'ORIGINAL', 'CLASS', 'FAILED AT', 'ERROR'],
    views.map((v) => [
      v.dlqTopic,
      `${v.partition}:${v.offset}`,
      v.tenant ?? '-',
      v.originalTopic ? `${v.originalTopic} ${v.originalPartition}:${v.originalOffset}` : '-',
      v.errorClass ?? '-',
      v.failedAt ?? '-',
      truncate(v.error ?? '-', 100),
    ]),
  );
}

/** One dead letter in full, with its decoded value when it could be decoded. */
export function formatDeadLetter(view: DeadLetterView & { value?: unknown }): string {
  const rows: [string, unknown][] = [
    ['dead letter', `${view.dlqTopic} ${view.partition}:${view.offset}`],
    ['tenant', view.tenant],
    ['key', view.key],
    ['original', view.originalTopic && `${view.originalTopic} ${view.originalPartition}:${view.originalOffset}`],
    ['error', view.error],
    ['class', view.errorClass && `${view.errorClass} (${view.errorName ?? 'Error'}), ${view.attempts ?? '?'} attempt(s)`],
    ['failed at', view.failedAt],
    ['value', view.value === undefined ? `${view.valueBytes} bytes` : JSON.stringify(view.value, null, 2)],
  ];
  return rows.map(([label, value]) => `${label.padEnd(11)}  ${value ?? '-'}`).join('\n');
}

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
