import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { attachedTraceContext, attachTraceContext, extractTraceContext, linksTo, TraceContextMemo, withSpan } from '@rp/observability';

const parentOf = (traceparent: string) => extractTraceContext({ traceparent }, ROOT_CONTEXT);
const A = parentOf('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
const B = parentOf('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b8-01');

describe('tracing helpers', () => {
  const exporter = new InMemorySpanExporter();
  const manager = new AsyncLocalStorageContextManager().enable();

  beforeAll(() => {
    context.setGlobalContextManager(manager);
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  });
  afterAll(() => {
    trace.disable();
    context.disable();
  });
  beforeEach(() => exporter.reset());

  it('withSpan parents on the record, links the others, is active inside and records failures', async () => {
    let inner: string | undefined;
    await expect(withSpan('batch', { parent: A, links: [A, B, undefined, B], attributes: { 'rp.tenant': 'acme' } }, async () => {
      inner = trace.getActiveSpan()?.spanContext().spanId;
      throw new Error('tenant acme: broken');
    })).rejects.toThrow('broken');
    const [span] = exporter.getFinishedSpans();
    expect(span.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(span.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(span.links.map((l) => l.context.spanId)).toEqual(['00f067aa0ba902b8']); // the parent is not linked again
    expect(inner).toBe(span.spanContext().spanId);
    expect(span.status).toMatchObject({ code: 2, message: 'tenant acme: broken' });
  });

  it('caps links at 128', () => {
    const many = Array.from({ length: 200 }, (_, i) => parentOf(`00-4bf92f3577b34da6a3ce929d0e0e4736-${(i + 1).toString(16).padStart(16, '0')}-01`));
    expect(linksTo(many)).toHaveLength(128);
  });

  it('TraceContextMemo keeps the latest context per key, forgets the oldest beyond capacity and on request', () => {
    const memo = new TraceContextMemo(2);
    memo.remember('a', A);
    memo.remember('a', B);
    memo.remember('b', A);
    memo.remember('c', A);
    expect(memo.get('a')).toBeUndefined();
    memo.forget(['b']);
    expect([memo.get('b'), memo.get('c')]).toEqual([undefined, A]);
    memo.remember('d', ROOT_CONTEXT); // nothing to remember without a span
    expect(memo.get('d')).toBeUndefined();
  });

  it('attaches a context to a decoded value', () => {
    const value = attachTraceContext({ sourcedId: 'r1' }, B);
    expect(attachedTraceContext(value)).toBe(B);
    expect(attachedTraceContext({ sourcedId: 'r1' })).toBeUndefined();
  });
});
