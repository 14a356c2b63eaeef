import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { extractTraceContext, withBatchSpan } from '@rp/observability';

const RUN_1 = '4bf92f3577b34da6a3ce929d0e0e4736';
const RUN_2 = '0af7651916cd43dd8448eb211c80319c';
const page = (traceId: string, n: number) => extractTraceContext({ traceparent: `00-${traceId}-${n.toString(16).padStart(16, '0')}-01` }, ROOT_CONTEXT);
const spanIdOf = (ctx: ReturnType<typeof page>) => trace.getSpanContext(ctx)!.spanId;

describe('withBatchSpan: one span per batch (per trace it serves), never one per record', () => {
  const exporter = new InMemorySpanExporter();
  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  });
  afterAll(() => {
    trace.disable();
    context.disable();
  });
  beforeEach(() => exporter.reset());

  it('serves 300 records of three pages of one run with one span: child of the first page, linked to the others', async () => {
    const records = Array.from({ length: 300 }, (_, i) => page(RUN_1, 1 + Math.floor(i / 100)));
    const continued = await withBatchSpan('transformer batch', records, { 'rp.records': 300 }, async (batch) => records.map((r) => batch.continuing(r)));
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(1);
    const [span] = spans;
    expect(span.spanContext().traceId).toBe(RUN_1);
    expect(span.parentSpanContext?.spanId).toBe(spanIdOf(page(RUN_1, 1)));
    expect(span.links.map((l) => l.context.spanId)).toEqual([spanIdOf(page(RUN_1, 2)), spanIdOf(page(RUN_1, 3))]);
    expect(new Set(continued.map((c) => trace.getSpanContext(c)!.spanId))).toEqual(new Set([span.spanContext().spanId]));
  });

  it('gives each further run in the batch one span in its own trace, linked to the main one, and its outputs continue it', async () => {
    const records = [page(RUN_1, 1), page(RUN_2, 7), page(RUN_1, 2), page(RUN_2, 8)];
    const continued = await withBatchSpan('loader sis-import', records, {}, async (batch) => records.map((r) => trace.getSpanContext(batch.continuing(r))!));
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.spanContext().traceId).sort()).toEqual([RUN_1, RUN_2].sort());
    const main = spans.find((s) => s.spanContext().traceId === RUN_1)!;
    const second = spans.find((s) => s.spanContext().traceId === RUN_2)!;
    expect(second.parentSpanContext?.spanId).toBe(spanIdOf(page(RUN_2, 7)));
    expect(second.links.map((l) => l.context.spanId)).toEqual([main.spanContext().spanId, spanIdOf(page(RUN_2, 8))]);
    expect(continued.map((c) => c.spanId)).toEqual([main, second, main, second].map((s) => s.spanContext().spanId));
  });

  it('starts a new trace when no input carries one, and marks every span of a failed batch failed', async () => {
    await expect(withBatchSpan('transformer batch', [undefined, page(RUN_2, 1), undefined], {}, async () => {
      throw new Error('tenant acme: database unavailable');
    })).rejects.toThrow('database unavailable');
    await withBatchSpan('transformer batch', [undefined], {}, async (batch) => {
      expect(trace.getSpanContext(batch.continuing(undefined))).toEqual(trace.getActiveSpan()!.spanContext());
    });
    const [failed, fresh] = exporter.getFinishedSpans();
    expect(failed.status).toMatchObject({ code: 2, message: 'tenant acme: database unavailable' });
    expect(fresh.parentSpanContext).toBeUndefined();
    expect([RUN_1, RUN_2]).not.toContain(fresh.spanContext().traceId);
  });
});
