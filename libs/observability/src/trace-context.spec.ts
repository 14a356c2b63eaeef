import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { extractTraceContext, injectTraceHeaders, traceparentOf } from '@rp/observability';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('W3C trace context in Kafka headers', () => {
  it('extracts a traceparent (string or Buffer) as the remote parent', () => {
    for (const header of [TRACEPARENT, Buffer.from(TRACEPARENT)]) {
      const span = trace.getSpanContext(extractTraceContext({ traceparent: header }, ROOT_CONTEXT));
      expect(span).toEqual({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1, isRemote: true });
    }
  });

  it('round-trips through inject', () => {
    const ctx = extractTraceContext({ traceparent: TRACEPARENT }, ROOT_CONTEXT);
    expect(injectTraceHeaders({ tenant: 'acme' }, ctx)).toEqual({ tenant: 'acme', traceparent: TRACEPARENT });
    expect(traceparentOf(ctx)).toBe(TRACEPARENT);
  });

  it('ignores missing, malformed and all-zero traceparents', () => {
    for (const traceparent of [undefined, 'garbage', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`]) {
      expect(trace.getSpanContext(extractTraceContext({ traceparent }, ROOT_CONTEXT))).toBeUndefined();
    }
    expect(injectTraceHeaders({ tenant: 'acme' }, ROOT_CONTEXT)).toEqual({ tenant: 'acme' });
  });
});
