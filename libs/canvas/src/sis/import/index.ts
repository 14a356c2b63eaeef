export * from './sis-import.types';
export * from './sis-import.options';
export * from './sis-import.client';
