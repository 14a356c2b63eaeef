import { DynamicModule, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HealthServer, HealthServerOptions } from './health-server';

export const HEALTH_OPTIONS = Symbol('HEALTH_OPTIONS');

/** Owns the health server's lifetime inside a Nest application; inject it to add readiness checks. */
@Injectable()
export class HealthService extends HealthServer implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(HEALTH_OPTIONS) options: HealthServerOptions) {
    super(options);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.markShuttingDown();
    await this.stop();
  }
}

/** `HealthModule.forRoot({ host, port, metrics })` serves /healthz, /readyz and /metrics for the app. */
@Module({})
export class HealthModule {
  static forRoot(options: HealthServerOptions): DynamicModule {
    return {
      module: HealthModule,
      global: true,
      providers: [{ provide: HEALTH_OPTIONS, useValue: options }, HealthService],
      exports: [HealthService],
    };
  }
}
