import 'reflect-metadata';
import { metrics } from '@opentelemetry/api';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { HealthModule, HealthServer, HealthService, startTelemetry } from '@rp/observability';

async function get(port: number, path: string) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, text: await res.text() };
}

describe('HealthServer', () => {
  const server = new HealthServer({ port: 0, checkTimeoutMs: 200 });
  let port: number;
  beforeAll(async () => (port = await server.start()));
  afterAll(() => server.stop());

  it('answers liveness and reports readiness per check', async () => {
    let kafkaUp = true;
    server.addCheck('kafka', () => {
      if (!kafkaUp) throw new Error('broker 127.0.0.1:19092 unreachable');
    });
    expect(await get(port, '/healthz')).toEqual({ status: 200, text: '{"status":"ok"}' });
    expect((await get(port, '/readyz')).status).toBe(200);
    kafkaUp = false;
    const notReady = await get(port, '/readyz');
    expect(notReady.status).toBe(503);
    expect(JSON.parse(notReady.text).checks.kafka).toEqual({ ok: false, error: 'broker 127.0.0.1:19092 unreachable' });
  });

  it('stays ready while showing a check\'s detail (one tenant waiting for its IC does not make the pod unready)', async () => {
    server.addCheck('kafka', () => undefined);
    server.addCheck('consumer:gradebook-writer', () => 'tenant acme waiting for ic since 2026-12-07T10:00:00.000Z');
    const report = await get(port, '/readyz');
    expect(report.status).toBe(200);
    expect(JSON.parse(report.text).checks['consumer:gradebook-writer']).toEqual({ ok: true, detail: 'tenant acme waiting for ic since 2026-12-07T10:00:00.000Z' });
    server.addCheck('consumer:gradebook-writer', () => '');
    expect(JSON.parse((await get(port, '/readyz')).text).checks['consumer:gradebook-writer']).toEqual({ ok: true });
  });

  it('fails a check that hangs, and readiness while shutting down', async () => {
    server.addCheck('kafka', () => undefined);
    server.addCheck('db', () => new Promise(() => undefined));
    const hung = JSON.parse((await get(port, '/readyz')).text);
    expect(hung.checks.db).toEqual({ ok: false, error: 'no answer within 200 ms' });
    server.addCheck('db', () => undefined);
    server.markShuttingDown();
    expect((await get(port, '/readyz')).status).toBe(503);
    expect((await get(port, '/nope')).status).toBe(404);
  });
});

describe('startTelemetry + HealthModule', () => {
  it('exposes application metrics as Prometheus text on /metrics of the Nest health module', async () => {
    const telemetry = startTelemetry({ serviceName: 'unit-test', instrumentations: [] });
    @Module({ imports: [HealthModule.forRoot({ port: 0, metrics: telemetry.metricsHandler })] })
    class AppModule {}
    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    try {
      await app.init();
      const health = app.get(HealthService);
      metrics.getMeter('test').createCounter('records_consumed', { description: 'records' }).add(3, { tenant: 'acme' });
      const scraped = await get(health.port, '/metrics');
      expect(scraped.status).toBe(200);
      expect(scraped.text).toMatch(/records_consumed(_total)?\{[^}]*tenant="acme"[^}]*\} 3/);
      expect((await get(health.port, '/healthz')).status).toBe(200);
    } finally {
      await app.close();
      await telemetry.shutdown();
    }
  });
});
