// First import: starts telemetry before anything below loads http, pg or kafkajs (see ./telemetry).
import { telemetry } from './telemetry';

import { runNestService } from '@rp/runtime';
import { TransformerModule } from './transformer.module';

runNestService({ serviceName: 'transformer', defaultHttpPort: 9464, telemetry }, () => TransformerModule.forRuntime()).catch((error: Error) => {
  console.error(`transformer failed to start: ${error.message}`);
  process.exitCode = 1;
});
