import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { CommonConfig, ConfigOf, EnvSchema } from '@rp/config';
import { NestJsonLogger } from '@rp/observability';
import { ServiceRuntime, ServiceRuntimeOptions, startServiceRuntime } from './service-runtime';

/** Injection token of the app's ServiceRuntime. */
export const SERVICE_RUNTIME = Symbol('SERVICE_RUNTIME');
/** Parameter decorator: `constructor(@InjectRuntime() runtime: ServiceRuntime<MyConfig>)`. */
export const InjectRuntime = (): ParameterDecorator => Inject(SERVICE_RUNTIME);

@Injectable()
class RuntimeLifecycle implements OnApplicationShutdown {
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime) {}

  /** Nest calls this on SIGTERM/SIGINT (enableShutdownHooks): consumers stop and commit, then everything closes. */
  async onApplicationShutdown(): Promise<void> {
    await this.runtime.close();
  }
}

@Global()
@Module({})
class RuntimeModule {
  static forRuntime(runtime: ServiceRuntime): DynamicModule {
    return {
      module: RuntimeModule,
      providers: [{ provide: SERVICE_RUNTIME, useValue: runtime }, RuntimeLifecycle],
      exports: [SERVICE_RUNTIME],
    };
  }
}

/**
 * Starts a service: runtime (config, logs, health, Kafka, topics), then the app's Nest module (whose providers
 * register consumers and schedules in `onModuleInit`), then the consumers. SIGTERM → ordered graceful stop.
 */
export async function runNestService<E extends EnvSchema = Record<never, never>>(
  options: ServiceRuntimeOptions<E>,
  appModule: (runtime: ServiceRuntime<CommonConfig & ConfigOf<E>>) => DynamicModule,
): Promise<INestApplicationContext> {
  const runtime = await startServiceRuntime(options);
  try {
    const app = await NestFactory.createApplicationContext(
      { module: class ServiceRoot {}, imports: [RuntimeModule.forRuntime(runtime), appModule(runtime)] },
      { logger: new NestJsonLogger(runtime.logger), abortOnError: false },
    );
    // Not enableShutdownHooks: Nest re-raises the signal after shutting down, so the process would die by SIGTERM
    // (exit 143) instead of exiting 0 once consumers left their groups and committed.
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        runtime.logger.info(`${signal}: shutting down`);
        void app.close().then(
          () => process.exit(0),
          (error) => {
            runtime.logger.error('shutdown failed', { err: error });
            process.exit(1);
          },
        );
      });
    }
    await runtime.startConsumers();
    return app;
  } catch (error) {
    runtime.logger.error('failed to start', { err: error });
    await runtime.close();
    throw error;
  }
}
