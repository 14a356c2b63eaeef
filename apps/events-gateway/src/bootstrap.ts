import { GroupCommit, loadServiceConfig } from '@rp/config';
import { type CanvasLiveEventRecord, type OutgoingRecord, Topics, withinDeadline } from '@rp/messaging';
import { pipelineMetrics, startTelemetry, withSpan, type Telemetry } from '@rp/observability';
import { DEFAULT_LIVE_EVENT_MAX_AGE_SECONDS } from '@rp/canvas';
import { DeliveryLogRepository, eventsGatewayStore, TenantDirectoryReader, tenantDirectoryStore } from '@rp/persistence';
import { startServiceRuntime } from '@rp/runtime';
import { gatewayEnv } from './gateway.config';
import { KafkaReadiness } from './kafka-readiness';
import { GatewayServer } from './gateway.server';
import { IntakeRefusal, LiveEventIntake, verifierCache } from './live-event.intake';
import { type GatewayTenant, TenantDirectory } from './tenant-directory';

const SERVICE = 'events-gateway';

/** The active tenants' Canvas settings, from the directory view (the gateway holds no secret and reads none). */
async function loadTenants(directory: TenantDirectoryReader): Promise<GatewayTenant[]> {
  return (await directory.list())
    .filter((t) => t.status === 'active' && t.canvas.rootAccountId && t.canvas.baseUrl)
    .map((t) => ({
      id: t.id, rootAccountId: String(t.canvas.rootAccountId), rootAccountUuid: t.canvas.rootAccountUuid, baseUrl: t.canvas.baseUrl!, liveEventsJwksUrl: t.canvas.liveEventsJwksUrl,
      liveEventsIssuer: t.canvas.liveEventsIssuer, liveEventsAudience: t.canvas.liveEventsAudience, liveEventsMaxAgeSeconds: t.canvas.liveEventsMaxAgeSeconds,
      liveEventsUrlSecretSha256: t.canvas.liveEventsUrlSecretSha256,
    }));
}

/** Clock tolerance of the token checks: a claim is kept this much longer than the tenant's maximum age. */
const CLOCK_TOLERANCE_SECONDS = 60;

/**
 * Starts the gateway: the runtime (config, logs, Kafka with topics and schemas, admin store) plus one HTTP server on
 * HTTP_HOST:HTTP_PORT serving `POST /live-events`, `/healthz`, `/readyz` and `/metrics`.
 */
export async function startGateway(options: { env?: NodeJS.ProcessEnv; telemetry?: Telemetry } = {}) {
  const env = options.env ?? process.env;
  const config = loadServiceConfig({ serviceName: SERVICE, defaultHttpPort: 8080, extra: gatewayEnv, secrets: false }, env);
  const telemetry = options.telemetry ?? startTelemetry({ serviceName: config.serviceName, otlpEndpoint: config.otlpEndpoint });
  // HTTP_PORT belongs to the gateway server. The runtime's health server serves health and metrics on ADMIN_PORT when
  // set (then the public port serves Live Events only); otherwise it moves to an ephemeral loopback port.
  const adminEnv = config.adminPort === undefined ? { HTTP_PORT: '0', HTTP_HOST: '127.0.0.1' } : { HTTP_PORT: String(config.adminPort) };
  const runtime = await startServiceRuntime({
    serviceName: SERVICE, defaultHttpPort: 8080, extraEnv: gatewayEnv, telemetry, secrets: false,
    env: { ...env, ...adminEnv },
  });
  try {
    const { logger } = runtime;
    if (env.SECRETS_KEY || env.SECRETS_KEYS) logger.warn('SECRETS_KEY(S) is set but not read: the events-gateway holds no secret; remove it from its environment');
    const reader = new TenantDirectoryReader(await runtime.store(tenantDirectoryStore));
    const deliveries = new DeliveryLogRepository(await runtime.store(eventsGatewayStore));
    const directory = new TenantDirectory({
      load: () => loadTenants(reader),
      refreshMs: config.tenantRefreshMs,
      missCooldownMs: config.tenantMissCooldownMs,
      onError: (err) => logger.warn('reloading tenants failed; keeping the last list', { err }),
    });
    // On a fresh database the admin schema may not be migrated yet (the gateway never migrates it): start anyway, not
    // ready, and let each readiness check read the directory again until it can.
    await directory.reload().catch((err: unknown) => logger.warn('the tenant directory cannot be read yet; not ready until it can', { err }));
    runtime.health.addCheck('tenants', async () => {
      if (!directory.loaded) await directory.reload();
    });
    const intake = new LiveEventIntake({ resolveTenant: (m) => directory.resolve(m), verifierFor: verifierCache({ cooldownMs: config.jwksCooldownMs, jwksTimeoutMs: config.jwksTimeoutMs, jwksMaxBytes: config.jwksMaxBytes }) });
    const maxAgeOf = (tenant: string) => directory.tenant(tenant)?.liveEventsMaxAgeSeconds ?? DEFAULT_LIVE_EVENT_MAX_AGE_SECONDS;
    const topic = runtime.topic(Topics.canvasLiveEvents);
    // Deliveries in flight share produce requests (group commit): one request per round trip, not one per event.
    const published = new GroupCommit<OutgoingRecord<CanvasLiveEventRecord>>(async (records) => {
      await runtime.publisher.publish(topic, records);
      return records.map(() => undefined);
    }, 500);
    const kafkaReadiness = new KafkaReadiness(runtime.kafka.admin(), topic);
    runtime.health.addCheck('kafka', () => kafkaReadiness.check());
    runtime.onShutdown(() => kafkaReadiness.close());
    const server = new GatewayServer({
      host: config.httpHost,
      port: config.httpPort,
      maxBodyBytes: config.maxBodyBytes,
      accept: (type, body) => intake.accept(type, body),
      acceptUnsigned: async (secret, type, body) => {
        const tenant = await directory.bySecret(secret);
        if (!tenant) throw new IntakeRefusal(401, 'forged', 'unknown delivery URL');
        return intake.acceptUnsigned(tenant, type, body);
      },
      deliveries: {
        claim: (tenant, identity) => deliveries.claim(tenant, identity, maxAgeOf(tenant) + 2 * CLOCK_TOLERANCE_SECONDS),
        release: (tenant, identity) => deliveries.release(tenant, identity),
      },
      publish: async ({ tenant, key, record }) => {
        // One span per accepted event (child of the HTTP request's span); the record carries it to the gradebook.
        const attributes = { 'rp.tenant': tenant, 'canvas.event_name': record.eventName, ...(record.eventId ? { 'canvas.event_id': record.eventId } : {}) };
        await withSpan('events-gateway live-event', { attributes }, (_span, traceContext) =>
          withinDeadline(config.publishTimeoutMs, `tenant ${tenant}: publishing live event ${record.eventName}`, () =>
            published.add({ key, value: record, tenant, traceContext })));
      },
      ...(config.adminPort === undefined ? { readiness: () => runtime.health.readiness(), metrics: telemetry.metricsHandler } : {}),
      count: (outcome, tenant) => pipelineMetrics.gatewayEvent(tenant, outcome),
      log: (level, message, fields) => logger[level](message, fields),
    });
    const port = await server.start();
    runtime.onShutdown(() => server.stop());
    await runtime.startConsumers(); // none: marks the runtime started, so /readyz turns ready
    logger.info('listening for Live Events', { host: config.httpHost, port, topic, adminPort: config.adminPort });
    return { runtime, server, port, close: () => runtime.close() };
  } catch (error) {
    runtime.logger.error('failed to start', { err: error });
    await runtime.close();
    throw error;
  }
}
