export * from './canvas-rest.types';
export * from './canvas-rest.client';
