// First import: starts telemetry before anything below loads http, pg or kafkajs (see ./telemetry).
import { telemetry } from './telemetry';

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
