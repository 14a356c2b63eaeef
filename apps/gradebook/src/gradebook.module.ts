import { DynamicModule, Module } from '@nestjs/common';
import type { ServiceRuntime } from '@rp/runtime';
import type { GradebookConfig } from './gradebook.config';
import { startGradebookRole } from './gradebook.service';

/** The gradebook app: one role (processor or writer) wired onto the runtime before its consumers start. */
@Module({})
export class GradebookModule {
  static forRuntime(runtime: ServiceRuntime<GradebookConfig>): DynamicModule {
    return {
      module: GradebookModule,
      providers: [{ provide: 'GRADEBOOK_ROLE', useFactory: () => startGradebookRole(runtime) }],
    };
  }
}
