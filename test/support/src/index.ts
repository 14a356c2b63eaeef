export * from './test-env';
export * from './prometheus-text';
