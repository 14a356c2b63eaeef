export * from './record.validator';
