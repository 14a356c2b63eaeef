// First import: starts telemetry before anything below loads http, pg or kafkajs (see ./telemetry).
import { telemetry } from './telemetry';

import { runNestService } from '@rp/runtime';
import { transformerEnv } from './transformer.config';
import { TransformerModule } from './transformer.module';

runNestService({ serviceName: 'transformer', defaultHttpPort: 9464, extraEnv: transformerEnv, telemetry }, () => TransformerModule.forRuntime()).catch(() => {
  process.exitCode = 1; // the reason is logged as JSON by the runtime
});
