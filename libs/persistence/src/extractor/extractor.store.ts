import type { ServiceStore } from '../data-source.factory';
import { CreateExtractorTables1764500000000 } from './migrations/1764500000000-create-extractor-tables';
import { ExtractorDeltaCapability1765300000000 } from './migrations/1765300000000-extractor-delta-capability';

/** The extractor's tables (plain SQL through ExtractorRepository; no entity classes needed). */
export const extractorStore: ServiceStore = {
  schema: 'extractor',
  entities: [],
  migrations: [CreateExtractorTables1764500000000, ExtractorDeltaCapability1765300000000],
};
