import { startTelemetry } from '@rp/observability';

/**
 * How incoming request paths appear in server spans: a tenant's unsigned delivery URL carries its secret, which must
 * never reach the trace store. main.ts installs `redactDeliveryPath` (nothing of @rp/canvas may load before the
 * instrumentations); until then every path is hidden.
 */
export const spanPaths = { redact: (_path: string): string => '[redacted]' };

/**
 * Started here, in the module main.ts imports first: imports are hoisted above main.ts's own statements, so this is
 * the only place early enough for the http/pg instrumentations to patch before those modules load.
 */
export const telemetry = startTelemetry({
  serviceName: process.env.SERVICE_NAME ?? 'events-gateway', otlpEndpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT,
  redactPath: (path) => spanPaths.redact(path),
});
