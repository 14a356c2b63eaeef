export * from './model';
export * from './normalise';
export * from './validation';
export * from './errors';
export * from './client';
export * from './gradebook';
export * from './settings';
