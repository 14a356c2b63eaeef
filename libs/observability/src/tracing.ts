import { Attributes, context as otelContext, Context, Link, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

/** Span links a batch span keeps at most (the SDK's default limit); the rest of the batch is not linked. */
export const MAX_SPAN_LINKS = 128;

export interface SpanOptions {
  /** Parent context (e.g. a consumed record's `traceContext`); default: the active context. */
  parent?: Context;
  /** Contexts of further inputs (the other records of a batch): linked, not parents. */
  links?: readonly (Context | undefined)[];
  attributes?: Attributes;
  kind?: SpanKind;
}

/** The platform's tracer; spans are exported by the SDK `startTelemetry` installs (a no-op without it). */
export function platformTracer() {
  return trace.getTracer('@rp/platform');
}

/** Starts a span (not made active); end it yourself. Use `withSpan` unless the span outlives a callback. */
export function startSpan(name: string, options: SpanOptions = {}): Span {
  const parent = options.parent ?? otelContext.active();
  return platformTracer().startSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes, links: linksTo(options.links ?? [], parent) },
    parent,
  );
}

/** Runs `work` in a new active span (child of `options.parent`), records a thrown error on it and always ends it. */
export async function withSpan<T>(name: string, options: SpanOptions, work: (span: Span, ctx: Context) => Promise<T>): Promise<T> {
  const span = startSpan(name, options);
  const ctx = trace.setSpan(options.parent ?? otelContext.active(), span);
  try {
    return await otelContext.with(ctx, () => work(span, ctx));
  } catch (error) {
    recordFailure(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/** Marks the span failed with the error (message and type only: errors here never carry secrets by convention). */
export function recordFailure(span: Span, error: unknown): void {
  const err = error instanceof Error ? error : new Error(String(error));
  span.recordException(err);
  span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
}

/** The context with `span` as its current span, for `OutgoingRecord.traceContext` or as a parent. */
export function contextWithSpan(span: Span, base: Context = otelContext.active()): Context {
  return trace.setSpan(base, span);
}

/** Links to the distinct valid span contexts among `contexts`, the parent's own span left out, at most MAX_SPAN_LINKS. */
export function linksTo(contexts: readonly (Context | undefined)[], parent?: Context): Link[] {
  const seen = new Set<string>();
  const parentSpan = parent ? trace.getSpanContext(parent) : undefined;
  if (parentSpan) seen.add(`${parentSpan.traceId}-${parentSpan.spanId}`);
  const links: Link[] = [];
  for (const ctx of contexts) {
    const spanContext = ctx && trace.getSpanContext(ctx);
    if (!spanContext || !trace.isSpanContextValid(spanContext)) continue;
    const id = `${spanContext.traceId}-${spanContext.spanId}`;
    if (seen.has(id)) continue;
    seen.add(id);
    links.push({ context: spanContext });
    if (links.length >= MAX_SPAN_LINKS) break;
  }
  return links;
}

/**
 * Remembers the trace context of the latest record per key, for stages that park records in a table and act on
 * them later (the loader's pending rows): the later span can still be parented on the record. Bounded: the
 * oldest keys are forgotten first, and after a restart nothing is known (those spans start a new trace).
 */
export class TraceContextMemo {
  private readonly contexts = new Map<string, Context>();

  constructor(private readonly capacity = 100_000) {}

  remember(key: string, ctx: Context): void {
    const spanContext = trace.getSpanContext(ctx);
    if (!spanContext || !trace.isSpanContextValid(spanContext)) return;
    this.contexts.delete(key); // re-insert: latest record is the newest entry
    this.contexts.set(key, ctx);
    if (this.contexts.size > this.capacity) this.contexts.delete(this.contexts.keys().next().value as string);
  }

  /** The remembered context of `key`, if any. */
  get(key: string): Context | undefined {
    return this.contexts.get(key);
  }

  /** Forgets keys once their records are done with (e.g. applied to Canvas). */
  forget(keys: Iterable<string>): void {
    for (const key of keys) this.contexts.delete(key);
  }
}

const attachedContexts = new WeakMap<object, Context>();

/** Associates a decoded value with its record's trace context, for code that is handed values rather than records. */
export function attachTraceContext<T extends object>(value: T, ctx: Context | undefined): T {
  if (ctx) attachedContexts.set(value, ctx);
  return value;
}

/** The trace context attached to `value` with `attachTraceContext`, if any. */
export function attachedTraceContext(value: object): Context | undefined {
  return attachedContexts.get(value);
}
