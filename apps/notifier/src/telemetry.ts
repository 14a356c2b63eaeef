import { startTelemetry } from '@rp/observability';

/**
 * Started here, in the module main.ts imports first: imports are hoisted above main.ts's own statements, so this is
 * the only place early enough for the http/pg instrumentations to patch before those modules load.
 */
export const telemetry = startTelemetry({ serviceName: process.env.SERVICE_NAME ?? 'notifier', otlpEndpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT });
