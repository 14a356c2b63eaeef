export * from './extractor.store';
export * from './extractor.repository';
export * from './migrations/1764500000000-create-extractor-tables';
