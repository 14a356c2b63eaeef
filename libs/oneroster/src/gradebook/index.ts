export * from './gradebook.client';
export * from './gradebook-write.check';
