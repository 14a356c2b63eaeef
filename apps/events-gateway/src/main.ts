import { startTelemetry } from '@rp/observability';
// Telemetry first, so auto-instrumentation patches kafkajs, pg and http before they load.
const telemetry = startTelemetry({ serviceName: process.env.SERVICE_NAME ?? 'events-gateway', otlpEndpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT });

import { startGateway } from './bootstrap';

startGateway({ telemetry }).then(
  (gateway) => {
    const stop = () => void gateway.close().finally(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  },
  () => {
    process.exitCode = 1;
    void telemetry.shutdown();
  },
);
