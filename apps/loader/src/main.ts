import { startTelemetry } from '@rp/observability';
// Telemetry first, so auto-instrumentation patches kafkajs, pg and http before they load.
const telemetry = startTelemetry({ serviceName: process.env.SERVICE_NAME ?? 'loader', otlpEndpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT });

import { startLoader } from './bootstrap';

startLoader({ telemetry }).catch(() => {
  process.exitCode = 1;
});
