import { Attributes, AttributeValue, context as otelContext, Context, trace } from '@opentelemetry/api';
import { recordFailure, startSpan } from './tracing';

/** What a batch span's work gets: the batch span's context, and the context an output of a given input continues. */
export interface BatchTrace {
  /** The context of the batch span (the first trace's). */
  context: Context;
  /** The batch's span in the trace of `input` (a consumed record's context); the batch span's own without one. */
  continuing(input: Context | undefined): Context;
  /** Sets an attribute on every span of the batch (e.g. the Canvas import id once known). */
  setAttribute(key: string, value: AttributeValue): void;
}

/**
 * Runs `work` in ONE span for a batch that serves many records, instead of one span per record: the span is a
 * child of the first input's context and links the other inputs (their pages or batches, deduplicated, at most
 * MAX_SPAN_LINKS). When the inputs belong to several traces (two sync runs in one batch), each further trace gets
 * one span of the same name too, linked to the main one, so every run's trace shows the batch that carried it.
 * Outputs continue their input's trace through `continuing(input)`.
 */
export async function withBatchSpan<T>(
  name: string,
  inputs: readonly (Context | undefined)[],
  attributes: Attributes,
  work: (batch: BatchTrace) => Promise<T>,
): Promise<T> {
  const byTrace = new Map<string, Context[]>();
  for (const input of inputs) {
    const spanContext = input && trace.getSpanContext(input);
    if (!spanContext || !trace.isSpanContextValid(spanContext)) continue;
    const list = byTrace.get(spanContext.traceId) ?? [];
    list.push(input);
    byTrace.set(spanContext.traceId, list);
  }
  const [mainInputs, ...otherTraces] = [...byTrace.values()];
  const main = startSpan(name, { parent: mainInputs?.[0], links: mainInputs ?? [], attributes });
  const mainContext = trace.setSpan(mainInputs?.[0] ?? otelContext.active(), main);
  const spanOfTrace = new Map<string, Context>();
  if (mainInputs) spanOfTrace.set(main.spanContext().traceId, mainContext);
  const others = otherTraces.map((contexts) => {
    const span = startSpan(name, { parent: contexts[0], links: [mainContext, ...contexts], attributes });
    spanOfTrace.set(span.spanContext().traceId, trace.setSpan(contexts[0], span));
    return span;
  });
  const continuing = (input: Context | undefined): Context => {
    const traceId = input && trace.getSpanContext(input)?.traceId;
    return (traceId && spanOfTrace.get(traceId)) || mainContext;
  };
  try {
    const setAttribute = (key: string, value: AttributeValue) => [main, ...others].forEach((span) => span.setAttribute(key, value));
    return await otelContext.with(mainContext, () => work({ context: mainContext, continuing, setAttribute }));
  } catch (error) {
    for (const span of [main, ...others]) recordFailure(span, error);
    throw error;
  } finally {
    for (const span of [main, ...others]) span.end();
  }
}
