import { startTelemetry } from '@rp/observability';

/**
 * The writer role reports as its own service so a passback trace shows processor → writer hops (and its metrics
 * carry stage="gradebook-writer").
 */
export const defaultServiceName = process.env.GRADEBOOK_ROLE === 'writer' ? 'gradebook-writer' : 'gradebook';

/**
 * Started here, in the module main.ts imports first: imports are hoisted above main.ts's own statements, so this is
 * the only place early enough for the http/pg instrumentations to patch before those modules load.
 */
export const telemetry = startTelemetry({ serviceName: process.env.SERVICE_NAME ?? defaultServiceName, otlpEndpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT });
