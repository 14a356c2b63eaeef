import { loadServiceConfig } from '@rp/config';
import { Topics } from '@rp/messaging';
import { pipelineMetrics, startTelemetry, withSpan, type Telemetry } from '@rp/observability';
import { adminStore, TenantRepository } from '@rp/persistence';
import { startServiceRuntime } from '@rp/runtime';
import { gatewayEnv } from './gateway.config';
import { GatewayServer } from './gateway.server';
import { LiveEventIntake, verifierCache } from './live-event.intake';
import { type GatewayTenant, TenantDirectory } from './tenant-directory';

const SERVICE = 'events-gateway';

/** The active tenants' Canvas settings (the gateway needs no secrets, so `list()` rather than `activeConnections()`). */
async function loadTenants(repo: TenantRepository): Promise<GatewayTenant[]> {
  return (await repo.list())
    .filter((t) => t.status === 'active' && t.canvas.rootAccountId && t.canvas.baseUrl)
    .map((t) => ({ id: t.id, rootAccountId: String(t.canvas.rootAccountId), baseUrl: t.canvas.baseUrl!, liveEventsJwksUrl: t.canvas.liveEventsJwksUrl }));
}

/**
 * Starts the gateway: the runtime (config, logs, Kafka with topics and schemas, admin store) plus one HTTP server on
 * HTTP_HOST:HTTP_PORT serving `POST /live-events`, `/healthz`, `/readyz` and `/metrics`.
 */
export async function startGateway(options: { env?: NodeJS.ProcessEnv; telemetry?: Telemetry } = {}) {
  const env = options.env ?? process.env;
  const config = loadServiceConfig({ serviceName: SERVICE, defaultHttpPort: 8080, extra: gatewayEnv }, env);
  const telemetry = options.telemetry ?? startTelemetry({ serviceName: config.serviceName, otlpEndpoint: config.otlpEndpoint });
  // The runtime's own health server moves to an ephemeral loopback port: HTTP_PORT belongs to the gateway server.
  const runtime = await startServiceRuntime({
    serviceName: SERVICE, defaultHttpPort: 8080, extraEnv: gatewayEnv, telemetry,
    env: { ...env, HTTP_PORT: '0', HTTP_HOST: '127.0.0.1' },
  });
  try {
    const { logger } = runtime;
    const repo = new TenantRepository(await runtime.store(adminStore), config.secretsKey);
    const directory = new TenantDirectory({
      load: () => loadTenants(repo),
      refreshMs: config.tenantRefreshMs,
      missCooldownMs: config.tenantMissCooldownMs,
      onError: (err) => logger.warn('reloading tenants failed; keeping the last list', { err }),
    });
    await directory.reload();
    runtime.health.addCheck('tenants', () => {
      if (!directory.loaded) throw new Error('tenant directory not loaded');
    });
    const intake = new LiveEventIntake({ resolveTenant: (m) => directory.resolve(m), verifierFor: verifierCache({ cooldownMs: config.jwksCooldownMs }) });
    const topic = runtime.topic(Topics.canvasLiveEvents);
    const server = new GatewayServer({
      host: config.httpHost,
      port: config.httpPort,
      maxBodyBytes: config.maxBodyBytes,
      accept: (type, body) => intake.accept(type, body),
      publish: async ({ tenant, key, record }) => {
        // One span per accepted event (child of the HTTP request's span); the record carries it to the gradebook.
        const attributes = { 'rp.tenant': tenant, 'canvas.event_name': record.eventName, ...(record.eventId ? { 'canvas.event_id': record.eventId } : {}) };
        await withSpan('events-gateway live-event', { attributes }, (_span, traceContext) =>
          runtime.publisher.publish(topic, [{ key, value: record, tenant, traceContext }]));
      },
      readiness: () => runtime.health.readiness(),
      metrics: telemetry.metricsHandler,
      count: (outcome, tenant) => pipelineMetrics.gatewayEvent(tenant, outcome),
      log: (level, message, fields) => logger[level](message, fields),
    });
    const port = await server.start();
    runtime.onShutdown(() => server.stop());
    await runtime.startConsumers(); // none: marks the runtime started, so /readyz turns ready
    logger.info('listening for Live Events', { host: config.httpHost, port, topic });
    return { runtime, server, port, close: () => runtime.close() };
  } catch (error) {
    runtime.logger.error('failed to start', { err: error });
    await runtime.close();
    throw error;
  }
}
