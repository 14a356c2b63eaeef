import { startTelemetry } from '@rp/observability';

// Telemetry first, so auto-instrumentation patches kafkajs, pg and http before they load.
const telemetry = startTelemetry({ serviceName: process.env.SERVICE_NAME ?? 'extractor', otlpEndpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT });

import 'reflect-metadata';
import { runNestService } from '@rp/runtime';
import { extractorEnv } from './extractor.config';
import { ExtractorModule } from './extractor.module';

void runNestService(
  { serviceName: 'extractor', defaultHttpPort: 9464, extraEnv: extractorEnv, telemetry },
  (runtime) => ExtractorModule.forRuntime(runtime),
).catch(() => {
  process.exitCode = 1;
});
