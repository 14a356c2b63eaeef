import type { Context } from '@opentelemetry/api';
import type { IHeaders } from 'kafkajs';
import { traceparentOf } from '@rp/observability';

/** Standard headers of every record (DESIGN.md §3). */
export const Header = {
  traceparent: 'traceparent',
  tenant: 'tenant',
  syncRun: 'sync-run',
  op: 'op',
  producedAt: 'produced-at',
} as const;

/** First value of a header as text. */
export function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const raw = headers?.[name];
  const first = Array.isArray(raw) ? raw[0] : raw;
  return first === undefined ? undefined : first.toString();
}

/**
 * Headers a published record carries: trace context (the record's own `traceContext`, else the caller's active one),
 * tenant, sync run, op and production time.
 */
export function standardHeaders(meta: { tenant: string; syncRun?: string; op?: string; at: Date; traceContext?: Context }): Record<string, string> {
  const headers: Record<string, string> = { [Header.tenant]: meta.tenant, [Header.producedAt]: meta.at.toISOString() };
  const traceparent = traceparentOf(meta.traceContext);
  if (traceparent) headers[Header.traceparent] = traceparent;
  if (meta.syncRun) headers[Header.syncRun] = meta.syncRun;
  if (meta.op) headers[Header.op] = meta.op;
  return headers;
}
