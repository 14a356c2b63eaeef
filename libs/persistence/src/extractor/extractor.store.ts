import type { ServiceStore } from '../data-source.factory';
import { CreateExtractorTables1764500000000 } from './migrations/1764500000000-create-extractor-tables';
import { ExtractorDeltaCapability1765300000000 } from './migrations/1765300000000-extractor-delta-capability';
import { RepublishRememberedDeletes1765400000000 } from './migrations/1765400000000-republish-remembered-deletes';
import { ErasedPeople1765500000000 } from './migrations/1765500000000-erased-people';

/** The extractor's tables (plain SQL through ExtractorRepository; no entity classes needed). */
export const extractorStore: ServiceStore = {
  schema: 'extractor',
  entities: [],
  migrations: [CreateExtractorTables1764500000000, ExtractorDeltaCapability1765300000000, RepublishRememberedDeletes1765400000000, ErasedPeople1765500000000],
};
