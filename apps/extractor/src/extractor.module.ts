import { DynamicModule, Module } from '@nestjs/common';
import type { ServiceRuntime } from '@rp/runtime';
import { ExtractorService } from './extractor.service';

@Module({})
export class ExtractorModule {
  static forRuntime(_runtime: ServiceRuntime): DynamicModule {
    return { module: ExtractorModule, providers: [ExtractorService] };
  }
}
