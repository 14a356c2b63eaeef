import { startTelemetry } from '@rp/observability';

/**
 * Started here, in the module main.ts imports first: imports are hoisted above main.ts's own statements, so this is
 * the only place early enough for the http/pg instrumentations to patch before those modules load.
 */
export const telemetry = startTelemetry({
  serviceName: process.env.SERVICE_NAME ?? 'events-gateway', otlpEndpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT,
  // A tenant's unsigned delivery URL carries its secret: never in a span. Required when first called, so that nothing
  // here loads before the instrumentations are in place.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  redactPath: (path) => (require('@rp/canvas') as typeof import('@rp/canvas')).redactDeliveryPath(path),
});
