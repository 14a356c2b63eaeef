import { ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { standardHeaders } from './record-headers';

const at = new Date('2026-01-02T03:04:05.000Z');
const contextOf = (traceId: string, spanId: string) =>
  trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId, traceFlags: TraceFlags.SAMPLED });

describe('standardHeaders', () => {
  it("carries the record's own trace context, so records of one batch keep their separate traces", () => {
    const a = standardHeaders({ tenant: 't1', at, traceContext: contextOf('a'.repeat(32), '1'.repeat(16)) });
    const b = standardHeaders({ tenant: 't1', at, traceContext: contextOf('b'.repeat(32), '2'.repeat(16)) });
    expect(a.traceparent).toBe(`00-${'a'.repeat(32)}-${'1'.repeat(16)}-01`);
    expect(b.traceparent).toBe(`00-${'b'.repeat(32)}-${'2'.repeat(16)}-01`);
  });

  it('has no traceparent without any span, and always the tenant, op, sync run and production time', () => {
    const headers = standardHeaders({ tenant: 't1', syncRun: 'run-1', op: 'upsert', at });
    expect(headers).toEqual({ tenant: 't1', 'sync-run': 'run-1', op: 'upsert', 'produced-at': '2026-01-02T03:04:05.000Z' });
  });
});
