import { context as otelContext, Context, trace, TraceFlags } from '@opentelemetry/api';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** Kafka message headers as kafkajs exposes them. */
export type MessageHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

/** The W3C `traceparent` of the span in `ctx` (active context by default), or undefined without a span. */
export function traceparentOf(ctx: Context = otelContext.active()): string | undefined {
  const span = trace.getSpanContext(ctx);
  if (!span || !trace.isSpanContextValid(span)) return undefined;
  const flags = (span.traceFlags & 0xff).toString(16).padStart(2, '0');
  return `00-${span.traceId}-${span.spanId}-${flags}`;
}

/** Adds `traceparent` for the current span to Kafka headers (unchanged when there is no span). */
export function injectTraceHeaders(headers: MessageHeaders, ctx: Context = otelContext.active()): MessageHeaders {
  const traceparent = traceparentOf(ctx);
  return traceparent ? { ...headers, traceparent } : headers;
}

/** The context of a consumed record: its `traceparent` becomes the remote parent of the spans a handler starts. */
export function extractTraceContext(headers: MessageHeaders | undefined, base: Context = otelContext.active()): Context {
  const raw = headers?.traceparent;
  const value = (Array.isArray(raw) ? raw[0] : raw)?.toString().trim().toLowerCase();
  const match = value ? TRACEPARENT.exec(value) : null;
  if (!match) return base;
  const [, traceId, spanId, flags] = match;
  const spanContext = { traceId, spanId, traceFlags: parseInt(flags, 16) & TraceFlags.SAMPLED, isRemote: true };
  if (!trace.isSpanContextValid(spanContext)) return base;
  return trace.setSpanContext(base, spanContext);
}
