export * from './test-env';
export * from './prometheus-text';
export * from './free-port';
export * from './reference-specs';
export * from './parse-csv';
