import { startTelemetry } from '@rp/observability';

// Telemetry first, so auto-instrumentation patches kafkajs, pg and http before they load.
const telemetry = startTelemetry({ serviceName: process.env.SERVICE_NAME ?? 'gradebook', otlpEndpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT });

import 'reflect-metadata';
import { runNestService } from '@rp/runtime';
import { gradebookEnv } from './gradebook.config';
import { GradebookModule } from './gradebook.module';

void runNestService(
  { serviceName: 'gradebook', defaultHttpPort: 8085, extraEnv: gradebookEnv, telemetry },
  (runtime) => GradebookModule.forRuntime(runtime),
).catch(() => {
  process.exitCode = 1;
});
