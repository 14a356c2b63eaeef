export * from './ports';
export * from './sis-id';
export * from './link-header';
export * from './rate-limit.governor';
export * from './canvas-error.classifier';
export * from './canvas-http.client';
export * from './canvas-base-url';
