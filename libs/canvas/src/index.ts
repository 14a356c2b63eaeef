export * from './sis/model';
