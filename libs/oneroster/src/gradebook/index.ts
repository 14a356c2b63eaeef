export * from './gradebook.client';
