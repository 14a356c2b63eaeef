import { startTelemetry } from '@rp/observability';
// Telemetry first, so auto-instrumentation patches kafkajs and pg before they load.
const telemetry = startTelemetry({ serviceName: process.env.SERVICE_NAME ?? 'transformer', otlpEndpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT });

import { runNestService } from '@rp/runtime';
import { TransformerModule } from './transformer.module';

runNestService({ serviceName: 'transformer', defaultHttpPort: 9464, telemetry }, () => TransformerModule.forRuntime()).catch((error: Error) => {
  console.error(`transformer failed to start: ${error.message}`);
  process.exitCode = 1;
});
