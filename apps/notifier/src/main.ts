// First import: starts telemetry before anything below loads http, pg or kafkajs (see ./telemetry).
import { telemetry } from './telemetry';

import 'reflect-metadata';
import { runNestService } from '@rp/runtime';
import { notifierEnv } from './notifier.config';
import { NotifierModule } from './notifier.module';

runNestService({ serviceName: 'notifier', defaultHttpPort: 9464, extraEnv: notifierEnv, telemetry }, () => NotifierModule.forRuntime()).catch((error: Error) => {
  console.error(`notifier failed to start: ${error.message}`);
  process.exitCode = 1;
});
