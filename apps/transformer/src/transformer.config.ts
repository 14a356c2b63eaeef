import { env } from '@rp/config';

/** The transformer's own settings (validated at start; a bad value stops it with a message naming the variable). */
export const transformerEnv = {
  /**
   * Records of one tenant handled per call (the consumer's default is 500). A slice pays a transaction, the tenant's
   * lock, one round of reads per prefetch level and a Kafka acknowledgement whatever its size; bench/README.md has
   * the numbers. One tenant's slices run one after the other, so this is also what one tenant holds in memory.
   */
  sliceRecords: env.int('TRANSFORMER_SLICE_RECORDS', { min: 1, max: 20_000 }).default(2_000),
};
