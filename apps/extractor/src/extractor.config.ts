import { env } from '@rp/config';

/** The extractor's own settings (besides the common ones). */
export const extractorEnv = {
  tickMs: env.int('EXTRACTOR_TICK_MS').default(5000),
  schedule: env.oneOf('EXTRACTOR_SCHEDULE', ['on', 'off'] as const).default('on'),
  maxParallelTenants: env.int('EXTRACTOR_MAX_PARALLEL_TENANTS').default(4),
  publishChunk: env.int('EXTRACTOR_PUBLISH_CHUNK').default(500),
};
