import type { ServiceStore } from '../data-source.factory';
import { CreateExtractorTables1764500000000 } from './migrations/1764500000000-create-extractor-tables';

/** The extractor's tables (plain SQL through ExtractorRepository; no entity classes needed). */
export const extractorStore: ServiceStore = {
  schema: 'extractor',
  entities: [],
  migrations: [CreateExtractorTables1764500000000],
};
