export * from './extractor.store';
export * from './extractor.repository';
export * from './migrations/1764500000000-create-extractor-tables';
export * from './migrations/1765300000000-extractor-delta-capability';
export * from './migrations/1765400000000-republish-remembered-deletes';
export * from './migrations/1765500000000-erased-people';
