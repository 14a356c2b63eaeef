import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultInstrumentations, startTelemetry } from './telemetry';
import { withSpan } from './tracing';

describe('telemetry instrumentations (only what the platform uses)', () => {
  it('loads http, undici (fetch) and pg only: no kafkajs patch, no fs/dns/net/express/nestjs/… hooks', () => {
    const loaded = (defaultInstrumentations(undefined, {}) ?? []).flat() as { instrumentationName: string; disable(): void }[];
    try {
      expect(loaded.map((i) => i.instrumentationName).sort()).toEqual([
        '@opentelemetry/instrumentation-http', '@opentelemetry/instrumentation-pg', '@opentelemetry/instrumentation-undici',
      ]);
    } finally {
      loaded.forEach((i) => i.disable());
    }
  });

  it('leaves out what OTEL_NODE_DISABLED_INSTRUMENTATIONS names (pg: no span per SQL query, ADR 0160)', () => {
    const loaded = (defaultInstrumentations(undefined, { OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'pg, undici' }) ?? []).flat() as { instrumentationName: string; disable(): void }[];
    try {
      expect(loaded.map((i) => i.instrumentationName)).toEqual(['@opentelemetry/instrumentation-http']);
    } finally {
      loaded.forEach((i) => i.disable());
    }
  });

  it('an outgoing fetch inside a span carries that span as its traceparent (Canvas and IC requests stay in the trace)', async () => {
    const received: IncomingHttpHeaders[] = [];
    const server = createServer((req, res) => {
      received.push(req.headers);
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const telemetry = startTelemetry({ serviceName: 'instrumentation-test', recordSpans: true });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
      const traceId = await withSpan('outer', {}, async (span) => {
        await (await fetch(url)).text();
        return span.spanContext().traceId;
      });
      expect(received).toHaveLength(1);
      expect(received[0].traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    } finally {
      await telemetry.shutdown();
      server.close();
    }
  });

  it('without an OTLP endpoint spans are not recorded, yet a fetch still carries their trace id (sampled flag off)', async () => {
    const received: IncomingHttpHeaders[] = [];
    const server = createServer((req, res) => {
      received.push(req.headers);
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const telemetry = startTelemetry({ serviceName: 'instrumentation-test' });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
      const { traceId, recording } = await withSpan('outer', {}, async (span) => {
        await (await fetch(url)).text();
        return { traceId: span.spanContext().traceId, recording: span.isRecording() };
      });
      expect(recording).toBe(false);
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(received[0].traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-00$`));
    } finally {
      await telemetry.shutdown();
      server.close();
    }
  });
});
