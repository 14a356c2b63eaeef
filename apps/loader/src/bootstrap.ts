import type { Telemetry } from '@rp/observability';
import { runNestService } from '@rp/runtime';
import { loaderEnv } from './loader.config';
import { LoaderModule } from './loader.module';

/** Starts the loader service (main.ts; tests start it in-process with their own env). */
export function startLoader(options: { env?: NodeJS.ProcessEnv; telemetry?: Telemetry } = {}) {
  return runNestService({ serviceName: 'loader', defaultHttpPort: 9464, extraEnv: loaderEnv, env: options.env, telemetry: options.telemetry }, () => LoaderModule.forRuntime());
}
