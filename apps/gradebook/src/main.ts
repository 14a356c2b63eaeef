// First import: starts telemetry before anything below loads http, pg or kafkajs (see ./telemetry).
import { defaultServiceName, telemetry } from './telemetry';

import 'reflect-metadata';
import { runNestService } from '@rp/runtime';
import { gradebookEnv } from './gradebook.config';
import { GradebookModule } from './gradebook.module';

void runNestService(
  { serviceName: defaultServiceName, defaultHttpPort: 8085, extraEnv: gradebookEnv, telemetry },
  (runtime) => GradebookModule.forRuntime(runtime),
).catch(() => {
  process.exitCode = 1;
});
