import { trace } from '@opentelemetry/api';
import { createLogger, NestJsonLogger, startTelemetry } from '@rp/observability';

function collect() {
  const lines: string[] = [];
  return { lines, records: () => lines.map((l) => JSON.parse(l)), sink: (l: string) => lines.push(l) };
}

const clock = () => new Date('2025-03-01T10:00:00.000Z');

describe('createLogger', () => {
  it('writes one JSON line per record with service, tenant and extra fields', () => {
    const out = collect();
    const logger = createLogger({ service: 'loader', sink: out.sink, clock }).child({ tenant: 'acme' });
    logger.info('batch posted', { batchId: 'b1', rows: 42 });
    expect(out.lines).toHaveLength(1);
    expect(out.lines[0]).not.toContain('\n');
    expect(out.records()[0]).toEqual({
      time: '2025-03-01T10:00:00.000Z', level: 'info', service: 'loader', msg: 'batch posted', tenant: 'acme', batchId: 'b1', rows: 42,
    });
  });

  it('drops records below the level', () => {
    const out = collect();
    const logger = createLogger({ service: 's', level: 'warn', sink: out.sink });
    logger.info('quiet');
    logger.debug('quieter');
    logger.error('loud');
    expect(out.records().map((r) => r.msg)).toEqual(['loud']);
  });

  it('never writes secrets', () => {
    const out = collect();
    const logger = createLogger({ service: 's', sink: out.sink });
    logger.warn('token refresh failed', {
      client_secret: 'cs-999', token: 'tok-1', request: { headers: { authorization: 'Bearer abc' } },
      err: new Error('POST https://ic:pw-123@ic.example/oauth failed'),
    });
    const line = out.lines[0];
    for (const secret of ['cs-999', 'tok-1', 'Bearer abc', 'pw-123']) expect(line).not.toContain(secret);
    expect(out.records()[0].err.message).toBe('POST https://ic:[REDACTED]@ic.example/oauth failed');
  });

  it('adds trace and span ids of the active span', async () => {
    const telemetry = startTelemetry({ serviceName: 's', instrumentations: [] });
    try {
      const out = collect();
      const logger = createLogger({ service: 's', sink: out.sink });
      const ids = trace.getTracer('test').startActiveSpan('load batch', (span) => {
        logger.info('in span');
        span.end();
        return span.spanContext();
      });
      logger.info('outside');
      expect(ids.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(out.records()[0]).toMatchObject({ traceId: ids.traceId, spanId: ids.spanId });
      expect(out.records()[1].traceId).toBeUndefined();
    } finally {
      await telemetry.shutdown();
    }
  });
});

describe('NestJsonLogger', () => {
  it('maps Nest calls with context and stack to JSON records', () => {
    const out = collect();
    const nest = new NestJsonLogger(createLogger({ service: 'ops', sink: out.sink, clock }));
    nest.log('Nest application successfully started', 'NestApplication');
    nest.error('boom', 'Error: boom\n    at x', 'ExceptionHandler');
    expect(out.records()).toEqual([
      expect.objectContaining({ level: 'info', msg: 'Nest application successfully started', context: 'NestApplication' }),
      expect.objectContaining({ level: 'error', msg: 'boom', context: 'ExceptionHandler', stack: 'Error: boom\n    at x' }),
    ]);
  });
});
